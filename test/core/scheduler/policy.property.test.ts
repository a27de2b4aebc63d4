import { describe, expect, it } from "vitest";
import type { Node, Pod, PodAffinityTerm, Taint, Toleration, TopologySpreadConstraint } from "kubernetes-types/core/v1";
import { deepFreeze } from "../../../src/core/api/object.js";
import { Rng } from "../../../src/core/engine/rand.js";
import { SchedulerCache } from "../../../src/core/scheduler/cache.js";
import { Scheduler } from "../../../src/core/scheduler/framework.js";
import { defaultPlugins } from "../../../src/core/scheduler/plugins/default-plugins.js";
import { bound } from "./fixtures.js";
import { fakeListers } from "./policy-fixtures.js";

/**
 * Random clusters (capacities, zones, taints, cordons) and random pods (requests,
 * tolerations, node affinity, pod affinity and anti-affinity, DoNotSchedule spread
 * constraints) from fixed seeds. After every bind, an oracle written here from the
 * Kubernetes documentation, naive and independent of the plugins, checks the placement:
 * allocatable never overcommitted, taints tolerated, required node affinity met,
 * required pod affinity and anti-affinity (both ways) met, maxSkew kept; and when the
 * scheduler gives up, the oracle finds no node either. The per-domain totals the plugins
 * keep between cycles are checked against a scheduler that recounts every node.
 */

const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";
const APPS = ["a", "b", "c"];
const NAMESPACES = ["default", "default", "other"];
const TAINTS: Taint[] = [
  { key: "dedicated", value: "gpu", effect: "NoSchedule" },
  { key: "maintenance", effect: "NoExecute" },
  { key: "spot", effect: "PreferNoSchedule" },
];
const TOLERATIONS: Toleration[] = [
  { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" },
  { key: "maintenance", operator: "Exists" },
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)]!;
}

interface Shape {
  cpu: number;
  pods: number;
}

function randomNode(rng: Rng, i: number): Node {
  const name = `node-${i}`;
  const labels: Record<string, string> = { [HOST]: name };
  // One node in ten has no zone: spread over zones must refuse it, hostname spread not.
  if (rng.next() < 0.9) labels[ZONE] = `z${1 + rng.int(3)}`;
  const shape: Shape = { cpu: pick(rng, [1000, 2000, 4000]), pods: 2 + rng.int(6) };
  return deepFreeze({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels },
    spec: { ...(rng.next() < 0.2 ? { taints: TAINTS.filter(() => rng.next() < 0.5) } : {}), ...(rng.next() < 0.05 ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: `${shape.cpu}m`, memory: "8Gi", pods: String(shape.pods) } },
  });
}

function randomTerm(rng: Rng): PodAffinityTerm {
  return { labelSelector: { matchLabels: { app: pick(rng, APPS) } }, topologyKey: pick(rng, [HOST, ZONE]) };
}

function randomPod(rng: Rng, i: number): Pod {
  const app = pick(rng, APPS);
  const anti = rng.next() < 0.35 ? [randomTerm(rng)] : undefined;
  const affinity = rng.next() < 0.15 ? [randomTerm(rng)] : undefined;
  const zoneIn = rng.next() < 0.2 ? [pick(rng, ["z1", "z2", "z3"])] : undefined;
  // As a Deployment's template would: keep away from pods of the same app, by host or zone.
  const preferred = rng.next() < 0.3 ? [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app } }, topologyKey: pick(rng, [HOST, ZONE]) } }] : undefined;
  const spread: TopologySpreadConstraint[] | undefined =
    rng.next() < 0.35
      ? [
          {
            maxSkew: 1 + rng.int(2),
            topologyKey: pick(rng, [ZONE, HOST]),
            // ScheduleAnyway only scores: the oracle ignores it, the recount comparison does not.
            whenUnsatisfiable: rng.next() < 0.75 ? "DoNotSchedule" : "ScheduleAnyway",
            labelSelector: { matchLabels: { app } },
            ...(rng.next() < 0.3 ? { minDomains: 1 + rng.int(4) } : {}),
            ...(rng.next() < 0.3 ? { nodeAffinityPolicy: "Ignore" } : {}),
            ...(rng.next() < 0.3 ? { nodeTaintsPolicy: "Honor" } : {}),
          },
        ]
      : undefined;
  return deepFreeze({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `pod-${i}`, namespace: pick(rng, NAMESPACES), labels: { app } },
    spec: {
      containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: `${pick(rng, [100, 250, 500])}m` } } }],
      ...(rng.next() < 0.3 ? { tolerations: TOLERATIONS.filter(() => rng.next() < 0.6) } : {}),
      ...(spread ? { topologySpreadConstraints: spread } : {}),
      affinity: {
        ...(zoneIn ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: "In", values: zoneIn }] }] } } } : {}),
        ...(anti || preferred
          ? { podAntiAffinity: { ...(anti ? { requiredDuringSchedulingIgnoredDuringExecution: anti } : {}), ...(preferred ? { preferredDuringSchedulingIgnoredDuringExecution: preferred } : {}) } }
          : {}),
        ...(affinity ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity } } : {}),
      },
    },
  });
}

