import fs from "node:fs";
import { isApiError } from "../../core/api/errors.js";
import { deepFreeze, type KubeObject } from "../../core/api/object.js";
import type { ApplyAction, Cluster } from "../cluster.js";
import { PARENT_KIND, readParent, sameContents, unionContents, type ApplySetContents, type ApplySetRef } from "./apply-set.js";
import { sortForApply } from "./dependency-order.js";
import type { DeclaredObject, FileIssue, FolderState } from "./folder.js";
import { contentsOf, writeParent } from "./members.js";
import { pruneUndeclared } from "./prune.js";
import { refName, type ObjectRef } from "./object-ref.js";
import { issuesFromError } from "./sync.js";

/** What started a round. */
export type RoundTrigger = "initial" | "change" | "drift" | "once";

/** What a round did to one object, in kubectl's words (`kept`: a prune it declined, `failed`: an apply or prune that failed). */
export type ObjectAction = ApplyAction | "pruned" | "kept" | "failed";

export interface ObjectOutcome {
  readonly ref: ObjectRef;
  /** `pod/web`, `deployment.apps/web`. */
  readonly name: string;
  readonly action: ObjectAction;
  /** The file that declares it (display path); none for a pruned object. */
  readonly file?: string;
  /** Why it was kept or failed. */
  readonly message?: string;
}

/**
 * Whether the round pruned: `done` (possibly nothing to prune), `off` (--no-prune),
 * `skipped` (the folder has errors, or some applies failed: an error must never look
 * like a deletion), `refused` (it would have pruned every member; --allow-empty).
 */
export interface PruneReport {
  readonly state: "done" | "off" | "skipped" | "refused";
  readonly reason?: string;
}

/** What one round did, for the CLI's lines and the console's status. Deep-frozen. */
export interface RoundResult {
  /** 1 for the initial round. */
  readonly number: number;
  readonly trigger: RoundTrigger;
  /** Wall-clock start, epoch ms. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly dryRun: boolean;
  /** Files read again (display paths), in order. */
  readonly filesRead: readonly string[];
  /** Files that were gone. */
  readonly filesRemoved: readonly string[];
  /** Applied objects in apply order, then pruned ones. */
  readonly outcomes: readonly ObjectOutcome[];
  readonly counts: Readonly<Record<ObjectAction, number>>;
  /** Problems found in files this round: parse, validation and apply errors. */
  readonly issues: readonly FileIssue[];
  readonly prune: PruneReport;
  /** A problem that stopped the round before it changed anything (the folder is gone, the apply set belongs to someone else). */
  readonly fatal?: string;
  /** Nothing failed and the prune was not held back. */
  readonly ok: boolean;
}

/** What a round asks for. */
export interface RoundRequest {
  readonly number: number;
  readonly trigger: RoundTrigger;
  /** Files (relative to the folder) that changed, or "all" to look at the whole folder again. */
  readonly changed: ReadonlySet<string> | "all";
  /** Keys of declared objects to apply again although their file did not change (drift, earlier failures). */
  readonly reapply: ReadonlySet<string>;
}

/** What a round changed, for the watch's bookkeeping (not shown as such). */
export interface RoundEffects {
  /** Objects as the cluster returned them after apply, by key. */
  readonly applied: ReadonlyMap<string, KubeObject>;
  /** Keys whose apply failed: applied again next round. */
  readonly failed: ReadonlySet<string>;
  readonly pruned: ReadonlySet<string>;
  /** Files still being written: to look at again shortly. */
  readonly retry: readonly string[];
}

export interface RoundSettings {
  readonly cluster: Cluster;
  readonly folder: FolderState;
  readonly applySet: ApplySetRef;
  /** The folder's identity recorded on the parent (its resolved path). */
  readonly folderId: string;
  readonly prune: boolean;
  readonly dryRun: boolean;
  readonly allowEmpty: boolean;
  readonly pruneNonEmptyNamespaces: boolean;
  readonly toolingVersion: string;
  readonly wall: () => number;
}

/** Work between two yields to the event loop, so that the engine keeps ticking and a console keeps drawing during a long round. */
const YIELD_EVERY_MS = 25;

/**
 * Runs rounds over a folder: reads what changed, refuses broken files whole (their
 * objects keep their last good state), validates with a dry run, applies in dependency
 * order, and prunes members the folder no longer declares, but only after a round in
 * which nothing failed. The parent is updated before applying to the union of what it
 * recorded and what is about to be applied (kubectl's superset), and after a prune to
 * what is left, so that an interrupted round never leaks a member.
 */
export class RoundRunner {
  constructor(private readonly s: RoundSettings) {}

