import { describe, expect, it } from "vitest";
import { SchedulerCache } from "../../../src/core/scheduler/cache.js";
import type { NodeInfo } from "../../../src/core/scheduler/node-info.js";
import { SpreadCounts } from "../../../src/core/scheduler/plugins/pod-topology-spread-counts.js";
import { TopologySums } from "../../../src/core/scheduler/topology-sums.js";
import { bound } from "./fixtures.js";
import { policyPod, ZONE, zonedNode } from "./policy-fixtures.js";

function cluster(): SchedulerCache {
  const cache = new SchedulerCache();
  for (const [name, zone] of [
    ["a1", "a"],
    ["a2", "a"],
    ["b1", "b"],
  ] as const)
    cache.setNode(zonedNode(name, zone));
  return cache;
}

const web = (name: string, node: string) => bound(policyPod(name, { labels: { app: "web" } }), node);
const zoneShare = (info: NodeInfo) => ({ value: info.node.metadata!.labels![ZONE], count: info.pods.length });

describe("SchedulerCache change log", () => {
  it("lists the nodes changed since a sequence number, and admits when it no longer knows", () => {
    const cache = cluster();
    const seq = cache.changeSeq();
    cache.setPod(web("w1", "a1"));
    cache.setPod(web("w2", "b1"));
    expect(cache.changedSince(seq)!.map((n) => n.name)).toEqual(["a1", "b1"]);
    expect(cache.changedSince(cache.changeSeq())).toEqual([]);
    for (let i = 0; i < 10_000; i++) cache.setNode(zonedNode("a2", "a"));
    expect(cache.changedSince(seq)).toBeUndefined();
  });

  it("keeps the nodes running pods with affinity terms", () => {
    const cache = cluster();
    const anti = bound(
      policyPod("db", { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: ZONE, labelSelector: {} }] } } }),
      "b1",
    );
    cache.setPod(anti);
    expect([...cache.havePodsWithRequiredAntiAffinity()].map((n) => n.name)).toEqual(["b1"]);
    expect([...cache.havePodsWithAffinity()].map((n) => n.name)).toEqual(["b1"]);
    cache.removePod("default", "db");
    expect([...cache.havePodsWithAffinity()]).toEqual([]);
  });
});

describe("domain counts kept between cycles", () => {
  it("patch the changed nodes and match a full recount", () => {
    const cache = cluster();
    const counts = new SpreadCounts();
    cache.setPod(web("w1", "a1"));
    const first = counts.counts("q", cache.nodeInfos(), cache, zoneShare);
    expect(Object.fromEntries(first.totals)).toEqual({ a: 1, b: 0 });
    cache.setPod(web("w2", "a2"));
    cache.setPod(web("w3", "b1"));
    cache.removePod("default", "w1");
    const next = counts.counts("q", cache.nodeInfos(), cache, zoneShare);
    expect(next).toBe(first);
    expect(Object.fromEntries(next.totals)).toEqual({ a: 1, b: 1 });
    expect(next.nodesIn("a")).toBe(2);
    // A node moving zone moves its pods.
    cache.setNode(zonedNode("a2", "c"));
    expect(Object.fromEntries(counts.counts("q", cache.nodeInfos(), cache, zoneShare).totals)).toEqual({ a: 0, b: 1, c: 1 });
    // A new node list (a node joined) starts over.
    cache.setNode(zonedNode("d1", "d"));
    const fresh = counts.counts("q", cache.nodeInfos(), cache, zoneShare);
    expect(fresh).not.toBe(first);
    expect(Object.fromEntries(fresh.totals)).toEqual({ a: 0, b: 1, c: 1, d: 0 });
  });

  it("sum contributions per topology pair, re-reading only changed nodes", () => {
    const cache = cluster();
    const sums = new TopologySums();
    let asked = 0;
    const contribution = (info: NodeInfo) => {
      asked++;
      return info.pods.length === 0 ? [] : ([[ZONE, info.pods.length * 10]] as const);
    };
    cache.setPod(web("w1", "a1"));
    expect(sums.sums("q", cache.nodeInfos(), contribution, cache)?.get(ZONE)).toEqual(new Map([["a", 10]]));
    asked = 0;
    cache.setPod(web("w2", "a2"));
    expect(sums.sums("q", cache.nodeInfos(), contribution, cache)?.get(ZONE)).toEqual(new Map([["a", 20]]));
    expect(asked).toBe(1);
    cache.removePod("default", "w1");
    cache.removePod("default", "w2");
    expect(sums.sums("q", cache.nodeInfos(), contribution, cache)).toBeUndefined();
  });
});
