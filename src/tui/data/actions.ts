/**
 * The console's writes, through the Cluster interface: each returns the line the
 * status bar shows, and failures come back as the engine's message, never a stack.
 */
import type { Cluster, KubeObject } from "../../client/cluster.js";
import { isApiError } from "../../client/errors.js";
import { kindForObject, resourceOf } from "../../client/kinds.js";
import { parseManifests } from "../../client/manifests/index.js";

/** The one line a failure shows as: kubectl's `Error from server (Reason): …` for API errors. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.toKubectlString();
  return (e instanceof Error ? e.message : String(e)).replace(/^error: /, "");
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

/** Cordons (or uncordons) every named node, as `kdeck cordon` does. */
export function setSchedulable(cluster: Cluster, nodes: readonly string[], unschedulable: boolean): ActionResult {
  const verb = unschedulable ? "cordoned" : "uncordoned";
  const done: string[] = [];
  const already: string[] = [];
  for (const name of nodes) {
    try {
      const node = cluster.get("nodes", "", name);
      const current = (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
      if (current === unschedulable) {
        already.push(name);
        continue;
      }
      cluster.patch("nodes", "", name, { spec: { unschedulable: unschedulable ? true : null } }, "strategic");
      done.push(name);
    } catch (e) {
      return { ok: false, message: errorMessage(e) };
    }
  }
  const parts: string[] = [];
  if (done.length > 0) parts.push(`${list(done)} ${verb}`);
  if (already.length > 0) parts.push(`${list(already)} already ${verb}`);
  return { ok: true, message: parts.join("; ") };
}

function list(names: readonly string[]): string {
  return names.length <= 3 ? names.map((n) => `node/${n}`).join(", ") : `${names.length} nodes`;
}

export interface DeleteTarget {
  resource: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Deletes each target with the chosen cascade and grace period. */
export function deleteObjects(cluster: Cluster, targets: readonly DeleteTarget[], cascade: string, grace: string): ActionResult {
  const policy = cascade === "foreground" ? "Foreground" : cascade === "orphan" ? "Orphan" : "Background";
  const seconds = /^(\d+)s/.exec(grace);
  const deleted: string[] = [];
  for (const t of targets) {
    try {
      cluster.delete(t.resource, t.namespace, t.name, { propagationPolicy: policy, ...(seconds ? { gracePeriodSeconds: Number(seconds[1]) } : {}) });
      deleted.push(`${t.kind.toLowerCase()}/${t.name}`);
    } catch (e) {
      return { ok: false, message: errorMessage(e) };
    }
  }
  return { ok: true, message: `${deleted.length <= 3 ? deleted.join(", ") : `${deleted.length} objects`} deleted` };
}

/** What an edit came to: applied, unchanged, or refused with the reason (nothing applied). */
export type EditOutcome = { type: "applied"; message: string } | { type: "unchanged" } | { type: "failed"; message: string };

/**
 * Applies an edited YAML buffer to the object it was opened from, as `kubectl edit`
 * does: the same kind, name and namespace, with the resourceVersion it was read at
 * (a change made meanwhile is a Conflict, not overwritten).
 */
export function applyEdit(cluster: Cluster, original: KubeObject, before: string, after: string): EditOutcome {
  const body = stripComments(after);
  if (body.trim() === "" ) return { type: "failed", message: "Edit cancelled, the file is empty" };
  if (body === stripComments(before)) return { type: "unchanged" };
  // The whole buffer: its comments are YAML comments, and line numbers then match the file the user edited.
  const docs = parseManifests({ path: "edit.yaml", text: after });
  const bad = docs.find((d) => d.error);
  if (bad?.error) return { type: "failed", message: `${bad.error.message}` };
  if (docs.length !== 1 || !docs[0]!.object) return { type: "failed", message: "the edited file must hold exactly one object" };
  const edited = docs[0]!.object;
  const same = edited.kind === original.kind && edited.apiVersion === original.apiVersion && edited.metadata.name === original.metadata.name && (edited.metadata.namespace ?? "") === (original.metadata.namespace ?? "");
  if (!same) return { type: "failed", message: "the kind, name and namespace of an object cannot be changed in an edit" };
  try {
    const kind = kindForObject(edited.apiVersion, edited.kind);
    const withVersion = edited.metadata.resourceVersion ? edited : { ...edited, metadata: { ...edited.metadata, resourceVersion: original.metadata.resourceVersion } };
    cluster.update(withVersion, { fieldValidation: "Strict" });
    return { type: "applied", message: `${kind.kind.toLowerCase()}/${edited.metadata.name ?? ""} edited` };
  } catch (e) {
    return { type: "failed", message: errorMessage(e) };
  }
}

/** The resource an object is stored under. */
export function resourceFor(obj: KubeObject): string {
  return resourceOf(kindForObject(obj.apiVersion, obj.kind));
}

/** The buffer without the `#` comment lines the console adds at the top. */
function stripComments(text: string): string {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith("#")) i++;
  return lines.slice(i).join("\n");
}

/** The edit buffer: a comment explaining it (and the last error when re-opened), then the YAML. */
export function editBuffer(yaml: string, error?: string): string {
  const head = [
    "# Edit the object below and save to apply it; close without saving to cancel.",
    "# Lines starting with '#' at the top are ignored.",
    ...(error ? ["#", `# The edit could not be applied: ${error.replace(/\n/g, " ")}`] : []),
    "#",
  ];
  return `${head.join("\n")}\n${yaml}`;
}
