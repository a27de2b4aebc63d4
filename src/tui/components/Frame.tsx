import { Box } from "ink";
import React from "react";
import type { Line } from "../presenters/segments.js";
import { LineText } from "./LineText.js";

/**
 * One frame as an Ink tree: the frame's lines (render/frame.ts), one under the other.
 * Production writes the same lines with the line-diffing writer instead; the tests see
 * them through ink-testing-library.
 */
export function Frame({ lines, colour }: { lines: readonly Line[]; colour: boolean }): React.ReactElement {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <LineText key={i} colour={colour} line={l} />
      ))}
    </Box>
  );
}
