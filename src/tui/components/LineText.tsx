import { Transform } from "ink";
import React from "react";
import type { Line } from "../presenters/segments.js";
import { plainText, toAnsi } from "../render/ansi.js";

/**
 * One terminal line. Ink measures the children (spaces as wide as the line) and writes
 * what the transform returns: the coloured line. Measuring only blanks keeps Ink's
 * text-size cache to one entry per width, however many log lines stream by.
 */
export function LineText({ line, colour }: { line: Line; colour: boolean }): React.ReactElement {
  const plain = plainText(line);
  const text = toAnsi(line, colour);
  return <Transform transform={() => text}>{" ".repeat(Math.max(1, plain.length))}</Transform>;
}
