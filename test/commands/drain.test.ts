import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { deployment, manifests, pdb } from "../helpers/fixtures.js";
import { kdeck, pinnedOpener, TEST_EPOCH, tempDb, writeManifest, type RunResult } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

function golden(name: string, actual: string): void {
  const file = new URL(`./testdata/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, actual);
  else expect(actual).toBe(fs.readFileSync(file, "utf8"));
}

/** The web Deployment and its budget. */
function web(replicas = 3, minAvailable = 2): string {
  const readinessProbe = { httpGet: { path: "/", port: 80 }, periodSeconds: 5 };
  return manifests(deployment("web", { replicas, containerFields: { readinessProbe } }), pdb("web-pdb", "web", { minAvailable }));
}

/** `$ kdeck …` then what it printed, stderr lines marked, for a transcript golden. */
function transcript(args: string[], r: RunResult): string {
  const err = r.stderr === "" ? "" : r.stderr.replace(/\n$/, "").split("\n").map((l) => `! ${l}`).join("\n") + "\n";
  return `$ kdeck ${args.join(" ")}   # exit ${r.code}\n${r.stdout}${err}`;
}

async function step(parts: string[], args: string[]): Promise<RunResult> {
  const r = await kdeck(db, args);
  parts.push(transcript(args, r));
  return r;
}

/** The node running 2 of the 3 pods, from `get pods -o wide` (NODE is the 7th column). */
function busiest(wide: string): string {
  const counts = new Map<string, number>();
  for (const line of wide.trim().split("\n").slice(1)) {
    const node = line.split(/\s+/)[6]!;
    counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

describe("kdeck drain", () => {
  it("drains a node under a PodDisruptionBudget: waits for replacements, then drained", async () => {
    const parts: string[] = [];
    await kdeck(db, ["reset", "--nodes", "2", "--yes"]);
    const file = writeManifest(db, "web.yaml", web());
    await step(parts, ["apply", "-f", "web.yaml"].map((a) => (a === "web.yaml" ? file : a)));
    await kdeck(db, ["advance", "60s"]);
    const wide = await step(parts, ["get", "pods", "-o", "wide"]);
    await step(parts, ["get", "pdb"]);
    const node = busiest(wide.stdout);
    const drained = await step(parts, ["drain", node, "--timeout", "5m"]);
    expect(drained.code).toBe(0);
    expect(drained.stdout).toMatch(new RegExp(`node/${node} drained\\n$`));
    expect(drained.stderr).toMatch(/\(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n/);
    await step(parts, ["get", "nodes"]);
    await step(parts, ["get", "pods", "-o", "wide"]);
    await step(parts, ["describe", "pdb", "web-pdb"]);
    golden("drain-walkthrough.golden", parts.join("\n").replaceAll(file, "web.yaml"));
  });

  it("refuses a bare pod without --force, with kubectl's summary and exit 1", async () => {
    await kdeck(db, ["get", "nodes"]);
    const pod = writeManifest(db, "bare.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\nspec:\n  nodeName: kdeck-worker-1\n  containers: [{name: c, image: nginx:1.27}]\n");
    await kdeck(db, ["apply", "-f", pod]);
    const r = await kdeck(db, ["drain", "kdeck-worker-1"]);
    expect(r).toEqual({
      code: 1,
      stdout: "node/kdeck-worker-1 cordoned\n",
      stderr:
        'error: unable to drain node "kdeck-worker-1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\n' +
        "There are pending nodes to be drained:\n" +
        " kdeck-worker-1\n" +
        "cannot delete Pods that declare no controller (use --force to override): default/bare\n",
    });
    const forced = await kdeck(db, ["drain", "kdeck-worker-1", "--force", "--timeout", "1m"]);
    expect(forced).toEqual({
      code: 0,
      stdout: "node/kdeck-worker-1 already cordoned\nevicting pod default/bare\npod/bare evicted\nnode/kdeck-worker-1 drained\n",
      stderr: "Warning: deleting Pods that declare no controller: default/bare\n",
    });
  });

  it("--dry-run=client prints what it would do and changes nothing", async () => {
    await kdeck(db, ["reset", "--nodes", "1", "--yes"]);
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", web())]);
    await kdeck(db, ["advance", "30s"]);
    const r = await kdeck(db, ["drain", "kdeck-worker-1", "--dry-run=client"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^node\/kdeck-worker-1 cordoned \(dry run\)\n(evicting pod default\/web-\S+ \(dry run\)\n){3}node\/kdeck-worker-1 drained \(dry run\)\n$/);
    expect((await kdeck(db, ["get", "node", "kdeck-worker-1", "--no-headers"])).stdout).not.toMatch(/SchedulingDisabled/);
    expect((await kdeck(db, ["get", "pods", "--no-headers"])).stdout.trim().split("\n")).toHaveLength(3);
  });

  it("times out on an unsatisfiable budget with kubectl's report", async () => {
    await kdeck(db, ["reset", "--nodes", "1", "--yes"]);
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", web(1, 3))]);
    await kdeck(db, ["advance", "30s"]);
    const r = await kdeck(db, ["drain", "kdeck-worker-1", "--timeout", "12s"]);
    expect(r.code).toBe(1);
    const pod = /evicting pod default\/(\S+)/.exec(r.stdout)![1]!;
    expect(r.stdout).toBe(`node/kdeck-worker-1 cordoned\n${`evicting pod default/${pod}\n`.repeat(4)}`);
    const reason = `error when evicting pods/"${pod}" -n "default": global timeout reached: 12s`;
    expect(r.stderr).toBe(
      `${`error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`.repeat(3)}` +
        `There are pending pods in node "kdeck-worker-1" when an error occurred: ${reason}\n` +
        `pod/${pod}\n` +
        `error: unable to drain node "kdeck-worker-1" due to error: ${reason}, continuing command...\n` +
        "There are pending nodes to be drained:\n" +
        " kdeck-worker-1\n" +
        `${reason}\n`,
    );
  });

  it("drains every node a selector picks, and reports usage and lookup errors as kubectl does", async () => {
    await kdeck(db, ["get", "nodes"]);
    const r = await kdeck(db, ["drain", "-l", "topology.kubernetes.io/zone=zone-a", "--ignore-daemonsets", "--timeout", "1m"]);
    expect(r).toEqual({
      code: 0,
      stdout: "node/kdeck-control-plane cordoned\nnode/kdeck-worker-1 cordoned\nnode/kdeck-control-plane drained\nnode/kdeck-worker-1 drained\n",
      stderr: "",
    });
    expect(await kdeck(db, ["drain", "nope"])).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): nodes "nope" not found\n' });
    expect((await kdeck(db, ["drain"])).stderr).toBe("error: USAGE: drain NODE [flags]\nSee 'kdeck drain --help' for usage.\n");
    expect((await kdeck(db, ["drain", "a", "-l", "x=y"])).stderr).toBe("error: cannot specify both a node name and a --selector option\nSee 'kdeck drain --help' for usage.\n");
    expect((await kdeck(db, ["drain", "kdeck-worker-2", "--pod-selector", "a b"])).stderr).toBe("error: --pod-selector=<pod_selector> must be a valid label selector\n");
    expect((await kdeck(db, ["drain", "kdeck-worker-2", "--dry-run=maybe"])).code).toBe(2);
  });

  it("follows the process that runs the cluster (a console) instead of fast-forwarding", async () => {
    await kdeck(db, ["reset", "--nodes", "2", "--yes"]);
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", web())]);
    await kdeck(db, ["advance", "60s"]);
    const node = busiest((await kdeck(db, ["get", "pods", "-o", "wide"])).stdout);
    // A leader whose virtual time runs 100 times faster than the wall clock.
    const started = Date.now();
    const wall = (): number => TEST_EPOCH + (Date.now() - started) * 100;
    const leader = EmbeddedCluster.open({ db, wall });
    leader.startRealtime();
    try {
      const r = await kdeck(db, ["drain", node, "--timeout", "10m"], { open: pinnedOpener(wall) });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`node/${node} drained\n$`));
      expect(leader.engineStatus().leader).toBe(true);
    } finally {
      leader.close();
    }
  });

  it("has kubectl's flags in its help", async () => {
    const r = await kdeck(db, ["drain", "--help"]);
    for (const flag of ["--force", "--ignore-daemonsets", "--delete-emptydir-data", "--grace-period", "--timeout", "--pod-selector", "--disable-eviction", "--skip-wait-for-delete-timeout", "--dry-run", "--selector"]) {
      expect(r.stdout).toContain(flag);
    }
  });
});
