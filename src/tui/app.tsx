/**
 * The console's root component: subscribes to the Console, follows the terminal's
 * size, turns key presses into commands, and draws the frame.
 */
import { useInput, useStdout } from "ink";
import React, { useCallback, useEffect, useSyncExternalStore } from "react";
import { Frame } from "./components/Frame.js";
import type { Console } from "./console.js";
import { handleInput } from "./input.js";
import type { Screen } from "./screen.js";

export interface AppProps {
  console: Console;
  /** Fixed size (tests); otherwise the terminal's, followed on resize. */
  size?: { columns: number; rows: number };
  /** Receives a function that draws the whole frame again (after the editor had the terminal). */
  onRedraw?: (redraw: () => void) => void;
  /** Draw in colour; default: when the output is a terminal and NO_COLOR is not set. */
  colour?: boolean;
}

export function App({ console: c, size, onRedraw, colour }: AppProps): React.ReactElement {
  const { stdout, write } = useStdout();
  const colours = colour ?? (stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== "dumb");
  useEffect(() => onRedraw?.(() => write("")), [onRedraw, write]);
  const subscribe = useCallback((listener: () => void) => c.subscribe(listener), [c]);
  useSyncExternalStore(subscribe, () => c.version);

  useEffect(() => {
    if (size) {
      c.setSize(size.columns, size.rows);
      return;
    }
    const apply = (): void => c.setSize(stdout.columns || 80, stdout.rows || 24);
    apply();
    stdout.on("resize", apply);
    return () => void stdout.off("resize", apply);
  }, [c, size, stdout]);

  useInput((input, key) => handleInput(c, input, key));
  return <Frame screen={screenOrError(c)} colour={colours} />;
}

/** The frame, or (should a presenter throw) a frame that says what failed instead of a stack trace. */
function screenOrError(c: Console): Screen {
  try {
    return c.screen();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { width: c.columns, height: Math.max(1, c.rows - 1), notice: `kdeck could not draw this view: ${message} (esc goes back, q quits)`, header: [], body: { type: "panes", rows: [] }, bodyHeight: 0, footer: [] };
  }
}
