import type { Event, Pod } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

/** Low, mid and high classes, and `preemptionPolicy: Never` at the high value. */
const CLASSES = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: low }
value: 100
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: mid }
value: 500
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high }
value: 1000
description: Pods that may preempt the low ones.
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high-nonpreempting }
value: 1000
preemptionPolicy: Never
`;

/**
 * A pod asking for `cpu`. Its preStop hook takes 10 s, so a preempted pod stays
 * Terminating long enough to watch the preemptor wait for it.
 */
function podYaml(name: string, cpu: string, priorityClassName?: string, labels: Record<string, string> = {}, node?: string): string {
  const cls = (priorityClassName ? `\n  priorityClassName: ${priorityClassName}` : "") + (node ? `\n  nodeSelector: { kubernetes.io/hostname: ${node} }` : "");
  const lbls = Object.keys(labels).length > 0 ? `\n  labels: ${JSON.stringify(labels)}` : "";
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}${lbls}
spec:${cls}
  containers:
    - name: app
      image: nginx:1.27
      resources: { requests: { cpu: "${cpu}" } }
      lifecycle: { preStop: { exec: { command: ["sleep", "10"] } } }
---
`;
}

let c: TestCluster;
afterEach(() => c?.close());

function pod(name: string): Pod {
  return asKind<Pod>(c.api.get("pods", "default", name));
}

function tryPod(name: string): Pod | undefined {
  const o = c.api.tryGet("pods", "default", name);
  return o && asKind<Pod>(o);
}

function eventsOf(name: string, reason?: string): Event[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.name === name && (reason === undefined || e.reason === reason));
}

function scheduledCondition(name: string) {
  return pod(name).status?.conditions?.find((x) => x.type === "PodScheduled");
}

