/** The footer: the focused view's most used keys, or the status line, or the open prompt. */
import { displayKey } from "../keys/match.js";
import { effectiveBindings, type BindingContext, type ViewId } from "../keys/tables.js";
import type { PromptState } from "../state/prompt.js";
import type { Status } from "../state/ui.js";
import { fitLine, type Line, type Segment } from "./segments.js";

/** Key hints: `<key> description` for every footer binding of `view` that applies now. */
export function keyHints(view: ViewId, ctx: BindingContext, width: number): Line {
  const segs: Segment[] = [];
  const seen = new Set<string>();
  for (const b of effectiveBindings(view)) {
    if (!b.footer || seen.has(b.command)) continue;
    if (b.applies && !b.applies(ctx)) continue;
    seen.add(b.command);
    const short = b.description.split(/[:,(]/)[0]!.trim();
    segs.push({ text: ` ${displayKey(b.keys[0]!)} `, tone: "accent", inverse: true, bold: true }, { text: ` ${short}  ` });
  }
  return fitLine(segs, width);
}

export function statusLine(status: Status, width: number): Line {
  return fitLine([{ text: status.tone === "error" ? " ✖ " : " ✔ ", tone: status.tone === "error" ? "error" : "ok", bold: true }, { text: status.text.replace(/\s*\n\s*/g, " "), tone: status.tone === "error" ? "error" : "normal" }], width);
}

export function promptLine(p: PromptState, suggestion: string, width: number): Line {
  return fitLine([{ text: p.label, tone: "accent", bold: true }, { text: p.text }, { text: suggestion, tone: "dim" }, { text: "█", tone: "accent" }], width);
}