// --- the oracle ---------------------------------------------------------------------

interface Placed {
  pod: Pod;
  node: Node;
}

const labelsOf = (n: Node) => n.metadata!.labels!;
const app = (p: Pod) => p.metadata!.labels!.app!;
const ns = (p: Pod) => p.metadata!.namespace!;
const cpuOf = (p: Pod) => parseInt(p.spec!.containers[0]!.resources!.requests!.cpu!, 10);

function tolerates(pod: Pod, taint: Taint): boolean {
  return (pod.spec?.tolerations ?? []).some(
    (t) => (!t.effect || t.effect === taint.effect) && t.key === taint.key && (t.operator === "Exists" || (t.value ?? "") === (taint.value ?? "")),
  );
}

function taintsAllow(pod: Pod, node: Node): boolean {
  return (node.spec?.taints ?? []).every((t) => t.effect === "PreferNoSchedule" || tolerates(pod, t));
}

function nodeAffinityAllows(pod: Pod, node: Node): boolean {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  const zone = labelsOf(node)[ZONE];
  return terms.some((t) => t.matchExpressions!.every((e) => zone !== undefined && e.values!.includes(zone)));
}

/** The term (with the owner's namespace as its only namespace) selects the pod. */
function selects(term: PodAffinityTerm, owner: Pod, pod: Pod): boolean {
  return ns(owner) === ns(pod) && term.labelSelector!.matchLabels!.app === app(pod);
}

function sameDomain(a: Node, b: Node, key: string): boolean {
  const va = labelsOf(a)[key];
  return va !== undefined && va === labelsOf(b)[key];
}

function antiAffinityAllows(pod: Pod, node: Node, placed: readonly Placed[]): boolean {
  const own = pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  for (const q of placed) {
    if (own.some((t) => selects(t, pod, q.pod) && sameDomain(node, q.node, t.topologyKey))) return false;
    const theirs = q.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    if (theirs.some((t) => selects(t, q.pod, pod) && sameDomain(node, q.node, t.topologyKey))) return false;
  }
  return true;
}

function affinityAllows(pod: Pod, node: Node, placed: readonly Placed[]): boolean {
  const terms = pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (terms.length === 0) return true;
  if (!terms.every((t) => labelsOf(node)[t.topologyKey] !== undefined)) return false;
  const matching = placed.filter((q) => terms.every((t) => selects(t, pod, q.pod)));
  if (terms.every((t) => matching.some((q) => sameDomain(node, q.node, t.topologyKey)))) return true;
  // The first of a group that wants itself: nothing anywhere matches, and it matches its own terms.
  const nothingAnywhere = matching.every((q) => terms.every((t) => labelsOf(q.node)[t.topologyKey] === undefined));
  return nothingAnywhere && terms.every((t) => selects(t, pod, pod));
}

function spreadAllows(pod: Pod, node: Node, nodes: readonly Node[], placed: readonly Placed[]): boolean {
  const constraints = (pod.spec?.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === "DoNotSchedule");
  for (const c of constraints) {
    const value = labelsOf(node)[c.topologyKey];
    if (value === undefined) return false;
    const eligible = nodes.filter(
      (n) =>
        constraints.every((k) => labelsOf(n)[k.topologyKey] !== undefined) &&
        (c.nodeAffinityPolicy === "Ignore" || nodeAffinityAllows(pod, n)) &&
        (c.nodeTaintsPolicy !== "Honor" || (n.spec?.taints ?? []).every((t) => t.effect === "PreferNoSchedule" || tolerates(pod, t))),
    );
    const counts = new Map<string, number>();
    for (const n of eligible) counts.set(labelsOf(n)[c.topologyKey]!, 0);
    for (const q of placed) {
      if (!eligible.includes(q.node) || ns(q.pod) !== ns(pod) || app(q.pod) !== c.labelSelector!.matchLabels!.app) continue;
      const v = labelsOf(q.node)[c.topologyKey]!;
      counts.set(v, counts.get(v)! + 1);
    }
    const min = counts.size < (c.minDomains ?? 1) ? 0 : Math.min(...counts.values());
    const self = app(pod) === c.labelSelector!.matchLabels!.app ? 1 : 0;
    if ((counts.get(value) ?? 0) + self - min > c.maxSkew) return false;
  }
  return true;
}

