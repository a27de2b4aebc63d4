import { formatFieldError, isApiError } from "../../core/api/errors.js";
import type { KubeObject } from "../../core/api/object.js";
import type { Cluster } from "../cluster.js";
import type { DeclaredObject, FileIssue } from "./folder.js";
import { refName } from "./object-ref.js";

/** Whether the live object matches its manifest (the fields the manifest sets). */
export type SyncState = "synced" | "out-of-sync";

export interface Sync {
  readonly state: SyncState;
  /** Why it is out of sync: `not found`, `changed in the cluster`, an apply error. */
  readonly reason?: string;
}

/**
 * Compares an object with its manifest the way apply would: a dry-run apply (the same
 * three-way merge through the last-applied annotation, and admission) must leave the
 * live object as it is. Fields the manifest does not set never count, so a label
 * someone added by hand is not drift, and a replica count they changed is.
 */
export function syncOf(cluster: Cluster, declared: DeclaredObject, live: KubeObject | undefined): Sync {
  if (!live) return { state: "out-of-sync", reason: "not found in the cluster" };
  try {
    const r = cluster.apply(declared.manifest, { dryRun: true });
    if (r.object === live || canonicalJson(withoutVolatile(r.object)) === canonicalJson(withoutVolatile(live))) return { state: "synced" };
    return { state: "out-of-sync", reason: "changed in the cluster" };
  } catch (e) {
    return { state: "out-of-sync", reason: e instanceof Error ? e.message : String(e) };
  }
}

/** True when two versions of an object differ only in status and resourceVersion: nothing a manifest manages changed. */
export function sameApartFromStatus(a: KubeObject, b: KubeObject): boolean {
  return canonicalJson(withoutVolatile({ ...a, status: undefined })) === canonicalJson(withoutVolatile({ ...b, status: undefined }));
}

function withoutVolatile(obj: KubeObject): KubeObject {
  const metadata = { ...obj.metadata };
  delete metadata.resourceVersion;
  delete metadata.managedFields;
  return { ...obj, metadata };
}

/** JSON with object keys sorted, so that two equal objects built in different orders compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * A refusal from the cluster as file issues: one per invalid field, at the line that
 * sets it; an unknown field at its own line; anything else at the document's start.
 */
export function issuesFromError(declared: DeclaredObject, file: string, e: unknown): FileIssue[] {
  const object = refName(declared.ref);
  const document = declared.doc.index + 1;
  const at = (field: string | undefined, message: string): FileIssue => {
    const pos = field !== undefined ? declared.doc.locate(field) : { line: declared.doc.line, column: 1 };
    return { file, line: pos.line, column: pos.column, document, object, ...(field !== undefined ? { field } : {}), message };
  };
  if (isApiError(e)) {
    if (e.reason === "Invalid" && e.causes.length > 0) return e.causes.map((c) => at(c.field, formatFieldError(c)));
    const unknown = /unknown field "([^"]+)"/.exec(e.message);
    if (unknown) return [at(unknown[1]!, e.message)];
    return [at(undefined, `Error from server (${e.reason}): ${e.message}`)];
  }
  return [at(undefined, e instanceof Error ? e.message : String(e))];
}