  async run(req: RoundRequest): Promise<{ result: RoundResult; effects: RoundEffects }> {
    const { cluster, folder, applySet } = this.s;
    const startedAt = this.s.wall();
    const t0 = performance.now();
    const outcomes: ObjectOutcome[] = [];
    const issues: FileIssue[] = [];
    const applied = new Map<string, KubeObject>();
    const failed = new Set<string>();
    const pruned = new Set<string>();
    const retry: string[] = [];
    const filesRead: string[] = [];
    const filesRemoved: string[] = [];
    let lastYield = performance.now();
    const breathe = async (): Promise<void> => {
      if (performance.now() - lastYield < YIELD_EVERY_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    };
    const finish = (prune: PruneReport, fatal?: string) => {
      const counts = { created: 0, configured: 0, unchanged: 0, pruned: 0, kept: 0, failed: 0 } as Record<ObjectAction, number>;
      for (const o of outcomes) counts[o.action]++;
      const result: RoundResult = {
        number: req.number,
        trigger: req.trigger,
        startedAt,
        durationMs: performance.now() - t0,
        dryRun: this.s.dryRun,
        filesRead,
        filesRemoved,
        outcomes,
        counts,
        issues,
        prune,
        ...(fatal !== undefined ? { fatal } : {}),
        ok: fatal === undefined && issues.length === 0 && counts.failed === 0 && (prune.state === "done" || prune.state === "off"),
      };
      return { result: deepFreeze(result), effects: { applied, failed, pruned, retry } };
    };

    if (!folder.exists()) {
      return finish({ state: "skipped", reason: "the folder is gone" }, `the folder ${folder.opts.dir} is gone (deleted or unmounted): nothing applied, nothing pruned`);
    }

    // 1. Read what changed, and every file that is not settled yet.
    const candidates = new Map<string, { objects: DeclaredObject[]; text: string }>();
    const known = new Set(folder.files());
    let paths: Set<string>;
    if (req.changed === "all") {
      folder.reloadIgnoreFile();
      paths = new Set([...folder.listFiles(), ...known]);
    } else {
      paths = new Set([...req.changed].filter((p) => known.has(p) || folder.wants(p)));
    }
    for (const rel of folder.unsettled()) paths.add(rel);
    for (const rel of [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const read = folder.wants(rel) ? folder.read(rel) : ({ kind: "missing" } as const);
      if (read.kind === "missing") {
        if (known.has(rel)) filesRemoved.push(folder.display(rel));
        folder.remove(rel);
        continue;
      }
      if (read.kind === "unstable") {
        folder.markPending(rel);
        retry.push(rel);
        continue;
      }
      filesRead.push(folder.display(rel));
      if (read.issues.length > 0) {
        folder.reject(rel, read.issues);
        issues.push(...read.issues);
      } else if (folder.unchanged(rel, read.text)) {
        folder.accept(rel, [...folder.accepted(rel)], read.text);
      } else {
        candidates.set(rel, { objects: read.objects, text: read.text });
      }
    }

    // 2. One object, one file: a candidate that declares what another file declares is refused.
    const owner = new Map<string, string>();
    for (const rel of folder.files()) {
      if (candidates.has(rel)) continue;
      for (const o of folder.accepted(rel)) owner.set(o.key, rel);
    }
    for (const [rel, c] of candidates) {
      const clashes = c.objects.filter((o) => owner.has(o.key) && owner.get(o.key) !== rel);
      if (clashes.length > 0) {
        const found = clashes.map((o) => ({
          file: folder.display(rel),
          ...o.doc.locate("metadata.name"),
          document: o.doc.index + 1,
          object: refName(o.ref),
          message: `${refName(o.ref)} is also declared in ${folder.display(owner.get(o.key)!)}; an object belongs to one file`,
        }));
        folder.reject(rel, found);
        issues.push(...found);
        candidates.delete(rel);
        continue;
      }
      for (const o of c.objects) owner.set(o.key, rel);
    }

    // 3. The apply set's parent must be ours.
    let recorded: ApplySetContents;
    const parentLive = cluster.tryGet(PARENT_KIND.resource, applySet.namespace, applySet.name);
    try {
      recorded = parentLive ? readParent(parentLive, applySet, this.s.folderId) : { groupKinds: new Set(), namespaces: new Set([applySet.namespace]) };
    } catch (e) {
      for (const rel of candidates.keys()) folder.markPending(rel);
      return finish({ state: "skipped", reason: "the apply set belongs to something else" }, e instanceof Error ? e.message : String(e));
    }

    // 4. Validate each changed file whole with a dry run: a file with one bad document changes nothing.
    const declaredNamespaces = new Set(
      [...folder.files().filter((f) => !candidates.has(f)).flatMap((f) => folder.accepted(f)), ...[...candidates.values()].flatMap((c) => c.objects)]
        .filter((o) => o.ref.group === "" && o.ref.kind === "Namespace")
        .map((o) => o.ref.name),
    );
    for (const [rel, c] of candidates) {
      const found: FileIssue[] = [];
      for (const o of sortForApply(c.objects)) {
        found.push(...this.validate(o, rel, declaredNamespaces));
        await breathe();
      }
      if (found.length > 0) {
        folder.reject(rel, found);
        issues.push(...found);
        candidates.delete(rel);
      }
    }

    // 5. Apply: the changed files' objects and those asked for again, in dependency order.
    const declared = [...folder.files().filter((f) => !candidates.has(f)).flatMap((f) => folder.accepted(f)), ...[...candidates.values()].flatMap((c) => c.objects)];
    const declaredKeys = new Set(declared.map((o) => o.key));
    const toApply: DeclaredObject[] = [...candidates.values()].flatMap((c) => c.objects);
    const queued = new Set(toApply.map((o) => o.key));
    for (const o of declared) if (req.reapply.has(o.key) && !queued.has(o.key)) toApply.push(o);
    const ordered = sortForApply(toApply);
    const wanted = contentsOf(declared, applySet.namespace);

    const fileIssues = new Map<string, FileIssue[]>();
    const applyOne = (o: DeclaredObject): void => {
      try {
        const r = cluster.apply(o.manifest, { dryRun: this.s.dryRun });
        outcomes.push({ ref: o.ref, name: refName(o.ref), action: r.action, file: folder.display(o.file) });
        if (!this.s.dryRun) applied.set(o.key, r.object);
      } catch (e) {
        const found = issuesFromError(o, folder.display(o.file), e);
        outcomes.push({ ref: o.ref, name: refName(o.ref), action: "failed", file: folder.display(o.file), message: found[0]?.message ?? "apply failed" });
        fileIssues.set(o.file, [...(fileIssues.get(o.file) ?? []), ...found]);
        issues.push(...found);
        failed.add(o.key);
      }
    };

    if (!this.s.dryRun) {
      // The parent lives in a namespace the folder may itself create.
      if (!cluster.tryGet("namespaces", "", applySet.namespace)) {
        const ns = ordered.find((o) => o.ref.kind === "Namespace" && o.ref.group === "" && o.ref.name === applySet.namespace);
        if (!ns) {
          for (const rel of candidates.keys()) folder.markPending(rel);
          return finish(
            { state: "skipped", reason: "the apply set has no parent" },
            `namespaces "${applySet.namespace}" not found: the apply set's parent (secret ${applySet.name}) lives there; create it, or watch with -n NAMESPACE`,
          );
        }
        ordered.splice(ordered.indexOf(ns), 1);
        applyOne(ns);
      }
      const superset = unionContents(recorded, wanted);
      if (!parentLive || !sameContents(superset, recorded) || parentLive.metadata.annotations?.["kdeck.dev/watch-folder"] === undefined) {
        writeParent(cluster, applySet, superset, this.s.folderId, this.s.toolingVersion);
      }
      recorded = superset;
    }

    for (const o of ordered) {
      applyOne(o);
      await breathe();
    }
    for (const [rel, c] of candidates) {
      const found = fileIssues.get(rel);
      if (found) folder.failed(rel, c.objects, c.text, found);
      else folder.accept(rel, c.objects, c.text);
    }
    for (const [rel, found] of fileIssues) {
      if (!candidates.has(rel)) folder.failed(rel, [...folder.accepted(rel)], "", found);
    }

    // 6. Prune, when nothing failed.
    const prune = await pruneUndeclared(this.s, { recorded, declared, declaredKeys, wanted }, { outcomes, issues, pruned }, breathe);
    return finish(prune);
  }

  /** A dry-run apply; a namespace the folder is about to create does not count as missing. */
  private validate(o: DeclaredObject, rel: string, declaredNamespaces: ReadonlySet<string>): FileIssue[] {
    try {
      this.s.cluster.apply(o.manifest, { dryRun: true });
      return [];
    } catch (e) {
      if (isApiError(e, "NotFound")) {
        const missing = /^namespaces "([^"]+)" not found$/.exec(e.message);
        if (missing && declaredNamespaces.has(missing[1]!)) return [];
      }
      return issuesFromError(o, this.s.folder.display(rel), e);
    }
  }
}

/** The folder's identity on the parent: its real path, so that two spellings of one folder agree. */
export function folderIdentity(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