function fits(pod: Pod, node: Node, nodes: readonly Node[], placed: readonly Placed[]): boolean {
  const here = placed.filter((q) => q.node === node);
  const alloc = node.status!.allocatable!;
  if (here.length + 1 > Number(alloc.pods)) return false;
  if (here.reduce((s, q) => s + cpuOf(q.pod), 0) + cpuOf(pod) > parseInt(alloc.cpu!, 10)) return false;
  if (node.spec?.unschedulable) return false;
  return (
    taintsAllow(pod, node) &&
    nodeAffinityAllows(pod, node) &&
    antiAffinityAllows(pod, node, placed) &&
    affinityAllows(pod, node, placed) &&
    spreadAllows(pod, node, nodes, placed)
  );
}

/** Required anti-affinity holds between every two placed pods, in both directions. */
function antiAffinityHoldsEverywhere(placed: readonly Placed[]): boolean {
  for (const p of placed) {
    for (const t of p.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (placed.some((q) => q !== p && selects(t, p.pod, q.pod) && sameDomain(p.node, q.node, t.topologyKey))) return false;
    }
  }
  return true;
}

// --- the property ----------------------------------------------------------------------

describe("scheduling policy properties (seeded)", () => {
  for (const seed of [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) {
    it(`places pods only where the oracle allows, and refuses only when it finds no node (seed ${seed})`, () => {
      const rng = Rng.fromSeed(seed);
      const nodes = Array.from({ length: 5 + rng.int(20) }, (_, i) => randomNode(rng, i));
      const byName = new Map(nodes.map((n) => [n.metadata!.name!, n]));
      const cache = new SchedulerCache();
      for (const n of nodes) cache.setNode(n);
      // A Service selects app=a in default: those pods get the system default spreading.
      const listers = fakeListers({ services: [{ apiVersion: "v1", kind: "Service", metadata: { name: "a", namespace: "default" }, spec: { selector: { app: "a" } } }] });
      const scheduler = new Scheduler(cache, { rand: () => rng.next(), plugins: defaultPlugins({ listers, lists: cache }) });
      // The same plugins without the cache's lists and change log: every node recounted every time.
      const reference = new Scheduler(cache, { plugins: defaultPlugins({ listers }) });
      let placed: Placed[] = [];
      const outcomes = { scheduled: 0, refused: 0, withPolicy: 0 };

      for (let i = 0; i < 120; i++) {
        // Now and then a pod finishes, so that counts also go down.
        if (placed.length > 0 && rng.next() < 0.1) {
          const done = placed[rng.int(placed.length)]!;
          cache.setPod(bound(done.pod, done.node.metadata!.name!, "Succeeded"));
          placed = placed.filter((q) => q !== done);
        }
        const pod = randomPod(rng, i);
        // Totals kept between cycles must say what a full recount says.
        expect(scheduler.explain(pod)).toEqual(reference.explain(pod));
        const result = scheduler.schedule(pod);
        if (result.status === "Scheduled") {
          const node = byName.get(result.nodeName)!;
          expect(fits(pod, node, nodes, placed), `${pod.metadata!.name} on ${result.nodeName}`).toBe(true);
          cache.assume(pod, result.nodeName);
          if (rng.next() < 0.7) cache.setPod(bound(pod, result.nodeName));
          placed.push({ pod, node });
          expect(antiAffinityHoldsEverywhere(placed)).toBe(true);
          outcomes.scheduled++;
          const a = pod.spec!.affinity!;
          if (a.podAffinity || a.podAntiAffinity || pod.spec!.topologySpreadConstraints) outcomes.withPolicy++;
        } else {
          const fitting = nodes.filter((n) => fits(pod, n, nodes, placed)).map((n) => n.metadata!.name);
          expect(fitting, `${pod.metadata!.name}: ${result.message}`).toEqual([]);
          outcomes.refused++;
        }
      }
      // The generator must exercise both outcomes and the policies, or the property proves little.
      expect(outcomes.scheduled).toBeGreaterThan(10);
      expect(outcomes.refused).toBeGreaterThan(0);
      expect(outcomes.withPolicy).toBeGreaterThan(5);
    });
  }
});
