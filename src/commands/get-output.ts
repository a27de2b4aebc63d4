import type { KubeObject } from "../client/cluster.js";
import { executeJsonPath } from "../client/output/jsonpath.js";
import { sortByJsonPath } from "../client/output/sort-by.js";
import { formatJson, printable } from "../client/output/json.js";
import { formatName } from "../client/output/name.js";
import { renderTable } from "../client/output/table.js";
import { formatYaml } from "../client/output/yaml.js";
import { printTable } from "../client/printing.js";
import type { OutputFormat } from "./output-format.js";
import { kindString, type ResourceRequest } from "./resource-args.js";
import type { TableLayout } from "./watch-table.js";

/** The objects found for one request. */
export interface Found {
  request: ResourceRequest;
  objects: KubeObject[];
}

/** How `formatObjects` prints. */
export interface PrintOptions {
  /** Virtual now, for ages. */
  now: number;
  /** One named object: json and yaml print it bare rather than in a List. */
  single: boolean;
  layout: TableLayout;
  /** Several kinds were asked for: names read `pod/nginx`, as kubectl prints them. */
  withKind: boolean;
}

/** `--sort-by`, or the store's order. */
export function sortObjects(objects: KubeObject[], sortBy: string | undefined): KubeObject[] {
  return sortBy ? sortByJsonPath(objects, sortBy) : objects;
}

/** Everything `get` found, in the format `-o` asked for. */
export function formatObjects(found: readonly Found[], format: OutputFormat, opts: PrintOptions): string {
  const all = found.flatMap((f) => f.objects);
  switch (format.type) {
    case "json":
      return formatJson(all, opts.single);
    case "yaml":
      return formatYaml(all, opts.single);
    case "name":
      return found.map((f) => formatName(f.objects, () => kindString(f.request.kind))).join("");
    case "jsonpath":
      return executeJsonPath(format.template, printable(all, opts.single));
    case "table": {
      const tables: string[] = [];
      for (const f of found) {
        if (f.objects.length === 0) continue;
        const table = printTable(f.request.kind.kind, f.objects, { now: opts.now });
        if (opts.withKind) {
          const nameColumn = table.columns.findIndex((c) => c.name === "Name");
          const prefix = kindString(f.request.kind);
          if (nameColumn >= 0) {
            table.rows = table.rows.map((r) => ({ ...r, cells: r.cells.map((c, i) => (i === nameColumn ? `${prefix}/${c}` : c)) }));
          }
        }
        tables.push(
          renderTable(table, {
            wide: opts.layout.wide,
            withNamespace: opts.layout.withNamespace && f.request.kind.namespaced,
            showLabels: opts.layout.showLabels,
            noHeaders: opts.layout.noHeaders,
            labelColumns: opts.layout.labelColumns,
          }),
        );
      }
      return tables.join("\n");
    }
  }
}
