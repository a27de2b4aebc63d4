/**
 * The client side of `kubectl get`: a server-side table decorated with NAMESPACE,
 * label columns and LABELS, laid out by kubectl's tabwriter.
 */
import type { KubeObject } from "../../core/api/object.js";
import type { Table } from "../../core/printers/types.js";
import { GET_TABWRITER, TabWriter } from "./tabwriter.js";

export interface RenderOptions {
  /** -o wide: include priority-1 columns. */
  wide: boolean;
  /** -A / --all-namespaces: a NAMESPACE column first. */
  withNamespace: boolean;
  /** --show-labels: a LABELS column last. */
  showLabels: boolean;
  /** --no-headers */
  noHeaders?: boolean;
  /** -L key1,key2: one column per label key, headed by the key's last path segment. */
  labelColumns?: string[];
}

/** `app=x,tier=y` with keys sorted, or `<none>`: apimachinery's labels.FormatLabels. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/** `-L app.kubernetes.io/name` is headed `NAME`. */
function labelHeader(key: string): string {
  const parts = key.split("/");
  return parts[parts.length - 1]!.toUpperCase();
}

/**
 * A cell never breaks a line: kubectl cuts it at the first line break and adds `...`,
 * and shows ESC as `^[` so object text cannot drive the terminal.
 */
function cellText(value: string): string {
  const i = value.search(/[\f\n\r]/);
  const text = i < 0 ? value : `${value.slice(0, i)}...`;
  return text.replaceAll("\u001b", "^[");
}

function labelsOf(o: KubeObject): Record<string, string> {
  return o.metadata.labels ?? {};
}

/**
 * Lays a table out as `kubectl get` prints it: upper-case headers, columns padded to
 * their widest cell plus three spaces, NAMESPACE first with -A, label columns and
 * LABELS last, one newline-terminated line per row. An empty table prints nothing
 * (kubectl reports "No resources found" separately, on stderr).
 */
export function renderTable(table: Table, opts: RenderOptions): string {
  if (table.rows.length === 0) return "";
  const visible = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => opts.wide || c.priority === 0);
  const labelColumns = opts.labelColumns ?? [];
  const tw = new TabWriter(GET_TABWRITER);

  if (!opts.noHeaders) {
    const headers: string[] = [];
    if (opts.withNamespace) headers.push("NAMESPACE");
    for (const { c } of visible) headers.push(c.name.toUpperCase());
    for (const key of labelColumns) headers.push(labelHeader(key));
    if (opts.showLabels) headers.push("LABELS");
    tw.write(`${headers.join("\t")}\n`);
  }

  for (const row of table.rows) {
    const cells: string[] = [];
    if (opts.withNamespace) cells.push(row.object.metadata.namespace ?? "");
    for (const { i } of visible) cells.push(cellText(row.cells[i] ?? ""));
    const labels = labelsOf(row.object);
    for (const key of labelColumns) cells.push(labels[key] ?? "");
    if (opts.showLabels) cells.push(formatLabels(labels));
    tw.write(`${cells.join("\t")}\n`);
  }
  return tw.toString();
}
