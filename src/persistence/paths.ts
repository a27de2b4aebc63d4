import os from "node:os";
import path from "node:path";

/**
 * Where a cluster lives when the user names none: `KDECK_DB`, else
 * `$XDG_DATA_HOME/kdeck/cluster.db`, else `~/.local/share/kdeck/cluster.db`.
 */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KDECK_DB) return env.KDECK_DB;
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share");
  return path.join(dataHome, "kdeck", "cluster.db");
}
