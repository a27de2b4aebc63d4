import type { FsOp } from "../shell/index.js";

/** Filesystem changes an exec made in one container instance, at a virtual time. */
export interface JournalEntry {
  at: number;
  container: string;
  instance: number;
  ops: FsOp[];
}

/**
 * What `kubectl exec` changed in containers, kept in the store so that a container
 * rebuilt by replay (after a restart of kdeck, or in another kdeck process) has the
 * same files: the replay applies each entry at its time. Entries of an instance that
 * has since restarted still apply to the pod's volumes (an emptyDir outlives it).
 */
export interface ExecJournal {
  read(podUid: string): JournalEntry[];
  append(podUid: string, entry: JournalEntry): void;
  forget(podUid: string): void;
  /** Changes whenever any process appends: the engine's leader compares it to pick up others' execs. */
  version(): string;
}

/** The subset of the store the journal uses. */
export interface MetaStore {
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

const PREFIX = "kubelet.exec/";
const VERSION = "kubelet.exec.version";

/** The journal in the store's metadata table, one key per pod. */
export class MetaExecJournal implements ExecJournal {
  constructor(private readonly meta: MetaStore) {}

  read(podUid: string): JournalEntry[] {
    const raw = this.meta.getMeta(PREFIX + podUid);
    return raw ? (JSON.parse(raw) as JournalEntry[]) : [];
  }

  append(podUid: string, entry: JournalEntry): void {
    if (entry.ops.length === 0) return;
    const entries = this.read(podUid);
    entries.push(entry);
    this.meta.setMeta(PREFIX + podUid, JSON.stringify(entries));
    this.meta.setMeta(VERSION, `${podUid}:${entries.length}:${entry.at}`);
  }

  forget(podUid: string): void {
    if (this.meta.getMeta(PREFIX + podUid)) this.meta.setMeta(PREFIX + podUid, "");
  }

  version(): string {
    return this.meta.getMeta(VERSION) ?? "";
  }
}