describe("preemption by the scheduler", () => {
  it("evicts the fewest low-priority pods that make a pending high-priority pod fit, nominates it, then places it", () => {
    // One worker with 4 CPUs; the control plane is tainted.
    c = createTestCluster({ workers: 1 });
    c.applyYaml(CLASSES);
    c.applyYaml(podYaml("low-1", "1500m", "low"));
    c.advance(1000);
    c.applyYaml(podYaml("low-2", "1500m", "low"));
    c.advance(30_000);
    expect(pod("low-1").status?.phase).toBe("Running");
    expect(pod("low-2").status?.phase).toBe("Running");
    expect(pod("low-2").spec?.nodeName).toBe("kdeck-worker-1");

    c.applyYaml(podYaml("urgent", "2", "high"));
    const urgent = pod("urgent");
    expect(urgent.spec?.priority).toBe(1000);
    expect(urgent.spec?.nodeName).toBeUndefined();
    expect(urgent.status?.nominatedNodeName).toBe("kdeck-worker-1");
    // While preemption succeeds the message carries the filters' reasons only.
    expect(eventsOf("urgent", "FailedScheduling")[0]?.message).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.",
    );

    // low-2 started last: it is the one victim; low-1 is reprieved (1.5 + 2 CPUs fit in 4).
    const victim = pod("low-2");
    expect(victim.metadata?.deletionTimestamp).toBeDefined();
    expect(victim.status?.conditions?.find((x) => x.type === "DisruptionTarget")).toMatchObject({
      status: "True",
      reason: "PreemptionByScheduler",
      message: "default-scheduler: preempting to accommodate a higher priority pod",
    });
    expect(eventsOf("low-2", "Preempted").map((e) => [e.type, e.message, e.source?.component])).toEqual([
      ["Normal", `Preempted by pod ${urgent.metadata?.uid} on node kdeck-worker-1`, "default-scheduler"],
    ]);
    expect(pod("low-1").metadata?.deletionTimestamp).toBeUndefined();
    expect(eventsOf("low-1", "Preempted")).toEqual([]);

    c.advance(60_000);
    expect(tryPod("low-2")).toBeUndefined();
    expect(pod("urgent").spec?.nodeName).toBe("kdeck-worker-1");
    expect(pod("urgent").status?.phase).toBe("Running");
    expect(pod("low-1").status?.phase).toBe("Running");
    expect(eventsOf("urgent", "Scheduled").map((e) => e.message)).toEqual(["Successfully assigned default/urgent to kdeck-worker-1"]);
  });

  it("keeps the freed room for the nominated pod: a lower-priority pod created meanwhile does not take it", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(CLASSES);
    c.applyYaml(podYaml("low-1", "3", "low"));
    c.advance(30_000);
    c.applyYaml(podYaml("urgent", "2", "high"));
    expect(pod("urgent").status?.nominatedNodeName).toBe("kdeck-worker-1");
    // Fits in the 4 CPUs once low-1 is gone, but only if it ignores the nomination.
    c.applyYaml(podYaml("low-late", "2500m", "low"));
    expect(pod("low-late").spec?.nodeName).toBeUndefined();
    c.advance(60_000);
    expect(pod("urgent").spec?.nodeName).toBe("kdeck-worker-1");
    expect(pod("low-late").spec?.nodeName).toBeUndefined();
    expect(eventsOf("low-late", "Preempted")).toEqual([]);
  });

  it("with preemptionPolicy Never the pod waits for room instead of preempting", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(CLASSES);
    c.applyYaml(podYaml("low-1", "3", "low"));
    c.applyYaml(podYaml("patient", "2", "high-nonpreempting"));
    expect(pod("patient").spec?.preemptionPolicy).toBe("Never");
    expect(scheduledCondition("patient")?.message).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }." +
        " preemption: not eligible due to preemptionPolicy=Never..",
    );
    expect(pod("patient").status?.nominatedNodeName).toBeUndefined();
    expect(pod("low-1").metadata?.deletionTimestamp).toBeUndefined();

    c.api.delete("pods", "default", "low-1");
    c.advance(60_000);
    expect(pod("patient").spec?.nodeName).toBe("kdeck-worker-1");
  });

  it("never preempts pods of equal priority", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(CLASSES);
    c.applyYaml(podYaml("first", "3", "high"));
    c.applyYaml(podYaml("second", "2", "high"));
    expect(scheduledCondition("second")?.message).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }." +
        " preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..",
    );
    expect(pod("first").metadata?.deletionTimestamp).toBeUndefined();
    expect(c.api.list("events").filter((e) => e.reason === "Preempted")).toEqual([]);
  });

  it("schedules the higher-priority pod first when two wait for room only one can take", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(CLASSES);
    // Both are created before the scheduler runs: the low one first.
    c.applyYaml(podYaml("low-1", "3", "low") + podYaml("high-1", "3", "high"));
    expect(pod("high-1").spec?.nodeName).toBe("kdeck-worker-1");
    expect(pod("low-1").spec?.nodeName).toBeUndefined();
    expect(eventsOf("low-1", "Scheduled")).toEqual([]);
    expect(c.api.list("events").filter((e) => e.reason === "Preempted")).toEqual([]);
  });

  it("spares pods a PodDisruptionBudget protects when another node helps, and breaks a budget only when none does", () => {
    c = createTestCluster({ workers: 2 });
    c.applyYaml(CLASSES);
    c.applyYaml(
      podYaml("guarded", "3", "low", { app: "guarded" }, "kdeck-worker-1") +
        // Without the budget, the guarded pod would be the cheaper victim (lower priority).
        podYaml("free", "3", "mid", { app: "free" }, "kdeck-worker-2") +
        `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: guarded }
spec:
  minAvailable: 1
  selector: { matchLabels: { app: guarded } }
`,
    );
    c.advance(30_000);
    expect(c.api.get("poddisruptionbudgets.policy", "default", "guarded").status).toMatchObject({ currentHealthy: 1, disruptionsAllowed: 0 });

    c.applyYaml(podYaml("urgent", "2", "high"));
    expect(pod("urgent").status?.nominatedNodeName).toBe("kdeck-worker-2");
    expect(eventsOf("free", "Preempted")).toHaveLength(1);
    expect(eventsOf("guarded", "Preempted")).toEqual([]);
    c.advance(60_000);
    expect(pod("urgent").spec?.nodeName).toBe("kdeck-worker-2");

    // Now only the guarded pod's node can make room: the budget does not stop preemption.
    c.applyYaml(podYaml("urgent-2", "2", "high", {}, "kdeck-worker-1"));
    expect(pod("urgent-2").status?.nominatedNodeName).toBe("kdeck-worker-1");
    expect(eventsOf("guarded", "Preempted")).toHaveLength(1);
    c.advance(60_000);
    expect(pod("urgent-2").spec?.nodeName).toBe("kdeck-worker-1");
  });
});
