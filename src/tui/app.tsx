/**
 * The console's React side. Ink reads the keyboard and follows the terminal's size for
 * both trees: `ConsoleKeys` (production, which draws with the line-diffing writer, see
 * mount.ts) renders nothing; `App` (tests) also draws the frame's lines as Ink text.
 */
import { useInput, useStdout } from "ink";
import React, { useCallback, useEffect, useSyncExternalStore } from "react";
import { Frame } from "./components/Frame.js";
import type { Console } from "./console.js";
import { handleInput } from "./input.js";
import { wantsColour } from "./render/ansi.js";

export interface AppProps {
  console: Console;
  /** Fixed size (tests); otherwise the terminal's, followed on resize. */
  size?: { columns: number; rows: number };
  /** Draw in colour; default: when the output is a terminal and NO_COLOR is not set. */
  colour?: boolean;
}

/** Key presses to commands, and the terminal's size to the console. */
function useConsoleInput(c: Console, size: { columns: number; rows: number } | undefined): void {
  const { stdout } = useStdout();
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
}

/** The keyboard and the terminal's size, for a console drawn by the line-diffing writer. */
export function ConsoleKeys({ console: c }: { console: Console }): null {
  useConsoleInput(c, undefined);
  return null;
}

/** The console as an Ink tree: keys in, the frame's lines out. */
export function App({ console: c, size, colour }: AppProps): React.ReactElement {
  const { stdout } = useStdout();
  const colours = colour ?? wantsColour(stdout);
  const subscribe = useCallback((listener: () => void) => c.subscribe(listener), [c]);
  useSyncExternalStore(subscribe, () => c.version);
  useConsoleInput(c, size);
  return <Frame lines={c.frame().lines} colour={colours} />;
}
