import type { Cluster } from "../cluster.js";
import { applySetRef, parentNameForFolder, type ApplySetRef } from "./apply-set.js";
import { FolderState } from "./folder.js";
import { knownContents, undeclaredMembers } from "./members.js";
import { folderIdentity, RoundRunner, type RoundResult } from "./round.js";
import { buildStatus, type WatchStatus } from "./status.js";
import { syncOf } from "./sync.js";

/** One round over a folder, outside a watch (`kdeck apply -f DIR --prune`, `kdeck watch DIR --status`). */
export interface FolderApplyOptions {
  cluster: Cluster;
  dir: string;
  recursive?: boolean;
  namespace?: string;
  strictNamespace?: boolean;
  prune?: boolean;
  dryRun?: boolean;
  allowEmpty?: boolean;
  pruneNonEmptyNamespaces?: boolean;
  applySetName?: string;
  toolingVersion?: string;
  wall?: () => number;
}

function setup(opts: FolderApplyOptions, dryRun: boolean): { folder: FolderState; runner: RoundRunner; applySet: ApplySetRef; folderId: string } {
  const namespace = opts.namespace ?? "default";
  const applySet = applySetRef(opts.applySetName ?? parentNameForFolder(opts.dir), namespace);
  const folder = new FolderState({
    dir: opts.dir,
    recursive: opts.recursive ?? false,
    namespace,
    strictNamespace: opts.strictNamespace ?? false,
    applySetId: applySet.id,
  });
  const folderId = folderIdentity(opts.dir);
  const runner = new RoundRunner({
    cluster: opts.cluster,
    folder,
    applySet,
    folderId,
    prune: opts.prune ?? true,
    dryRun,
    allowEmpty: opts.allowEmpty ?? false,
    pruneNonEmptyNamespaces: opts.pruneNonEmptyNamespaces ?? false,
    toolingVersion: opts.toolingVersion ?? "0.0.0",
    wall: opts.wall ?? Date.now,
  });
  return { folder, runner, applySet, folderId };
}

/**
 * Applies the whole folder once, exactly as a watch's round does (same ordering,
 * ownership, refusals and prune rules): `kdeck apply -f DIR --prune`.
 */
export async function applyFolder(opts: FolderApplyOptions): Promise<RoundResult> {
  const { runner } = setup(opts, opts.dryRun ?? false);
  const { result } = await runner.run({ number: 1, trigger: "once", changed: "all", reapply: new Set() });
  return result;
}

/**
 * The status a watch of this folder would show, computed without changing anything:
 * each file checked (parse, then a dry-run apply), each declared object compared with
 * the cluster and its health read, members the folder dropped listed as prune-pending.
 */
export async function inspectFolder(opts: FolderApplyOptions): Promise<WatchStatus> {
  const { folder, runner, applySet, folderId } = setup(opts, true);
  const { result } = await runner.run({ number: 1, trigger: "once", changed: "all", reapply: new Set() });
  const declared = new Map(folder.declared().map((o) => [o.key, o]));
  const live = new Map([...declared].map(([key, o]) => [key, opts.cluster.tryGet(o.ref.resource, o.ref.namespace, o.ref.name)]));
  const contents = knownContents(opts.cluster, applySet, folderId, [...declared.values()]);
  const prunePending = result.fatal ? [] : undeclaredMembers(opts.cluster, applySet, contents, new Set(declared.keys()));
  return buildStatus({
    folder,
    applySet,
    phase: "idle",
    rounds: 0,
    lastRound: result,
    live: (key) => live.get(key),
    sync: (key) => {
      const o = declared.get(key);
      return o ? syncOf(opts.cluster, o, live.get(key)) : undefined;
    },
    prunePending,
  });
}
