import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EmbeddedCluster } from "../../../src/client/embedded.js";
import type { KubeObject } from "../../../src/client/cluster.js";

/** 2024-01-01T00:00:00Z, so that cluster timestamps do not depend on the day. */
export const TEST_EPOCH = Date.UTC(2024, 0, 1);

/** A temp folder of manifests and a cluster in memory; `cleanup` closes and removes both. */
export interface Fixture {
  dir: string;
  cluster: EmbeddedCluster;
  write(rel: string, text: string): string;
  remove(rel: string): void;
  cleanup(): void;
}

export function fixture(folderName = "manifests"): Fixture {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-watch-"));
  const dir = path.join(root, folderName);
  fs.mkdirSync(dir);
  const cluster = EmbeddedCluster.open({ db: ":memory:", seed: 42, wall: () => TEST_EPOCH });
  return {
    dir,
    cluster,
    write(rel, text) {
      const file = path.join(dir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
    remove(rel) {
      fs.rmSync(path.join(dir, rel), { force: true });
    },
    cleanup() {
      cluster.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

export function configMap(name: string, data: Record<string, string>, namespace?: string): string {
  const lines = [`apiVersion: v1`, `kind: ConfigMap`, `metadata:`, `  name: ${name}`];
  if (namespace) lines.push(`  namespace: ${namespace}`);
  lines.push(`data:`);
  for (const [k, v] of Object.entries(data)) lines.push(`  ${k}: "${v}"`);
  return lines.join("\n") + "\n";
}

export function namespace(name: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
}

/** The data of a ConfigMap, or undefined when it is not there. */
export function dataOf(cluster: EmbeddedCluster, name: string, ns = "default"): Record<string, string> | undefined {
  const cm: KubeObject | undefined = cluster.tryGet("configmaps", ns, name);
  return cm ? ((cm.data as Record<string, string> | undefined) ?? {}) : undefined;
}

/** Polls (wall clock) until `cond` holds; fails after `ms`. */
export async function eventually(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
