import { isApiError } from "../../core/api/errors.js";
import { sameContents, unionContents, type ApplySetContents } from "./apply-set.js";
import { sortForPrune } from "./dependency-order.js";
import type { DeclaredObject, FileIssue } from "./folder.js";
import { contentsOf, listMembers, namespaceBlockers, SYSTEM_NAMESPACES, writeParent, type Member } from "./members.js";
import { refName } from "./object-ref.js";
import type { ObjectOutcome, PruneReport, RoundSettings } from "./round.js";

/** What the round knows when it comes to pruning. */
export interface PruneInput {
  /** What the parent records (after the round's superset update). */
  readonly recorded: ApplySetContents;
  readonly declared: readonly DeclaredObject[];
  readonly declaredKeys: ReadonlySet<string>;
  /** The kinds and namespaces of what the folder declares. */
  readonly wanted: ApplySetContents;
}

/** Where pruning reports to: the round's outcomes and issues, and the keys it deleted. */
export interface PruneOutput {
  readonly outcomes: ObjectOutcome[];
  readonly issues: FileIssue[];
  readonly pruned: Set<string>;
}

/**
 * Deletes the members the folder no longer declares, in reverse dependency order,
 * when it is safe: never while a file has errors or an apply of the round failed,
 * never every member at once unless allowed, never a system namespace, a namespace
 * the folder still uses, or (unless allowed) one that holds objects the watch did not
 * apply. Then records on the parent what is left.
 */
export async function pruneUndeclared(s: RoundSettings, input: PruneInput, out: PruneOutput, breathe: () => Promise<void>): Promise<PruneReport> {
  const { cluster, folder, applySet } = s;
  if (!s.prune) return { state: "off", reason: "pruning is off (--no-prune)" };
  const broken = folder.files().filter((f) => folder.state(f) === "error");
  if (broken.length > 0) {
    const files = broken.map((f) => folder.display(f)).join(", ");
    return { state: "skipped", reason: `${plural(broken.length, "file has", "files have")} errors (${files}): nothing is pruned until the folder is whole` };
  }
  const failedApplies = out.outcomes.filter((o) => o.action === "failed").length;
  if (failedApplies > 0) return { state: "skipped", reason: `${plural(failedApplies, "apply", "applies")} failed: nothing is pruned this round` };

  const members = listMembers(cluster, applySet, unionContents(input.recorded, input.wanted));
  const doomed = sortForPrune(members.filter((m) => !input.declaredKeys.has(m.key) && !m.object.metadata.deletionTimestamp));
  if (doomed.length > 0 && input.declared.length === 0 && !s.allowEmpty) {
    return {
      state: "refused",
      reason: `refusing to prune all ${plural(doomed.length, "object", "objects")} of the apply set: the folder declares nothing (emptied, or not mounted?); restore it, or pass --allow-empty`,
    };
  }
  const kept: Member[] = [];
  for (const m of doomed) {
    const blocker = pruneBlocker(s, m, input.declaredKeys);
    if (blocker) {
      kept.push(m);
      out.outcomes.push({ ref: m.ref, name: refName(m.ref), action: "kept", message: blocker });
      continue;
    }
    try {
      cluster.delete(m.ref.resource, m.ref.namespace, m.ref.name, { dryRun: s.dryRun });
      out.outcomes.push({ ref: m.ref, name: refName(m.ref), action: "pruned" });
      out.pruned.add(m.key);
    } catch (e) {
      if (isApiError(e, "NotFound")) {
        out.outcomes.push({ ref: m.ref, name: refName(m.ref), action: "pruned" });
        out.pruned.add(m.key);
        continue;
      }
      kept.push(m);
      const message = e instanceof Error ? e.message : String(e);
      out.outcomes.push({ ref: m.ref, name: refName(m.ref), action: "failed", message: `pruning failed: ${message}` });
      out.issues.push({ file: folder.display("."), line: 1, column: 1, object: refName(m.ref), message: `pruning ${refName(m.ref)}: ${message}` });
    }
    await breathe();
  }
  if (!s.dryRun) {
    // What is left: the declared objects and the members that could not go.
    const latest = unionContents(input.wanted, contentsOf(kept, applySet.namespace));
    if (!sameContents(latest, input.recorded)) writeParent(cluster, applySet, latest, s.folderId, s.toolingVersion);
  }
  return { state: "done" };
}

/** Why a member must stay although the folder dropped it, if it must. */
function pruneBlocker(s: RoundSettings, m: Member, declaredKeys: ReadonlySet<string>): string | undefined {
  if (m.ref.group !== "" || m.ref.kind !== "Namespace") return undefined;
  if (SYSTEM_NAMESPACES.has(m.ref.name)) return `a system namespace is never pruned`;
  const { foreign, declared } = namespaceBlockers(s.cluster, m.ref.name, s.applySet.id, declaredKeys);
  if (declared.length > 0) return `the folder still declares objects in it (${listSome(declared)})`;
  if (foreign.length > 0 && !s.pruneNonEmptyNamespaces) {
    return `it holds ${plural(foreign.length, "object", "objects")} the watch did not apply (${listSome(foreign)}); delete them, or pass --prune-nonempty-namespaces`;
  }
  return undefined;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function listSome(names: readonly string[]): string {
  return names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}
