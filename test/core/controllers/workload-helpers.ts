/** Helpers for the workload scenario tests: `kubectl get`-style tables and event lists from a test cluster. */
import type { Event } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { kindForResource } from "../../../src/core/api/registry.js";
import { printTable } from "../../../src/core/printers/table.js";
import { renderTable } from "../../../src/client/output/table.js";
import type { TestCluster } from "../../helpers/cluster.js";

/** What `kdeck get <resource>` prints for the default namespace. */
export function table(c: TestCluster, resource: string, opts: { wide?: boolean; namespace?: string } = {}): string {
  const kind = kindForResource(resource)!;
  const objects = c.api.list(resource, kind.namespaced ? { namespace: opts.namespace ?? "default" } : {});
  return renderTable(printTable(kind.kind, objects, { now: c.clock.now() }), { wide: opts.wide ?? false, withNamespace: false, showLabels: false });
}

/** `Reason: message` of the events about objects of `kind`, oldest first (by creation, then name). */
export function eventLines(c: TestCluster, kind: string, name?: string): string[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.kind === kind && (name === undefined || e.involvedObject.name === name))
    .sort((a, b) => (a.firstTimestamp ?? "").localeCompare(b.firstTimestamp ?? "") || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""))
    .map((e) => `${e.type} ${e.reason}: ${e.message}`);
}

/** Seconds of virtual time since the test epoch, for messages. */
export function names(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => o.metadata.name ?? "");
}

/** Pods of the default namespace whose labels include `labels`. */
export function podsWith(c: TestCluster, labels: Record<string, string>): KubeObject[] {
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return c.api.list("pods", { namespace: "default", labelSelector: selector });
}
