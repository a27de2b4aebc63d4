/**
 * The `/` filter of a pane, as k9s reads it: plain text matches rows containing it
 * (case-insensitive), `!text` rows that do not, `-l SELECTOR` by label selector.
 */
export type Filter =
  | { type: "none" }
  | { type: "text"; text: string; inverse: boolean }
  | { type: "label"; selector: string };

export const NO_FILTER: Filter = { type: "none" };

/** Reads what the user typed after `/`. */
export function parseFilter(raw: string): Filter {
  const text = raw.trim();
  if (text === "" || text === "!") return NO_FILTER;
  const label = /^-l(?:\s+|=)?(.*)$/.exec(text);
  if (label) {
    const selector = label[1]!.trim();
    return selector ? { type: "label", selector } : NO_FILTER;
  }
  if (text.startsWith("!")) return { type: "text", text: text.slice(1).toLowerCase(), inverse: true };
  return { type: "text", text: text.toLowerCase(), inverse: false };
}

/** True when `haystack` (already lower-case) passes a text filter. */
export function textMatches(filter: Filter, haystack: string): boolean {
  if (filter.type !== "text") return true;
  return haystack.includes(filter.text) !== filter.inverse;
}

/** How a filter reads in a pane title. */
export function describeFilter(filter: Filter): string {
  switch (filter.type) {
    case "none":
      return "";
    case "label":
      return `-l ${filter.selector}`;
    case "text":
      return filter.inverse ? `!${filter.text}` : filter.text;
  }
}
