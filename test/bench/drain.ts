import path from "node:path";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import type { KubeObject } from "../../src/core/api/object.js";
import { deploymentObject } from "../helpers/fixtures.js";
import { report, tempDir, type Figure } from "./harness.js";

const NODE = "kdeck-worker-1";
/** A node's default pod capacity: the drain empties a full node. */
const PODS = 110;

function deployment(replicas: number): KubeObject {
  return deploymentObject("web", { namespace: "default", replicas, container: "nginx", cpu: "10m", memory: "16Mi" });
}

function onNode(cluster: EmbeddedCluster): KubeObject[] {
  return cluster.list("pods", { fieldSelector: `spec.nodeName=${NODE}` });
}

/**
 * `kdeck drain` of a node running 110 Deployment pods (no budget in the way), the
 * virtual time fast-forwarded: the wall time from cordon to `node/… drained`, and the
 * evictions per second that makes.
 */
export async function drainNode(): Promise<Figure[]> {
  const dir = tempDir("drain");
  const cluster = EmbeddedCluster.open({ db: path.join(dir, "cluster.db"), bootstrap: { workers: 4 } });
  try {
    // Fill one node: the others are cordoned while the Deployment's pods land.
    for (const n of ["kdeck-worker-2", "kdeck-worker-3", "kdeck-worker-4"]) cluster.patch("nodes", "", n, { spec: { unschedulable: true } }, "strategic");
    const room = PODS - onNode(cluster).length;
    cluster.apply(deployment(room));
    const running = (): boolean => onNode(cluster).filter((p) => (p.status as { phase?: string } | undefined)?.phase === "Running").length >= room;
    if (!(await cluster.waitFor(running, 10 * 60_000))) throw new Error("the Deployment's pods did not start");
    for (const n of ["kdeck-worker-2", "kdeck-worker-3", "kdeck-worker-4"]) cluster.patch("nodes", "", n, { spec: { unschedulable: null } }, "strategic");
    cluster.settle();

    let evicted = 0;
    const t0 = performance.now();
    const result = await cluster.drain({ nodes: [NODE] }, { timeoutMs: 10 * 60_000 }, (e) => {
      if (e.kind === "evicted") evicted++;
    }).done;
    const secs = (performance.now() - t0) / 1000;
    if (result.drained.length !== 1 || evicted !== room) throw new Error(`the drain did not complete (${evicted} of ${room} evicted)`);
    return [
      report({ name: `drain: a node with ${PODS} pods, wall time`, value: secs, unit: "s", goal: { op: "<", value: 5 } }),
      report({ name: "drain: evictions per second", value: evicted / secs, unit: "evictions/s", goal: { op: ">=", value: 50 } }),
    ];
  } finally {
    cluster.close();
  }
}
