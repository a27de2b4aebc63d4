import type { Event, Node, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

/**
 * Pod affinity, anti-affinity and topology spread in a running cluster: the default one
 * has a tainted control plane in zone-a and kdeck-worker-1..3 in zone-a, zone-b and zone-c.
 */

function pods(c: TestCluster, app: string, namespace = "default"): Pod[] {
  return c.api
    .list("pods", { namespace, labelSelector: `app=${app}` })
    .map((p) => asKind<Pod>(p))
    .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
}

function zoneOf(c: TestCluster, nodeName: string): string {
  return asKind<Node>(c.api.get("nodes", "", nodeName)).metadata!.labels!["topology.kubernetes.io/zone"]!;
}

function scheduledMessage(p: Pod): string | undefined {
  return p.status?.conditions?.find((x) => x.type === "PodScheduled" && x.status === "False")?.message;
}

function deployment(name: string, replicas: number, podSpec: string, opts: { namespace?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}${opts.namespace ? `, namespace: ${opts.namespace}` : ""} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
${podSpec
  .trim()
  .split("\n")
  .map((l) => `      ${l}`)
  .join("\n")}
`;
}

const nginx = `containers: [{ name: nginx, image: "nginx:1.27", resources: { requests: { cpu: 100m, memory: 64Mi } } }]`;

describe("pod anti-affinity", () => {
  it("spreads a Deployment one replica per zone and leaves the fourth Pending with Kubernetes' message", () => {
    const c = createTestCluster();
    c.applyYaml(
      deployment(
        "web",
        4,
        `
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: { matchLabels: { app: web } }
        topologyKey: topology.kubernetes.io/zone
${nginx}`,
      ),
    );
    c.advance(10_000);
    const all = pods(c, "web");
    const placed = all.filter((p) => p.spec?.nodeName);
    expect(placed.map((p) => zoneOf(c, p.spec!.nodeName!)).sort()).toEqual(["zone-a", "zone-b", "zone-c"]);
    const pending = all.filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(1);
    expect(scheduledMessage(pending[0]!)).toMatch(
      /^0\/4 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 3 node\(s\) didn't match pod anti-affinity rules\./,
    );
    const failed = c.api
      .list("events")
      .map((e) => asKind<Event>(e))
      .filter((e) => e.reason === "FailedScheduling" && e.involvedObject.name === pending[0]!.metadata!.name);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toBe(scheduledMessage(pending[0]!));

    // Scaled down to three, nothing waits; scaled back to four, the new replica waits again.
    c.api.patch("deployments.apps", "default", "web", { spec: { replicas: 3 } }, "merge");
    c.advance(60_000);
    expect(pods(c, "web").filter((p) => !p.metadata?.deletionTimestamp && !p.spec?.nodeName)).toHaveLength(0);
    c.close();
  });
});

describe("pod affinity", () => {
  const web = deployment(
    "web",
    3,
    `
affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: { matchLabels: { app: cache } }
        topologyKey: kubernetes.io/hostname
${nginx}`,
  );

  it("co-locates every replica with the cache pod, and places them as soon as the cache lands", () => {
    const c = createTestCluster();
    // The web pods come first: nothing to be near yet.
    c.applyYaml(web);
    expect(pods(c, "web").every((p) => !p.spec?.nodeName)).toBe(true);
    expect(scheduledMessage(pods(c, "web")[0]!)).toMatch(/^0\/4 nodes are available: 1 node\(s\) had untolerated taint .*, 3 node\(s\) didn't match pod affinity rules\./);
    c.applyYaml(deployment("cache", 1, `containers: [{ name: redis, image: "redis:7" }]`));
    // No five-minute wait: the cache pod's bind retries the web pods at once.
    c.advance(1_000);
    const cacheNode = pods(c, "cache")[0]!.spec!.nodeName!;
    expect(cacheNode).toMatch(/^kdeck-worker-/);
    expect(pods(c, "web").map((p) => p.spec?.nodeName)).toEqual([cacheNode, cacheNode, cacheNode]);
    c.close();
  });

  it("finds the cache in other namespaces through namespaceSelector", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Namespace
metadata: { name: infra, labels: { team: platform } }
`);
    c.applyYaml(deployment("cache", 1, `containers: [{ name: redis, image: "redis:7" }]`, { namespace: "infra" }));
    c.applyYaml(
      deployment(
        "web",
        2,
        `
affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: { matchLabels: { app: cache } }
        namespaceSelector: { matchLabels: { team: platform } }
        topologyKey: kubernetes.io/hostname
${nginx}`,
      ),
    );
    c.advance(1_000);
    const cacheNode = pods(c, "cache", "infra")[0]!.spec!.nodeName!;
    expect(pods(c, "web").map((p) => p.spec?.nodeName)).toEqual([cacheNode, cacheNode]);
    c.close();
  });
});

