import { Box, Text } from "ink";
import React from "react";
import type { DialogState } from "../state/dialog.js";
import { BORDER } from "./theme.js";

/** A confirmation or options dialog, centred in the body. `y`/`enter` answer yes, `n`/`esc` no. */
export function Dialog({ dialog, width, height }: { dialog: DialogState; width: number; height: number }): React.ReactElement {
  const w = Math.min(76, width - 4);
  const colour = dialog.danger ? BORDER.danger : BORDER.focused;
  return (
    <Box width={width} height={height} alignItems="center" justifyContent="center">
      <Box flexDirection="column" borderStyle="round" borderColor={colour} width={w} paddingX={1}>
        <Text bold color={colour} wrap="truncate">
          {dialog.title}
        </Text>
        {dialog.message.map((m, i) => (
          <Text key={`m${i}`} wrap="wrap">
            {m}
          </Text>
        ))}
        {dialog.fields.length > 0 ? <Text> </Text> : null}
        {dialog.fields.map((f, i) => (
          <Text key={`f${i}`} wrap="truncate">
            <Text color={i === dialog.focus ? "cyan" : undefined}>{i === dialog.focus ? "› " : "  "}</Text>
            <Text>{`${f.label}: `.padEnd(15)}</Text>
            {f.choices.map((c, j) => (
              <Text key={j} inverse={j === f.at} color={j === f.at ? "cyan" : "gray"}>{` ${c} `}</Text>
            ))}
          </Text>
        ))}
        <Text> </Text>
        <Text wrap="truncate">
          <Text color={colour} bold>{" y/enter "}</Text>
          <Text>{` ${dialog.yesLabel}    `}</Text>
          <Text color="gray" bold>{" n/esc "}</Text>
          <Text>{` ${dialog.noLabel}`}</Text>
          {dialog.fields.length > 0 ? <Text color="gray">{"    tab: next option  space/←/→: change"}</Text> : null}
        </Text>
      </Box>
    </Box>
  );
}
