import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { kdeck, tempDb } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("kdeck cordon and uncordon", () => {
  it("marks nodes unschedulable and back, saying when nothing changes", async () => {
    expect(await kdeck(db, ["cordon", "kdeck-worker-1"])).toEqual({ code: 0, stdout: "node/kdeck-worker-1 cordoned\n", stderr: "" });
    expect((await kdeck(db, ["cordon", "kdeck-worker-1"])).stdout).toBe("node/kdeck-worker-1 already cordoned\n");
    expect((await kdeck(db, ["get", "node", "kdeck-worker-1", "--no-headers"])).stdout).toMatch(/Ready,SchedulingDisabled/);
    expect((await kdeck(db, ["uncordon", "kdeck-worker-1"])).stdout).toBe("node/kdeck-worker-1 uncordoned\n");
    expect((await kdeck(db, ["uncordon", "kdeck-worker-1"])).stdout).toBe("node/kdeck-worker-1 already uncordoned\n");
  });

  it("selects nodes by label and reports missing ones", async () => {
    const r = await kdeck(db, ["cordon", "-l", "topology.kubernetes.io/zone=zone-a"]);
    expect(r.stdout).toBe("node/kdeck-control-plane cordoned\nnode/kdeck-worker-1 cordoned\n");
    const missing = await kdeck(db, ["cordon", "kdeck-worker-2", "nope"]);
    expect(missing).toEqual({ code: 1, stdout: "node/kdeck-worker-2 cordoned\n", stderr: 'Error from server (NotFound): nodes "nope" not found\n' });
    expect((await kdeck(db, ["cordon"])).code).toBe(2);
  });
});

describe("kdeck reset", () => {
  it("refuses without --yes when stdin is not a terminal", async () => {
    await kdeck(db, ["get", "nodes"]);
    const r = await kdeck(db, ["reset"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: refusing to reset ${db} without confirmation: stdin is not a terminal; pass --yes to go ahead\n`);
  });

  it("asks on a terminal and stops unless the answer is yes", async () => {
    await kdeck(db, ["cordon", "kdeck-worker-1"]);
    const no = await kdeck(db, ["reset"], { tty: true, stdin: "n\n" });
    expect(no.code).toBe(1);
    expect(no.stdout).toBe(`This deletes every object in cluster ${db}. Continue? [y/N] `);
    const yes = await kdeck(db, ["reset", "--nodes", "1"], { tty: true, stdin: "y\n" });
    expect(yes.code).toBe(0);
    expect((await kdeck(db, ["get", "nodes", "-o", "name"])).stdout).toBe("node/kdeck-control-plane\nnode/kdeck-worker-1\n");
    expect((await kdeck(db, ["get", "node", "kdeck-worker-1", "--no-headers"])).stdout).not.toMatch(/SchedulingDisabled/);
  });

  it("creates an empty cluster with --empty", async () => {
    await kdeck(db, ["get", "nodes"]);
    const r = await kdeck(db, ["reset", "--empty", "--yes"]);
    expect(r).toEqual({ code: 0, stdout: `cluster ${db} reset: no nodes\n`, stderr: "" });
    expect((await kdeck(db, ["get", "nodes"])).stderr).toBe("No resources found\n");
    expect(fs.existsSync(db)).toBe(true);
  });

  it("will not reset under a running engine", async () => {
    await kdeck(db, ["get", "nodes"]);
    // Pretend another process holds the lease: a cluster in this process in real-time mode looks the same.
    const leader = EmbeddedCluster.open({ db });
    leader.startRealtime();
    try {
      const other = EmbeddedCluster.open({ db });
      const holder = other.engineStatus().holder;
      other.close();
      // Our own pid counts as alive; the lease row is what reset reads.
      expect(holder?.pid).toBe(process.pid);
      const r = await kdeck(db, ["reset", "--yes"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: cannot reset .*: its engine runs in process \d+ on /);
    } finally {
      leader.close();
    }
  });
});

describe("kdeck api-resources and explain", () => {
  it("lists the registry's kinds in kubectl's columns", async () => {
    const r = await kdeck(db, ["api-resources"]);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(r.stdout).toMatch(/\npods\s+po\s+v1\s+true\s+Pod\n/);
    const wide = await kdeck(db, ["api-resources", "-o", "wide", "--namespaced=false"]);
    expect(wide.stdout).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\s+VERBS\s+CATEGORIES\n/);
    expect(wide.stdout).toMatch(/\nnodes\s+no\s+v1\s+false\s+Node\s+\[create delete deletecollection get list patch update watch\]/);
    expect(wide.stdout).not.toMatch(/\npods/);
    expect((await kdeck(db, ["api-resources", "-o", "name", "--namespaced=true"])).stdout.split("\n")).toContain("pods");
  });

  it("explains kinds and fields", async () => {
    const r = await kdeck(db, ["explain", "pods.spec.nodeName"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: nodeName <string>\n/);
    expect(await kdeck(db, ["explain", "po.spec.nope"])).toEqual({ code: 1, stdout: "", stderr: 'error: field "nope" does not exist\n' });
    expect((await kdeck(db, ["explain", "pdo"])).stderr).toContain('did you mean "pods"?');
  });
});
