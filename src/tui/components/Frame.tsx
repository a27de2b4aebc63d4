import { Box, Text } from "ink";
import React from "react";
import type { Screen } from "../screen.js";
import { Dialog } from "./Dialog.js";
import { LineText } from "./LineText.js";
import { Pane } from "./Pane.js";

/** One frame: header, body (panes, an overlay or a dialog) and footer, exactly the screen's size. */
export function Frame({ screen, colour }: { screen: Screen; colour: boolean }): React.ReactElement {
  if (screen.notice) {
    return (
      <Box width={screen.width} height={screen.height} alignItems="center" justifyContent="center">
        <Text color="yellow">{screen.notice}</Text>
      </Box>
    );
  }
  const b = screen.body;
  return (
    <Box flexDirection="column" width={screen.width} height={screen.height}>
      {screen.header.map((l, i) => (
        <LineText key={`h${i}`} colour={colour} line={l} />
      ))}
      <Box flexDirection="column" width={screen.width} height={screen.bodyHeight}>
        {b.type === "dialog" ? <Dialog dialog={b.dialog} width={screen.width} height={screen.bodyHeight} /> : null}
        {b.type === "overlay" ? <Pane title={b.title} lines={b.lines} width={screen.width} height={screen.bodyHeight} focused colour={colour} /> : null}
        {b.type === "panes"
          ? b.rows.map((row, i) => (
              <Box key={i} flexDirection="row">
                {row.map((p) => (
                  <Pane key={p.pane} title={p.title} lines={p.lines} width={p.width} height={p.height} focused={p.focused} collapsed={p.collapsed} colour={colour} />
                ))}
              </Box>
            ))
          : null}
      </Box>
      <LineText colour={colour} line={screen.footer} />
    </Box>
  );
}
