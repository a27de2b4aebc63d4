import { Box } from "ink";
import React from "react";
import { fitLine, lineWidth, type Line } from "../presenters/segments.js";
import { LineText } from "./LineText.js";
import { BORDER } from "./theme.js";

export interface PaneProps {
  title: Line;
  lines: readonly Line[];
  width: number;
  height: number;
  focused: boolean;
  /** A one-line summary instead of a box. */
  collapsed?: boolean;
  danger?: boolean;
  /** The terminal shows colours. */
  colour: boolean;
}

/** A bordered box with its title in the top border (`╭─ Nodes (4) ───╮`), or one summary line when collapsed. */
export function Pane({ title, lines, width, height, focused, collapsed, danger, colour: colours }: PaneProps): React.ReactElement {
  const colour = danger ? BORDER.danger : focused ? BORDER.focused : BORDER.normal;
  if (collapsed) {
    const head = fitLine([{ text: "─ " }, ...title, { text: " " }], width, false);
    return (
      <Box width={width} height={1}>
        <LineText colour={colours} line={[...head, { text: "─".repeat(Math.max(0, width - lineWidth(head))), tone: "dim" }]} />
      </Box>
    );
  }
  const shown = fitLine(title, Math.max(0, width - 6), false);
  const rest = Math.max(0, width - 5 - lineWidth(shown));
  const edge = focused && !danger ? "info" : danger ? "error" : "dim";
  const top: Line = [{ text: "╭─ ", tone: edge }, ...shown, { text: ` ${"─".repeat(rest)}╮`, tone: edge }];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <LineText colour={colours} line={top} />
      <Box flexDirection="column" borderStyle="round" borderTop={false} borderColor={colour} borderDimColor={false} width={width} height={height - 1}>
        {lines.slice(0, Math.max(0, height - 2)).map((l, i) => (
          <LineText key={i} colour={colours} line={l} />
        ))}
      </Box>
    </Box>
  );
}
