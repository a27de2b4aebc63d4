/** `kubectl get controllerrevisions`: NAME CONTROLLER REVISION AGE. */
import { splitApiVersion } from "../api/registry.js";
import type { KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Controller", priority: 0 },
  { name: "Revision", priority: 0 },
  { name: "Age", priority: 0 },
];

function controllerRevisionRow(obj: KubeObject, ctx: PrintContext): string[] {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  let controller = "<none>";
  if (ref) {
    const { group } = splitApiVersion(ref.apiVersion);
    controller = `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
  }
  const revision = typeof obj.revision === "number" ? obj.revision : 0;
  return [obj.metadata.name ?? "", controller, String(revision), timestampSince(obj.metadata.creationTimestamp, ctx.now)];
}

/** ControllerRevisions in `kubectl get` tables. */
export const controllerRevisionPrinter: KindPrinter = { columns: COLUMNS, row: controllerRevisionRow };
