import { deepFreeze, type KubeObject } from "../../core/api/object.js";
import type { ApplySetRef } from "./apply-set.js";
import type { FileIssue, FileState, FolderState } from "./folder.js";
import { healthOf, type HealthState } from "./health.js";
import { refName, type ObjectRef } from "./object-ref.js";
import type { RoundResult } from "./round.js";
import type { Sync, SyncState } from "./sync.js";

/** One manifest file as the watch sees it. */
export interface FileStatus {
  /** The file as the user would type it (`manifests/web.yaml`). */
  readonly path: string;
  /** Relative to the watched folder, `/`-separated. */
  readonly relPath: string;
  /** `ok`: applied as saved; `error`: refused, its objects keep their last good state; `pending`: saved, not applied yet. */
  readonly state: FileState;
  /** Why it is in error, each at its line and column. */
  readonly issues: readonly FileIssue[];
  /** The objects it declares (`pod/web`), as last accepted. */
  readonly objects: readonly string[];
}

/** One object the folder declares. */
export interface ObjectStatus {
  readonly ref: ObjectRef;
  /** `pod/web`, `deployment.apps/web`. */
  readonly name: string;
  /** The file that declares it (display path). */
  readonly file: string;
  /** `synced` when the live object has every field its manifest sets; `out-of-sync` after a hand edit, a failed apply, or a deletion. */
  readonly sync: SyncState;
  readonly syncReason?: string;
  readonly health: HealthState;
  /** The reason from its conditions or containers: `CrashLoopBackOff`, `Unschedulable`, `ContainerCreating`. */
  readonly healthReason?: string;
  readonly healthMessage?: string;
}

/**
 * Where the watch is: `starting` (before the first round), `idle` (applied, waiting
 * for changes), `pending` (changes seen, round not started), `applying`, `stopped`.
 */
export type WatchPhase = "starting" | "idle" | "pending" | "applying" | "stopped";

/** Counts for a header line. */
export interface StatusSummary {
  readonly files: number;
  readonly fileErrors: number;
  readonly pendingFiles: number;
  readonly objects: number;
  readonly synced: number;
  readonly outOfSync: number;
  readonly ready: number;
  readonly progressing: number;
  readonly degraded: number;
}

/** A snapshot of a watch, deep-frozen: what the console's status pane and `kdeck watch --status` show. */
export interface WatchStatus {
  /** The folder as given. */
  readonly dir: string;
  readonly applySet: ApplySetRef;
  readonly phase: WatchPhase;
  /** Rounds run so far. */
  readonly rounds: number;
  readonly lastRound?: RoundResult;
  readonly files: readonly FileStatus[];
  readonly objects: readonly ObjectStatus[];
  /** Members the folder no longer declares, waiting for a round that may prune (`pod/old`). */
  readonly prunePending: readonly string[];
  readonly summary: StatusSummary;
}

export interface StatusInput {
  readonly folder: FolderState;
  readonly applySet: ApplySetRef;
  readonly phase: WatchPhase;
  readonly rounds: number;
  readonly lastRound?: RoundResult;
  readonly live: (key: string) => KubeObject | undefined;
  readonly sync: (key: string) => Sync | undefined;
  readonly prunePending?: readonly string[];
}

/** Builds the snapshot from what the watch knows: pure, apart from reading `live` and `sync`. */
export function buildStatus(input: StatusInput): WatchStatus {
  const { folder } = input;
  const files: FileStatus[] = folder.files().map((rel) => ({
    path: folder.display(rel),
    relPath: rel,
    state: folder.state(rel) ?? "pending",
    issues: [...folder.issues(rel)],
    objects: folder.accepted(rel).map((o) => refName(o.ref)),
  }));
  const objects: ObjectStatus[] = folder.declared().map((o) => {
    const live = input.live(o.key);
    const sync = input.sync(o.key) ?? (live ? { state: "synced" as const } : { state: "out-of-sync" as const, reason: "not applied yet" });
    const health = healthOf(live);
    return {
      ref: o.ref,
      name: refName(o.ref),
      file: folder.display(o.file),
      sync: sync.state,
      ...(sync.reason !== undefined ? { syncReason: sync.reason } : {}),
      health: health.state,
      ...(health.reason !== undefined ? { healthReason: health.reason } : {}),
      ...(health.message !== undefined ? { healthMessage: health.message } : {}),
    };
  });
  const count = (pred: (o: ObjectStatus) => boolean) => objects.filter(pred).length;
  return deepFreeze({
    dir: folder.opts.dir,
    applySet: input.applySet,
    phase: input.phase,
    rounds: input.rounds,
    ...(input.lastRound ? { lastRound: input.lastRound } : {}),
    files,
    objects,
    prunePending: [...(input.prunePending ?? [])],
    summary: {
      files: files.length,
      fileErrors: files.filter((f) => f.state === "error").length,
      pendingFiles: files.filter((f) => f.state === "pending").length,
      objects: objects.length,
      synced: count((o) => o.sync === "synced"),
      outOfSync: count((o) => o.sync === "out-of-sync"),
      ready: count((o) => o.health === "ready"),
      progressing: count((o) => o.health === "progressing"),
      degraded: count((o) => o.health === "degraded"),
    },
  });
}
