import fs from "node:fs";
import path from "node:path";
import type { Deployment } from "kubernetes-types/apps/v1";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import type { KubeObject } from "../../src/core/api/object.js";
import type { Engine } from "../../src/core/engine/engine.js";
import { deploymentObject } from "../helpers/fixtures.js";
import { report, tempDir, type Figure } from "./harness.js";

const REPLICAS = 10_000;

function deployment(image: string): KubeObject {
  return deploymentObject("web", {
    namespace: "default",
    replicas: REPLICAS,
    container: "nginx",
    image,
    containerFields: { ports: [{ containerPort: 80 }] },
    cpu: "100m",
    memory: "64Mi",
  });
}

/** The engine inside an embedded cluster, for its reconcile counter (a bench-only reach-in). */
function engineOf(cluster: EmbeddedCluster): Engine {
  return (cluster as unknown as { cp: { engine: Engine } }).cp.engine;
}

function rolledOut(cluster: EmbeddedCluster, image: string): boolean {
  const d = cluster.get("deployments.apps", "default", "web") as unknown as Deployment;
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    s.updatedReplicas === REPLICAS &&
    s.replicas === REPLICAS &&
    s.availableReplicas === REPLICAS &&
    d.spec?.template?.spec?.containers[0]?.image === image
  );
}

/**
 * A Deployment of 10,000 replicas on 1,000 nodes: the wall time until it is available,
 * then until a new image has rolled out to every replica (in virtual time, as fast as
 * the engine goes), and the reconciles per second the engine ran during the rollout.
 */
export async function deploymentRollout(): Promise<Figure[]> {
  const dir = tempDir("rollout");
  const cluster = EmbeddedCluster.open({ db: path.join(dir, "cluster.db"), bootstrap: { workers: 1000 } });
  const engine = engineOf(cluster);
  let t0 = performance.now();
  cluster.apply(deployment("nginx:1.27"));
  if (!(await cluster.waitFor(() => rolledOut(cluster, "nginx:1.27"), 30 * 60_000))) throw new Error("the Deployment did not become available");
  const createSeconds = (performance.now() - t0) / 1000;

  const reconcilesBefore = engine.reconciles;
  const virtualBefore = cluster.now();
  t0 = performance.now();
  cluster.patch("deployments.apps", "default", "web", { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.26" }] } } } }, "strategic");
  if (!(await cluster.waitFor(() => rolledOut(cluster, "nginx:1.26"), 60 * 60_000))) throw new Error("the rollout did not complete");
  const rolloutSeconds = (performance.now() - t0) / 1000;
  const reconciles = engine.reconciles - reconcilesBefore;
  const virtualSeconds = (cluster.now() - virtualBefore) / 1000;
  const pods = cluster.list("pods").length;
  cluster.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (pods !== REPLICAS) throw new Error(`${pods} pods after the rollout, expected ${REPLICAS}`);
  return [
    report({ name: "Deployment of 10,000 replicas on 1,000 nodes, available", value: createSeconds, unit: "s" }),
    report({ name: "rollout of a new image to 10,000 replicas, complete", value: rolloutSeconds, unit: "s", goal: { op: "<", value: 30 } }),
    report({ name: `reconciles during that rollout (${Math.round(virtualSeconds)} s of virtual time)`, value: reconciles, unit: "reconciles" }),
    report({ name: "reconciles per second during the rollout", value: reconciles / rolloutSeconds, unit: "reconciles/s" }),
  ];
}
