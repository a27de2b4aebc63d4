import fs from "node:fs";
import type { BootstrapOptions } from "../core/bootstrap.js";
import { KUBELET_VERSION } from "../core/bootstrap.js";
import { defaultDatabasePath } from "../persistence/paths.js";
import type { Cluster } from "./cluster.js";
import { EmbeddedCluster } from "./embedded.js";

export type { BootstrapOptions };

/** The Kubernetes version the embedded engine reports, as its kubelets do. */
export const SERVER_VERSION = KUBELET_VERSION;

/** Where to find a cluster: the `--db` flag, else `KDECK_DB`, else the per-user default. */
export interface ClusterLocation {
  db?: string;
  env?: NodeJS.ProcessEnv;
}

/** The database file a command will open. */
export function databasePath(loc: ClusterLocation = {}): string {
  return loc.db ?? defaultDatabasePath(loc.env ?? process.env);
}

/**
 * Opens the cluster the user named (creating a new one with the default nodes when
 * the file does not exist yet). The caller owns it and must `close()` it.
 */
export function openCluster(loc: ClusterLocation & { bootstrap?: BootstrapOptions } = {}): Cluster {
  return EmbeddedCluster.open({ db: databasePath(loc), ...(loc.bootstrap ? { bootstrap: loc.bootstrap } : {}) });
}

/** Deletes a cluster's database with its WAL and shared-memory files; missing files are fine. */
export function removeClusterFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}