describe("topology spread constraints", () => {
  const spread = (when: string, extra = "") => `
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ${when}
    labelSelector: { matchLabels: { app: web } }${extra}
${nginx}`;

  it("DoNotSchedule blocks a zone from running ahead while another zone's only node is cordoned, then fills it", () => {
    const c = createTestCluster();
    c.api.patch("nodes", "", "kdeck-worker-3", { spec: { unschedulable: true } }, "merge");
    c.settle();
    c.applyYaml(deployment("web", 4, spread("DoNotSchedule")));
    c.advance(10_000);
    let all = pods(c, "web");
    // zone-c (empty, cordoned) still counts: zone-a and zone-b may hold one pod each.
    expect(all.filter((p) => p.spec?.nodeName).map((p) => p.spec!.nodeName).sort()).toEqual(["kdeck-worker-1", "kdeck-worker-2"]);
    const pending = all.filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(2);
    expect(scheduledMessage(pending[0]!)).toMatch(
      /^0\/4 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 1 node\(s\) were unschedulable, 2 node\(s\) didn't match pod topology spread constraints\./,
    );
    c.api.patch("nodes", "", "kdeck-worker-3", { spec: { unschedulable: null } }, "merge");
    c.advance(10_000);
    all = pods(c, "web");
    const zones = all.map((p) => zoneOf(c, p.spec!.nodeName!));
    // zone-c takes one, then the skew allows one more anywhere.
    expect(zones.filter((z) => z === "zone-c").length).toBeGreaterThanOrEqual(1);
    expect(all.every((p) => p.spec?.nodeName)).toBe(true);
    c.close();
  });

  it("minDomains counts missing zones as empty: with four required and three present, one pod per zone", () => {
    const c = createTestCluster();
    c.applyYaml(deployment("web", 5, spread("DoNotSchedule", "\n    minDomains: 4")));
    c.advance(10_000);
    const placed = pods(c, "web").filter((p) => p.spec?.nodeName);
    expect(placed.map((p) => zoneOf(c, p.spec!.nodeName!)).sort()).toEqual(["zone-a", "zone-b", "zone-c"]);
    c.close();
  });

  it("ScheduleAnyway evens out zones where spreading by node alone would not", () => {
    const count = (when: string | undefined): Record<string, number> => {
      // zone-a has two workers (1 and 4), zone-b and zone-c one each.
      const c = createTestCluster({ workers: 4 });
      for (let i = 0; i < 8; i++) {
        c.applyYaml(`apiVersion: v1
kind: Pod
metadata: { name: web-${i}, labels: { app: web } }
spec:
${(when ? spread(when) : nginx)
  .trim()
  .split("\n")
  .map((l) => `  ${l}`)
  .join("\n")}
`);
      }
      const perZone: Record<string, number> = {};
      for (const p of pods(c, "web")) {
        const z = zoneOf(c, p.spec!.nodeName!);
        perZone[z] = (perZone[z] ?? 0) + 1;
      }
      c.close();
      return perZone;
    };
    const spreadByZone = count("ScheduleAnyway");
    expect(Math.max(...Object.values(spreadByZone)) - Math.min(...Object.values(spreadByZone))).toBeLessThanOrEqual(1);
    // Without the constraint, zone-a's two nodes take half the pods.
    expect(count(undefined)["zone-a"]).toBe(4);
  });
});
