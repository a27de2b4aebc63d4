/**
 * `kdeck --watch DIR`: the console follows a manifest folder with the same
 * ManifestWatch `kdeck watch` runs, and its header shows where the watch is.
 */
import type { Cluster } from "../client/cluster.js";
import { formatIssue, ManifestWatch, type WatchStatus } from "../client/watch/index.js";
import type { WatchStatusSource } from "./console.js";

/** The header's words for a watch status: `manifests/ 6 objects, 6 synced`, or the first error. */
export function watchHeadline(s: WatchStatus): { text: string; ok: boolean } {
  const dir = s.dir;
  const issue = s.files.flatMap((f) => f.issues)[0];
  if (issue) return { text: `${dir}: ${formatIssue(issue)}`, ok: false };
  if (s.lastRound?.fatal) return { text: `${dir}: ${s.lastRound.fatal}`, ok: false };
  const sum = s.summary;
  switch (s.phase) {
    case "starting":
      return { text: `${dir} starting…`, ok: true };
    case "pending":
    case "applying":
      return { text: `${dir} applying…`, ok: true };
    case "stopped":
      return { text: `${dir} stopped`, ok: false };
    case "idle": {
      const health = sum.degraded > 0 ? `, ${sum.degraded} degraded` : sum.progressing > 0 ? `, ${sum.progressing} progressing` : "";
      const sync = sum.outOfSync > 0 ? `, ${sum.outOfSync} out of sync` : "";
      return { text: `${dir} ${sum.objects} objects, ${sum.synced} synced${sync}${health}`, ok: sum.degraded === 0 };
    }
  }
}

/** A running folder watch, as the console's header sees it. */
export class ConsoleWatch implements WatchStatusSource {
  private readonly watch: ManifestWatch;
  private failure: string | undefined;

  constructor(cluster: Cluster, dir: string, namespace: string) {
    this.watch = new ManifestWatch({ cluster, dir, namespace });
  }

  /** Starts watching (the first round runs in the background). */
  start(): void {
    this.watch.start().catch((e: unknown) => {
      this.failure = e instanceof Error ? e.message : String(e);
    });
    this.watch.on("error", (e) => {
      this.failure = e.message;
    });
  }

  status(): { text: string; ok: boolean } {
    if (this.failure) return { text: this.failure, ok: false };
    return watchHeadline(this.watch.status());
  }

  subscribe(listener: () => void): () => void {
    return this.watch.on("status", () => listener());
  }

  stop(): Promise<void> {
    return this.watch.stop();
  }
}
