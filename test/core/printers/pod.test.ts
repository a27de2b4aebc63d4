import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { podStatusReason, summarizePod } from "../../../src/core/printers/pod.js";
import { printTable } from "../../../src/core/printers/table.js";
import { renderTable } from "../../../src/client/output/table.js";
import { expectGolden, readFixture } from "../../client/output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);
const pods = readFixture<KubeObject[]>(new URL("./testdata/pods.json", import.meta.url));
const byName = (name: string): Pod => pods.find((p) => p.metadata.name === name) as unknown as Pod;

describe("podStatusReason", () => {
  it.each([
    ["web-pending", "Pending"],
    ["web-creating", "ContainerCreating"],
    ["web-ready", "Running"],
    ["web-notready", "Running"],
    ["crash-loop", "CrashLoopBackOff"],
    ["job-done", "Completed"],
    ["job-failed", "Error"],
    ["web-terminating", "Terminating"],
    ["init-progress", "Init:1/3"],
    ["init-error", "Init:Error"],
    ["init-crash", "Init:CrashLoopBackOff"],
    ["native-sidecar", "Running"],
    ["lost-pod", "Unknown"],
    ["gated", "SchedulingGated"],
    ["bad-image", "ImagePullBackOff"],
    ["half-done", "NotReady"],
  ])("%s is %s", (name, want) => {
    expect(podStatusReason(byName(name), NOW)).toBe(want);
  });

  it("reports a terminated container without a reason by exit code or signal", () => {
    const pod: Pod = {
      metadata: { name: "p" },
      spec: { containers: [{ name: "a" }] },
      status: { phase: "Running", containerStatuses: [{ name: "a", image: "x", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] },
    };
    expect(podStatusReason(pod, NOW)).toBe("ExitCode:3");
    const signalled = structuredClone(pod);
    signalled.status!.containerStatuses![0]!.state = { terminated: { exitCode: 137, signal: 9 } };
    expect(podStatusReason(signalled, NOW)).toBe("Signal:9");
  });

  it("uses status.reason over the phase (Evicted)", () => {
    const pod: Pod = { metadata: { name: "p" }, spec: { containers: [] }, status: { phase: "Failed", reason: "Evicted" } };
    expect(podStatusReason(pod, NOW)).toBe("Evicted");
  });

  it("does not call a finished pod Terminating", () => {
    const done = byName("job-done");
    const pod: Pod = { ...done, metadata: { ...done.metadata, deletionTimestamp: "2024-01-01T00:59:00Z" } };
    expect(podStatusReason(pod, NOW)).toBe("Completed");
  });

  it("never changes the pod it reads", () => {
    const pod = Object.freeze(structuredClone(byName("multi-restarts")));
    expect(() => summarizePod(pod)).not.toThrow();
  });
});

describe("summarizePod", () => {
  it("counts sidecars among the ready containers and their restarts", () => {
    expect(summarizePod(byName("native-sidecar"))).toMatchObject({ readyContainers: 2, totalContainers: 2, restarts: 1 });
  });
  it("sums restarts across containers and remembers the latest", () => {
    const s = summarizePod(byName("multi-restarts"));
    expect(s).toMatchObject({ readyContainers: 2, totalContainers: 3, restarts: 3 });
    expect(s.lastRestart).toBe(NOW - 7200 * 1000);
  });
});

describe("kubectl get pods", () => {
  const table = printTable("Pod", pods, { now: NOW });

  it("has kubectl's columns, wide ones at priority 1", () => {
    expect(table.columns.map((c) => `${c.name}/${c.priority}`)).toEqual([
      "Name/0", "Ready/0", "Status/0", "Restarts/0", "Age/0", "IP/1", "Node/1", "Nominated Node/1", "Readiness Gates/1",
    ]);
  });

  it("prints restarts with how long ago the last one ended", () => {
    const row = (name: string): string[] => table.rows.find((r) => r.object.metadata.name === name)!.cells;
    expect(row("crash-loop")[3]).toBe("4 (45s ago)");
    expect(row("multi-restarts")[3]).toBe("3 (120m ago)");
    expect(row("web-ready")[3]).toBe("0");
  });

  it("lays out as kubectl does", () => {
    expectGolden(new URL("./testdata/get-pods.golden", import.meta.url), renderTable(table, { wide: false, withNamespace: false, showLabels: false }));
  });

  it("lays out -o wide as kubectl does", () => {
    expectGolden(new URL("./testdata/get-pods-wide.golden", import.meta.url), renderTable(table, { wide: true, withNamespace: false, showLabels: false }));
  });
});
