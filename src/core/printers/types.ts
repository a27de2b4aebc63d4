import type { KubeObject } from "../api/object.js";

/**
 * One column of a server-side table, as the API server's TableColumnDefinition:
 * the name in Kubernetes' own spelling (`Nominated Node`); renderers upper-case it.
 */
export interface TableColumn {
  name: string;
  /** 0 always; 1 only with -o wide */
  priority: 0 | 1;
}

/** One printed object: a cell for every column (wide ones included), in column order. */
export interface TableRow {
  cells: string[];
  object: KubeObject;
}

/**
 * What `kubectl get` receives from the API server: columns and rows, before the
 * client adds NAMESPACE, label columns and LABELS.
 */
export interface Table {
  columns: TableColumn[];
  rows: TableRow[];
}

export interface PrintContext {
  /** virtual now, epoch ms (ages are computed from it, never from Date.now) */
  now: number;
}

/** How one kind becomes table rows: one file per kind, registered by kind name. */
export interface KindPrinter {
  columns: readonly TableColumn[];
  /** Cells for every column, wide ones included. Pure: never changes `obj`. */
  row(obj: KubeObject, ctx: PrintContext): string[];
}
