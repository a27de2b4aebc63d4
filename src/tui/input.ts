/**
 * Key presses in: which view has the keyboard (a prompt, a dialog, an overlay, or the
 * focused pane), the command its table binds the key to, and text for prompts.
 */
import type { Console } from "./console.js";
import { runCommand } from "./controller.js";
import { dialogAnswer, dialogChange, dialogField } from "./dialogs.js";
import { errorMessage } from "./data/actions.js";
import { Command } from "./keys/commands.js";
import { keyName, resolveKey, type KeyFlags } from "./keys/match.js";
import type { ViewId } from "./keys/tables.js";
import { promptBackspace, promptCancel, promptComplete, promptHistory, promptSubmit, promptType } from "./prompts.js";
import { clearStatus } from "./state/ui.js";

/** The view whose key table applies now. */
export function activeView(c: Console): ViewId {
  if (c.ui.prompt) return "prompt";
  if (c.ui.dialog) return "dialog";
  const o = c.ui.overlay;
  if (o) return o.type;
  return c.ui.focus;
}

/**
 * Handles what Ink read from the terminal: one key, or a run of characters typed fast
 * or pasted. A command that fails shows its message in the status line; it never
 * takes the console down.
 */
export function handleInput(c: Console, input: string, key: KeyFlags): void {
  c.lastInput = c.wall();
  try {
    dispatch(c, input, key);
  } catch (e) {
    c.error(errorMessage(e));
  }
}

function dispatch(c: Console, input: string, key: KeyFlags): void {
  // The console binds no alt keys: ESC read together with the next key (a fast typist,
  // tmux send-keys) is the two keys it was.
  if (key.meta && !key.escape) {
    handleKey(c, "esc");
    return dispatch(c, input, { ...key, meta: false });
  }
  const name = keyName(input, key);
  if (name !== undefined) return handleKey(c, name);
  // Keys typed faster than a frame arrive together (`jj\r`): take them one by one.
  for (const ch of input) {
    const name = charKeyName(ch);
    if (name !== undefined) handleKey(c, name);
  }
}

/** The key name of one character of a run: printable, or the control characters terminals send for keys. */
export function charKeyName(ch: string): string | undefined {
  const code = ch.charCodeAt(0);
  if (ch === "\r" || ch === "\n") return "enter";
  if (ch === "\t") return "tab";
  if (ch === "\u007F" || ch === "\b") return "backspace";
  if (ch === "\u001B") return "esc";
  if (ch === " ") return "space";
  if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
  if (code < 32) return undefined;
  return ch;
}

/** Handles one key by its canonical name. */
export function handleKey(c: Console, name: string): void {
  const view = activeView(c);
  if (c.ui.status && view !== "prompt") c.update(clearStatus);
  const resolved = resolveKey(view, name, c.bindingContext());
  if (view === "prompt") {
    switch (resolved?.command) {
      case Command.Submit:
        return promptSubmit(c);
      case Command.Cancel:
        return promptCancel(c);
      case Command.Complete:
        return promptComplete(c);
      case Command.PromptHistoryBack:
        return promptHistory(c, -1);
      case Command.PromptHistoryForward:
        return promptHistory(c, 1);
      case Command.Quit:
        return c.opts.quit();
    }
    if (name === "backspace") return promptBackspace(c);
    if (name === "space") return promptType(c, " ");
    if (name.length === 1) return promptType(c, name);
    return;
  }
  if (view === "dialog") {
    switch (resolved?.command) {
      case Command.Yes:
        return dialogAnswer(c, true);
      case Command.No:
        return dialogAnswer(c, false);
      case Command.NextField:
        return dialogField(c, 1);
      case Command.PreviousField:
        return dialogField(c, -1);
      case Command.ChangeField:
        return dialogChange(c, name === "left" ? -1 : 1);
      case Command.Quit:
        return c.opts.quit();
    }
    return;
  }
  if (resolved) runCommand(c, resolved.command, resolved.key);
}
