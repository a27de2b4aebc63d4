import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ResourceQuota } from "kubernetes-types/core/v1";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isApiError } from "../../../src/core/api/errors.js";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { createControlPlane } from "../../../src/core/control-plane.js";
import { EngineClock } from "../../../src/core/engine/clock.js";
import { SqliteStore } from "../../../src/persistence/sqlite-store.js";
import { createTestCluster, TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";

/**
 * Quota admission across processes: usage is charged in the same transaction as the
 * write it admits, so API servers sharing one cluster file never admit more than the
 * quota allows between them.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const dirs: string[] = [];
const clusters: TestCluster[] = [];

function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-quota-"));
  dirs.push(dir);
  return path.join(dir, "cluster.db");
}

beforeAll(() => {
  // The racing processes run the compiled engine; `npm test` builds before testing.
  if (!fs.existsSync(path.join(root, "dist/src/core/apiserver/resource-quota.js"))) spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
});

afterEach(() => {
  for (const c of clusters.splice(0)) c.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function pod(name: string): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } };
}

/** A cluster file with a synced `pods: N` quota in default. */
function clusterWithQuota(file: string, pods: number): TestCluster {
  const c = createTestCluster({ file });
  clusters.push(c);
  c.applyYaml(`apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pods}\nspec:\n  hard: {pods: "${pods}"}\n`);
  return c;
}

function used(c: TestCluster): string | undefined {
  c.store.poll();
  return asKind<ResourceQuota>(c.api.get("resourcequotas", "default", "pods")).status?.used?.pods;
}

describe("quota admission between API servers on one cluster", () => {
  it("a second API server sees the first one's charge: back-to-back creates cannot both take the last pod", () => {
    const file = tempDb();
    const c = clusterWithQuota(file, 1);
    const other = new SqliteStore(file);
    try {
      const second = createControlPlane(other, new EngineClock(TEST_EPOCH));
      second.api.create(pod("from-second"));
      let message = "";
      try {
        c.api.create(pod("from-first"));
      } catch (e) {
        if (!isApiError(e, "Forbidden")) throw e;
        message = e.message;
      }
      expect(message).toBe('pods "from-first" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1');
      expect(used(c)).toBe("1");
    } finally {
      other.close();
    }
  });

  it("two processes racing for a quota admit exactly what it allows, between them", async () => {
    const file = tempDb();
    const c = clusterWithQuota(file, 25);
    const race = (prefix: string) =>
      new Promise<{ admitted: number; refused: number }>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(here, "fixtures/quota-racer.mjs"), file, prefix, "40"], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as { admitted: number; refused: number }) : reject(new Error(`racer exited ${code}`))));
      });
    const [a, b] = await Promise.all([race("a"), race("b")]);
    expect(a.admitted + b.admitted).toBe(25);
    expect(a.refused + b.refused).toBe(55);
    c.store.poll();
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(25);
    expect(used(c)).toBe("25");
    // The controller's own count agrees with what admission charged.
    c.settle();
    c.advance(5 * 60_000);
    expect(used(c)).toBe("25");
  }, 60_000);
});
