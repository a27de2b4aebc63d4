import type { Node, Pod } from "kubernetes-types/core/v1";
import { deepFreeze } from "../../src/core/api/object.js";
import { nodeObject } from "../../src/core/bootstrap.js";
import { Rng } from "../../src/core/engine/rand.js";
import { SchedulerCache } from "../../src/core/scheduler/cache.js";
import { Scheduler } from "../../src/core/scheduler/framework.js";
import { report, seconds, type Figure } from "./harness.js";

const NODES = 1000;
const ZONES = 3;

/** A pod of a Deployment-like template: spread over zones (DoNotSchedule), preferring a host of its own. */
function spreadPod(i: number): Pod {
  const labels = { app: "web", "pod-template-hash": "5785fc7d4b" };
  return deepFreeze({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `web-5785fc7d4b-${i}`, namespace: "default", labels },
    spec: {
      containers: [{ name: "nginx", image: "nginx:1.27", resources: { requests: { cpu: "100m", memory: "64Mi" } } }],
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } },
        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } },
      ],
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "web" } } } },
          ],
        },
      },
    },
  });
}

/** A pod that must have a host of its own (required anti-affinity on hostname). */
function exclusivePod(i: number): Pod {
  return deepFreeze({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `cache-${i}`, namespace: "default", labels: { app: "cache" } },
    spec: {
      containers: [{ name: "redis", image: "redis:7", resources: { requests: { cpu: "100m", memory: "128Mi" } } }],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "cache" } } }],
        },
      },
    },
  });
}

function place(scheduler: Scheduler, cache: SchedulerCache, pods: readonly Pod[]): number {
  let placed = 0;
  for (const p of pods) {
    const r = scheduler.schedule(p);
    if (r.status !== "Scheduled") continue;
    cache.assume({ ...p, spec: { ...p.spec!, nodeName: r.nodeName } }, r.nodeName);
    placed++;
  }
  return placed;
}

/**
 * The scheduling framework with pod anti-affinity and topology spread constraints on
 * 1,000 nodes in three zones: 5,000 pods of one template (zone spread DoNotSchedule,
 * hostname spread ScheduleAnyway, preferred anti-affinity on hostname), then 1,000 pods
 * with required anti-affinity on hostname, one per node.
 */
export function schedulerPolicyThroughput(): Figure[] {
  const cache = new SchedulerCache();
  for (let i = 0; i < NODES; i++) cache.setNode(nodeObject({ name: `node-${i}`, zone: `zone-${i % ZONES}` }, i, 0) as unknown as Node);
  const rng = Rng.fromSeed(7);
  const scheduler = new Scheduler(cache, { rand: () => rng.next() });

  const spread = Array.from({ length: 5000 }, (_, i) => spreadPod(i));
  let placed = 0;
  const spreadSeconds = seconds(() => {
    placed = place(scheduler, cache, spread);
  });
  if (placed !== spread.length) throw new Error(`only ${placed} of ${spread.length} spread pods placed`);
  const perZone = new Map<string, number>();
  for (const info of cache.nodeInfos()) {
    const zone = info.node.metadata!.labels!["topology.kubernetes.io/zone"]!;
    perZone.set(zone, (perZone.get(zone) ?? 0) + info.pods.length);
  }
  if (Math.max(...perZone.values()) - Math.min(...perZone.values()) > 1) throw new Error(`zones out of balance: ${[...perZone.values()].join(", ")}`);

  const exclusive = Array.from({ length: NODES + 10 }, (_, i) => exclusivePod(i));
  const exclusiveSeconds = seconds(() => {
    placed = place(scheduler, cache, exclusive);
  });
  // One per node; the last ten find every node taken.
  if (placed !== NODES) throw new Error(`${placed} exclusive pods placed on ${NODES} nodes`);

  return [
    report({
      name: "scheduler, zone spread + preferred anti-affinity, 1,000 nodes",
      value: spread.length / spreadSeconds,
      unit: "pods/s",
      goal: { op: ">=", value: 500 },
    }),
    report({
      name: "scheduler, required anti-affinity (hostname), 1,000 nodes",
      value: exclusive.length / exclusiveSeconds,
      unit: "pods/s",
      goal: { op: ">=", value: 500 },
    }),
  ];
}
