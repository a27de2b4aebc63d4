/**
 * The key tables as Markdown, for the README's key list (a test keeps the README's
 * copy equal to this rendering).
 */
import { COLON_COMMANDS, KIND_COMMAND_HELP } from "./colon-commands.js";
import { KEY_TABLES, type Binding } from "./tables.js";

function keysCell(b: Binding): string {
  return b.keys.map((k) => `\`${k === "|" ? "\\|" : k}\``).join(" ");
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** Every key table, then the `:` commands, as Markdown sections. */
export function keyTablesMarkdown(): string {
  const out: string[] = [];
  for (const table of KEY_TABLES) {
    out.push(`#### ${table.title}`, "", "| Keys | Does | When |", "| --- | --- | --- |");
    for (const b of table.bindings) out.push(`| ${keysCell(b)} | ${escape(b.description)} | ${escape(b.when ?? "")} |`);
    out.push("");
  }
  out.push("#### Commands (`:`)", "", "| Command | Does |", "| --- | --- |");
  out.push(`| \`:${KIND_COMMAND_HELP}\` | show any kind the cluster serves in the Workloads pane (\`:po\`, \`:cm\`, \`:ns\`…), filtered by FILTER |`);
  for (const c of COLON_COMMANDS) {
    const names = c.names.map((n) => `\`:${n}${c.args ? ` ${c.args}` : ""}\``).join(" ");
    out.push(`| ${escape(names)} | ${escape(c.description)} |`);
  }
  return out.join("\n") + "\n";
}
