import type { Event } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { ApiEventRecorder } from "../../../src/core/events/index.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

function start(): TestCluster {
  cluster = createTestCluster();
  cluster.applyYaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n");
  return cluster;
}

function events(c: TestCluster): Event[] {
  return c.api.list("events").map((e) => asKind<Event>(e));
}

const KUBELET = { component: "kubelet", host: "kdeck-worker-1" };

describe("ApiEventRecorder", () => {
  it("writes a core/v1 Event named after its object, in the object's namespace", () => {
    const c = start();
    const cm = c.api.get("configmaps", "default", "settings");
    c.ctx.events.record(cm, "Warning", "BackOff", "Back-off restarting failed container", KUBELET, "spec.containers{app}");
    const [ev] = events(c).filter((e) => e.reason === "BackOff");
    expect(ev?.metadata.name).toMatch(/^settings\.[0-9a-f]{14,}$/);
    expect(ev).toMatchObject({
      metadata: { namespace: "default" },
      involvedObject: {
        kind: "ConfigMap",
        namespace: "default",
        name: "settings",
        uid: cm.metadata.uid,
        apiVersion: "v1",
        resourceVersion: cm.metadata.resourceVersion,
        fieldPath: "spec.containers{app}",
      },
      reason: "BackOff",
      message: "Back-off restarting failed container",
      type: "Warning",
      source: KUBELET,
      reportingComponent: "kubelet",
      reportingInstance: "kdeck-worker-1",
      firstTimestamp: "2024-01-01T00:00:00Z",
      lastTimestamp: "2024-01-01T00:00:00Z",
      eventTime: null,
      count: 1,
    });
  });

  it("puts events about cluster-scoped objects in the default namespace", () => {
    const c = start();
    const node = c.api.get("nodes", "", "kdeck-worker-2");
    c.ctx.events.record(node, "Normal", "NodeNotSchedulable", "Node kdeck-worker-2 status is now: NodeNotSchedulable", { component: "kubelet", host: "kdeck-worker-2" });
    const ev = events(c).find((e) => e.reason === "NodeNotSchedulable");
    expect(ev?.metadata.namespace).toBe("default");
    expect(ev?.involvedObject.namespace).toBeUndefined();
    expect(ev?.involvedObject).toMatchObject({ kind: "Node", name: "kdeck-worker-2" });
  });

  it("aggregates a repeat into count 2 with a later lastTimestamp", () => {
    const c = start();
    const cm = c.api.get("configmaps", "default", "settings");
    c.ctx.events.record(cm, "Warning", "BackOff", "again", KUBELET);
    c.advance(30_000);
    c.ctx.events.record(cm, "Warning", "BackOff", "again", KUBELET);
    const same = events(c).filter((e) => e.reason === "BackOff");
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ count: 2, firstTimestamp: "2024-01-01T00:00:00Z", lastTimestamp: "2024-01-01T00:00:30Z" });
  });

  it("keeps events apart when anything in the key differs: message, type, source, fieldPath", () => {
    const c = start();
    const cm = c.api.get("configmaps", "default", "settings");
    c.ctx.events.record(cm, "Normal", "Pulled", "one", KUBELET);
    c.ctx.events.record(cm, "Normal", "Pulled", "two", KUBELET);
    c.ctx.events.record(cm, "Warning", "Pulled", "one", KUBELET);
    c.ctx.events.record(cm, "Normal", "Pulled", "one", { component: "kubelet", host: "kdeck-worker-2" });
    c.ctx.events.record(cm, "Normal", "Pulled", "one", KUBELET, "spec.containers{x}");
    expect(events(c).filter((e) => e.reason === "Pulled").map((e) => e.count)).toEqual([1, 1, 1, 1, 1]);
  });

  it("continues counting after a restart, from the stored events", () => {
    const c = start();
    const cm = c.api.get("configmaps", "default", "settings");
    c.ctx.events.record(cm, "Warning", "BackOff", "again", KUBELET);
    const fresh = new ApiEventRecorder(c.api, c.clock, c.ctx.rand);
    fresh.record(cm, "Warning", "BackOff", "again", KUBELET);
    expect(events(c).filter((e) => e.reason === "BackOff").map((e) => e.count)).toEqual([2]);
  });

  it("starts a new event when the aggregated one expired", () => {
    const c = start();
    const cm = c.api.get("configmaps", "default", "settings");
    c.ctx.events.record(cm, "Warning", "BackOff", "again", KUBELET);
    const first = events(c).find((e) => e.reason === "BackOff")!;
    c.api.delete("events", "default", first.metadata.name!);
    c.ctx.events.record(cm, "Warning", "BackOff", "again", KUBELET);
    const now = events(c).filter((e) => e.reason === "BackOff");
    expect(now).toHaveLength(1);
    expect(now[0]?.count).toBe(1);
  });

  it("drops an event it cannot write instead of failing the caller", () => {
    const c = start();
    const ghost = { apiVersion: "v1", kind: "Pod", metadata: { name: "ghost", namespace: "no-such-namespace", uid: "u" } };
    expect(() => c.ctx.events.record(ghost, "Normal", "Scheduled", "x", { component: "default-scheduler" })).not.toThrow();
  });
});
