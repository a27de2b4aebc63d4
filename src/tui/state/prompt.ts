/** The one-line prompts (`:` commands, `/` filters, questions such as "advance by"), as pure state. */

export type PromptKind = "command" | "filter" | "advance" | "container" | "scale" | "image";

export interface PromptState {
  kind: PromptKind;
  /** Shown before the text: `:`, `/`, `advance by `. */
  label: string;
  text: string;
  /** Where in the prompt's history `up`/`down` are; undefined: editing a new entry. */
  historyAt?: number;
  /** The pane filter before a live `/` preview, restored on cancel. */
  before?: string;
  /** The object a question is about (scale, set image). */
  target?: { resource: string; namespace: string; name: string };
}

export function openPrompt(kind: PromptKind, label: string, text = "", before?: string, target?: PromptState["target"]): PromptState {
  return { kind, label, text, ...(before !== undefined ? { before } : {}), ...(target ? { target } : {}) };
}

export function typeText(p: PromptState, text: string): PromptState {
  // Pasted newlines or tabs would end up in the command: keep the line one line.
  const clean = text.replace(/[\r\n\t]/g, " ");
  return { ...p, text: p.text + clean, historyAt: undefined };
}

export function backspace(p: PromptState): PromptState {
  return { ...p, text: p.text.slice(0, -1), historyAt: undefined };
}

/** Steps through earlier entries of this prompt kind (newest first). */
export function historyStep(p: PromptState, entries: readonly string[], direction: -1 | 1): PromptState {
  if (entries.length === 0) return p;
  const at = p.historyAt === undefined ? entries.length : p.historyAt;
  const next = Math.min(Math.max(0, at + direction), entries.length);
  if (next === entries.length) return { ...p, text: "", historyAt: undefined };
  return { ...p, text: entries[next]!, historyAt: next };
}

/**
 * What `tab` would add: the rest of the shortest candidate that starts with the last
 * word typed (ties broken alphabetically). Empty when nothing or everything matches.
 */
export function suggestion(text: string, candidates: readonly string[]): string {
  const lastSpace = text.lastIndexOf(" ");
  const word = text.slice(lastSpace + 1).toLowerCase();
  if (word === "") return "";
  let best: string | undefined;
  for (const c of candidates) {
    if (!c.toLowerCase().startsWith(word) || c.length === word.length) continue;
    if (best === undefined || c.length < best.length || (c.length === best.length && c < best)) best = c;
  }
  return best === undefined ? "" : best.slice(word.length);
}
