/** The `?` screen: every key table and the `:` commands, generated from the same data as the footer and the README. */
import { COLON_COMMANDS, KIND_COMMAND_HELP } from "../keys/colon-commands.js";
import { displayKey } from "../keys/match.js";
import { KEY_TABLES, type BindingContext, type ViewId } from "../keys/tables.js";
import { fitLine, type Line } from "./segments.js";

/** Every binding, table by table, as lines of `width` cells. Bindings whose condition fails now are dimmed. */
export function helpLines(width: number, ctx?: BindingContext): Line[] {
  const out: Line[] = [];
  const keyWidth = 18;
  for (const table of KEY_TABLES) {
    out.push([{ text: table.title, tone: "accent", bold: true }]);
    for (const b of table.bindings) {
      const off = ctx !== undefined && b.applies !== undefined && !b.applies(ctx);
      const keys = b.keys.map(displayKey).join(" ");
      out.push([
        { text: `  ${keys.padEnd(keyWidth)}`, tone: off ? "dim" : "info", bold: !off },
        { text: b.description, ...(off ? { tone: "dim" as const } : {}) },
        ...(b.when ? [{ text: `  (${b.when})`, tone: "dim" as const }] : []),
      ]);
    }
    out.push([]);
  }
  out.push([{ text: "Commands after :", tone: "accent", bold: true }]);
  out.push([{ text: `  ${`:${KIND_COMMAND_HELP}`.padEnd(keyWidth)}`, tone: "info", bold: true }, { text: "any kind the cluster serves, in the Workloads pane (:po, :cm, :ns…)" }]);
  for (const c of COLON_COMMANDS) {
    const names = c.names.map((n) => `:${n}`).join(" ") + (c.args ? ` ${c.args}` : "");
    out.push([{ text: `  ${names.padEnd(keyWidth)}`, tone: "info", bold: true }, { text: c.description }]);
  }
  return out.map((l) => fitLine(l, width));
}

/** The views whose tables the help screen lists first: the one that had the keyboard. */
export function helpTitle(view: ViewId): string {
  return `Help — keys of every view (you were in ${KEY_TABLES.find((t) => t.view === view)?.title ?? view})`;
}
