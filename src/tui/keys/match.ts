/**
 * From what the terminal sent to a command: Ink's (input, key) pair becomes a
 * canonical key name, and a view's table turns the name into a command.
 */
import type { Key } from "ink";
import type { CommandId } from "./commands.js";
import { effectiveBindings, type Binding, type BindingContext, type ViewId } from "./tables.js";

/** The parts of Ink's Key the console reads. */
export type KeyFlags = Pick<Key, "upArrow" | "downArrow" | "leftArrow" | "rightArrow" | "pageUp" | "pageDown" | "home" | "end" | "return" | "escape" | "ctrl" | "shift" | "tab" | "backspace" | "delete"> & { meta?: boolean };

/**
 * The canonical name of one key press: `j`, `G`, `?`, `space`, `enter`, `esc`, `tab`,
 * `shift-tab`, `up`, `pgdn`, `home`, `backspace`, `ctrl-d`. Undefined for a run of
 * several characters (pasted text), which prompts take as text.
 */
export function keyName(input: string, key: KeyFlags): string | undefined {
  if (key.upArrow) return "up";
  if (key.downArrow) return "down";
  if (key.leftArrow) return "left";
  if (key.rightArrow) return "right";
  if (key.pageUp) return "pgup";
  if (key.pageDown) return "pgdn";
  if (key.home) return "home";
  if (key.end) return "end";
  if (key.return) return "enter";
  if (key.tab) return key.shift ? "shift-tab" : "tab";
  if (key.backspace || key.delete) return "backspace";
  if (key.escape) return "esc";
  if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
  if (input === " ") return "space";
  if (input.length === 1) return input;
  return undefined;
}

/** A command a key resolved to, with the key (the digit of a favourite namespace). */
export interface Resolved {
  command: CommandId;
  key: string;
  binding: Binding;
}

/**
 * The command `name` runs in `view`: the first binding, own before inherited, whose
 * keys include it and whose condition holds.
 */
export function resolveKey(view: ViewId, name: string, ctx: BindingContext): Resolved | undefined {
  for (const b of effectiveBindings(view)) {
    if (!b.keys.includes(name)) continue;
    if (b.applies && !b.applies(ctx)) continue;
    return { command: b.command, key: name, binding: b };
  }
  return undefined;
}

/** The bytes a terminal sends for a canonical key name: what tests and tmux type. */
export function keySequence(name: string): string {
  const named: Record<string, string> = {
    up: "\u001B[A",
    down: "\u001B[B",
    right: "\u001B[C",
    left: "\u001B[D",
    pgup: "\u001B[5~",
    pgdn: "\u001B[6~",
    home: "\u001B[H",
    end: "\u001B[F",
    enter: "\r",
    esc: "\u001B",
    tab: "\t",
    "shift-tab": "\u001B[Z",
    backspace: "\u007F",
    space: " ",
  };
  if (named[name] !== undefined) return named[name]!;
  if (name.startsWith("ctrl-") && name.length === 6) return String.fromCharCode(name.charCodeAt(5) - 96);
  return name;
}

/** How a key name reads in the footer and help: arrows as arrows. */
export function displayKey(name: string): string {
  const shown: Record<string, string> = { up: "↑", down: "↓", left: "←", right: "→" };
  return shown[name] ?? name;
}
