/** The `?` screen: every key table and the `:` commands, generated from the same data as the footer and the README. */
import { COLON_COMMANDS, KIND_COMMAND_HELP } from "../keys/colon-commands.js";
import { displayKey } from "../keys/match.js";
import { KEY_TABLES, type BindingContext, type ViewId } from "../keys/tables.js";
import { fitLine, type Line } from "./segments.js";

const KEY_WIDTH = 20;

/** Words of `text` in lines of at most `width` cells. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** One entry: keys in a column, the description wrapped beside them (nothing is cut at 80 columns). */
function entry(keys: string, description: string, when: string | undefined, off: boolean, width: number): Line[] {
  const room = Math.max(10, width - KEY_WIDTH - 2);
  const text = when ? `${description} (${when})` : description;
  const keyCell = `  ${keys}`;
  const out: Line[] = [];
  // Keys longer than their column get a line of their own.
  const first = keyCell.length > KEY_WIDTH ? [[{ text: keyCell, tone: off ? ("dim" as const) : ("info" as const), bold: !off }]] : [];
  out.push(...first);
  wrapWords(text, room).forEach((part, i) => {
    const lead = i === 0 && first.length === 0 ? keyCell.padEnd(KEY_WIDTH) : "".padEnd(KEY_WIDTH);
    out.push([{ text: lead, tone: off ? "dim" : "info", bold: !off }, { text: part, ...(off ? { tone: "dim" as const } : {}) }]);
  });
  return out;
}

/** Every binding, table by table, as lines of `width` cells. Bindings whose condition fails now are dimmed. */
export function helpLines(width: number, ctx?: BindingContext): Line[] {
  const out: Line[] = [];
  for (const table of KEY_TABLES) {
    out.push([{ text: table.title, tone: "accent", bold: true }]);
    for (const b of table.bindings) {
      const off = ctx !== undefined && b.applies !== undefined && !b.applies(ctx);
      out.push(...entry(b.keys.map(displayKey).join(" "), b.description, b.when, off, width));
    }
    out.push([]);
  }
  out.push([{ text: "Commands after :", tone: "accent", bold: true }]);
  out.push(...entry(`:${KIND_COMMAND_HELP}`, "any kind the cluster serves, in the Workloads pane (:po, :cm, :ns…)", undefined, false, width));
  for (const c of COLON_COMMANDS) {
    out.push(...entry(c.names.map((n) => `:${n}`).join(" ") + (c.args ? ` ${c.args}` : ""), c.description, undefined, false, width));
  }
  return out.map((l) => fitLine(l, width));
}

/** The views whose tables the help screen lists first: the one that had the keyboard. */
export function helpTitle(view: ViewId): string {
  return `Help — keys of every view (you were in ${KEY_TABLES.find((t) => t.view === view)?.title ?? view})`;
}
