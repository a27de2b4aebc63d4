import { afterEach, describe, expect, it } from "vitest";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

const SOURCE = { component: "kubelet", host: "kdeck-worker-1" };
const MINUTE = 60_000;

function backOffEvents(c: TestCluster) {
  return c.api.list("events").filter((e) => e.reason === "BackOff");
}

describe("EventTTLReconciler", () => {
  it("deletes an event one hour of virtual time after it was last seen", () => {
    const c = (cluster = createTestCluster());
    const node = c.api.get("nodes", "", "kdeck-worker-1");
    c.ctx.events.record(node, "Warning", "BackOff", "x", SOURCE);
    c.settle();
    c.advance(59 * MINUTE);
    expect(backOffEvents(c)).toHaveLength(1);
    c.advance(MINUTE);
    expect(backOffEvents(c)).toHaveLength(0);
  });

  it("keeps an event that repeats: the repeat pushes its expiry back", () => {
    const c = (cluster = createTestCluster());
    const node = c.api.get("nodes", "", "kdeck-worker-1");
    c.ctx.events.record(node, "Warning", "BackOff", "x", SOURCE);
    c.advance(30 * MINUTE);
    c.ctx.events.record(node, "Warning", "BackOff", "x", SOURCE);
    c.advance(45 * MINUTE);
    expect(backOffEvents(c)).toHaveLength(1);
    expect(backOffEvents(c)[0]?.count).toBe(2);
    c.advance(15 * MINUTE);
    expect(backOffEvents(c)).toHaveLength(0);
  });
});
