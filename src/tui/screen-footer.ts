/** The footer line for the current state: the prompt, else a status message, else the active view's keys. */
import type { Console } from "./console.js";
import { activeView } from "./input.js";
import { keyHints, promptLine, statusLine } from "./presenters/footer.js";
import { promptSuggestion } from "./prompts.js";
import type { Line } from "./presenters/segments.js";

export function footerFor(c: Console, width: number): Line {
  if (c.ui.prompt) return promptLine(c.ui.prompt, promptSuggestion(c, c.ui.prompt), width);
  if (c.ui.status) return statusLine(c.ui.status, width);
  return keyHints(activeView(c), c.bindingContext(), width);
}
