import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/client/cluster.js";
import { bar, barCell } from "../../../src/tui/presenters/bars.js";
import { containerRows } from "../../../src/tui/presenters/containers.js";
import { eventRow, isAbout, newestFirst } from "../../../src/tui/presenters/events.js";
import { loadByNode, loadOf, podFacts } from "../../../src/tui/presenters/facts.js";
import { clusterCounts, headerLines } from "../../../src/tui/presenters/header.js";
import { layoutFor } from "../../../src/tui/presenters/layout.js";
import { mapLines, POD_GLYPH } from "../../../src/tui/presenters/map.js";
import { nodeRow } from "../../../src/tui/presenters/nodes.js";
import { sparkline } from "../../../src/tui/presenters/pulse.js";
import { tableLines } from "../../../src/tui/presenters/table.js";
import { columnWidths, thousands } from "../../../src/tui/presenters/text.js";
import { isBarePod, tableShape, workloadSelector, workloadStatus } from "../../../src/tui/presenters/workloads.js";
import type { Line } from "../../../src/tui/presenters/segments.js";
import { event, node, NOW, pod, workload } from "./fixtures.js";

const text = (l: Line): string => l.map((s) => s.text).join("");

describe("node rows", () => {
  it("show status with SchedulingDisabled, zone, pods and requests as bars", () => {
    const pods = [pod("a", { node: "w1", cpu: "1", memory: "4Gi" }), pod("b", { node: "w1", cpu: "1" }), pod("done", { node: "w1", cpu: "2", phase: "Succeeded" })];
    const loads = loadByNode(pods);
    expect(loadOf(loads, "w1")).toMatchObject({ pods: 2, cpuMilli: 2000 });
    const row = nodeRow(node("w1", { cordoned: true }), loadOf(loads, "w1"), NOW, { barWidth: 10 });
    expect(row.cells.slice(0, 5)).toEqual(["w1", "Ready,SchedulingDisabled", "worker", "zone-a", "2"]);
    expect(row.cells[5]).toBe("▌░░░░  50%".replace("▌░░░░", bar(0.5, 5)));
    expect(row.cells[7]).toBe("60m");
    expect(row.tone).toBe("warn");
    expect(nodeRow(node("w2", { ready: false }), loadOf(loads, "w2"), NOW).tone).toBe("error");
  });

  it("draw bars to the eighth of a cell", () => {
    expect(bar(0, 4)).toBe("░░░░");
    expect(bar(1, 4)).toBe("████");
    expect(bar(0.5, 4)).toBe("██░░");
    expect(bar(0.3, 4)).toBe("█▎░░");
    expect(bar(2, 4)).toBe("████");
    expect(barCell(0.25, 10)).toBe("█▎░░░  25%");
  });
});

describe("pods and workloads", () => {
  it("summarise a pod once per version, as kubectl's columns do", () => {
    const p = pod("web", { node: "w1", restarts: 3, waiting: "CrashLoopBackOff" });
    const f = podFacts(p);
    expect(f).toMatchObject({ reason: "CrashLoopBackOff", restarts: 3, ready: false, cpuMilli: 250, memBytes: 128 * 1024 ** 2 });
    expect(podFacts(p)).toBe(f);
  });

  it("sum the requests of a pod's containers; init containers and overhead count as kubectl counts them", () => {
    const base = pod("two");
    const withSpec = (spec: Record<string, unknown>): KubeObject => ({ ...base, spec: { ...(base.spec as object), ...spec } }) as KubeObject;
    const app = (name: string, cpu: string, memory: string): Record<string, unknown> => ({ name, image: "nginx:1.27", resources: { requests: { cpu, memory } } });
    expect(podFacts(withSpec({ containers: [app("a", "250m", "64Mi"), app("b", "0.5", "1Gi")] }))).toMatchObject({ cpuMilli: 750, memBytes: 64 * 1024 ** 2 + 1024 ** 3 });
    // An init container asking for more than the app containers together sets the pod's request.
    expect(podFacts(withSpec({ initContainers: [app("init", "2", "16Mi")], containers: [app("a", "250m", "64Mi")] }))).toMatchObject({ cpuMilli: 2000, memBytes: 64 * 1024 ** 2 });
    expect(podFacts(withSpec({ overhead: { cpu: "100m" }, containers: [app("a", "250m", "64Mi")] }))).toMatchObject({ cpuMilli: 350 });
  });

  it("print pod rows with the printer's cells, the node, and a tone for the status", () => {
    const shape = tableShape("pods", false);
    expect(shape.columns.map((c) => c.title)).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "NODE", "AGE"]);
    const row = shape.row(pod("web-1", { node: "w1" }), NOW);
    expect(row.cells).toEqual(["web-1", "1/1", "Running", "0", "w1", "60m"]);
    expect(row.tone).toBe("ok");
    expect(shape.row(pod("bad", { waiting: "ImagePullBackOff" }), NOW).tone).toBe("error");
    expect(tableShape("pods", true).columns[0]!.title).toBe("NAMESPACE");
  });

  it("print other kinds with the columns `kdeck get` prints", () => {
    const shape = tableShape("namespaces", true);
    expect(shape.columns.map((c) => c.title)).toEqual(["NAME", "STATUS", "AGE"]);
  });

  it("give workload kinds ready/desired and a status word", () => {
    expect(workloadStatus(workload("Deployment", "web", { replicas: 3 }, { readyReplicas: 3, updatedReplicas: 3 }))).toEqual({ ready: "3/3", status: "Available", tone: "ok" });
    expect(workloadStatus(workload("Deployment", "web", { replicas: 3 }, { readyReplicas: 1, updatedReplicas: 3 })).status).toBe("Progressing");
    expect(workloadStatus(workload("Deployment", "web", { replicas: 3, paused: true }, {})).status).toBe("Paused");
    expect(workloadStatus(workload("StatefulSet", "db", { replicas: 2 }, { readyReplicas: 2 }))).toMatchObject({ ready: "2/2", status: "Ready" });
    expect(workloadStatus(workload("DaemonSet", "agent", {}, { desiredNumberScheduled: 3, numberReady: 2 }))).toMatchObject({ ready: "2/3", status: "Progressing" });
    expect(workloadStatus(workload("Job", "pi", { completions: 1 }, { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] }))).toMatchObject({ ready: "1/1", status: "Complete" });
    expect(workloadStatus(workload("CronJob", "hello", { schedule: "* * * * *" }, { active: [{}] }))).toMatchObject({ ready: "1", status: "Active" });
  });

  it("turn a workload's selector into -l syntax, and tell bare pods from owned ones", () => {
    const d = workload("Deployment", "web", { selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }, { key: "canary", operator: "DoesNotExist" }] } }, {});
    expect(workloadSelector(d)).toBe("app=web,tier in (a,b),!canary");
    expect(isBarePod(pod("a"))).toBe(true);
    expect(isBarePod(pod("b", { owner: "web-abc" }))).toBe(false);
  });

  it("list a pod's containers with their state", () => {
    const rows = containerRows(pod("web", { restarts: 2 }), NOW);
    expect(rows.map((r) => r.cells.slice(0, 6))).toEqual([["app", "app", "nginx:1.27", "true", "Running", "2"]]);
  });
});

describe("events", () => {
  it("sort newest first and highlight warnings", () => {
    const old = event("old", { at: "2024-01-01T00:00:00Z" });
    const recent = event("new", { at: "2024-01-01T00:30:00Z", type: "Warning", reason: "BackOff", message: "Back-off restarting\nfailed container" });
    expect(newestFirst([old, recent]).map((e) => e.metadata.name)).toEqual(["new", "old"]);
    const row = eventRow(recent, NOW);
    expect(row.cells).toEqual(["30m", "Warning", "BackOff", "pod/web-1", "Back-off restarting failed container"]);
    expect(row.tone).toBe("warn");
  });

  it("follow a subject by uid, or by kind and name", () => {
    const byUid = event("e1", { uid: "uid-web-1" });
    expect(isAbout(byUid, { kind: "Pod", namespace: "demo", name: "web-1", uid: "uid-web-1" })).toBe(true);
    expect(isAbout(byUid, { kind: "Pod", namespace: "demo", name: "web-1", uid: "other" })).toBe(false);
    // Kubelets name a node by its name where controllers use its uid.
    const kubelet = event("e2", { kind: "Node", object: "w1", uid: "w1", namespace: "default" });
    expect(isAbout(kubelet, { kind: "Node", namespace: "", name: "w1", uid: "uid-w1" })).toBe(true);
  });
});

describe("numbers", () => {
  it("are written with thousands separators", () => {
    expect([0, 7, 999, 1000, 10_000, 1_234_567, -2500].map(thousands)).toEqual(["0", "7", "999", "1,000", "10,000", "1,234,567", "-2,500"]);
  });
});

describe("tables", () => {
  it("fit columns to the width, dropping optional ones first", () => {
    const cols = [
      { title: "NAME", min: 4, flex: true },
      { title: "ZONE", min: 4, max: 8, priority: 1 },
      { title: "AGE", min: 3 },
    ];
    expect(columnWidths(cols, [["web-1", "zone-a", "5m"]], 30)).toEqual([19, 6, 3]);
    expect(columnWidths(cols, [["web-1", "zone-a", "5m"]], 9)).toEqual([5, 0, 3]);
  });

  it("draw only the rows given, the selection marked", () => {
    const shape = tableShape("pods", false);
    const rows = [shape.row(pod("a", { node: "w1" }), NOW), shape.row(pod("b", { node: "w1" }), NOW)];
    const t = tableLines(shape.columns, rows, 1, 50, true);
    expect(text(t.header)).toMatch(/^ NAME\s+READY STATUS\s+RESTARTS NODE\s+AGE\s*$/);
    expect(text(t.rows[1]!).startsWith("›b")).toBe(true);
    expect(t.rows[1]!.every((s) => s.inverse)).toBe(true);
    expect(text(t.rows[1]!).length).toBe(50);
    expect(t.rows.every((r) => text(r).length <= 50)).toBe(true);
  });
});

describe("the header", () => {
  it("counts nodes and pods and shows requests against allocatable", () => {
    const nodes = [node("w1"), node("w2", { ready: false })];
    const pods = [pod("a", { node: "w1", cpu: "2" }), pod("b", { phase: "Pending" }), pod("c", { node: "w1", phase: "Failed" })];
    const counts = clusterCounts(nodes, pods);
    expect(counts).toMatchObject({ nodesReady: 1, nodes: 2, running: 1, pending: 1, failed: 1, cpuRequested: 2000, cpuAllocatable: 8000 });
    const lines = headerLines({ cluster: "c1", namespace: "demo", favourites: ["default", "demo"], now: NOW, engine: { leader: true, running: true, speed: 2 }, counts }, 80).map(text);
    expect(lines[0]).toContain("c1");
    expect(lines[0]).toContain("ns demo");
    expect(lines[0]).toContain("2024-01-01 01:00:00 ×2");
    expect(lines[1]).toContain("nodes 1/2");
    expect(lines[1]).toMatch(/pods 1 run 1 pend 1 fail/);
    expect(lines[1]).toContain("25%");
    expect(lines.every((l) => l.length <= 80)).toBe(true);
  });
});

describe("layout", () => {
  it("is a grid on a wide terminal and a stack on a narrow one", () => {
    expect(layoutFor(200, 60, "nodes", false).arrangement).toBe("grid");
    const narrow = layoutFor(80, 24, "workloads", false);
    expect(narrow.arrangement).toBe("stack");
    const heights = narrow.rows.map((r) => r[0]!.height);
    expect(heights.reduce((a, b) => a + b, 0)).toBe(23 - 3);
    expect(narrow.rows[1]![0]!.collapsed).toBe(false);
    expect(narrow.rows[0]![0]!.collapsed).toBe(true);
    expect(layoutFor(80, 24, "logs", true).rows).toHaveLength(1);
    expect(layoutFor(40, 10, "nodes", false).tooSmall).toBe(true);
  });
});

describe(":map and :pulse", () => {
  it("draw each node as a box with a glyph per pod", () => {
    const lines = mapLines([node("w1", { cordoned: true }), node("w2")], [pod("a", { node: "w1" }), pod("b", { node: "w1" }), pod("c", { node: "w2" }), pod("p", { phase: "Pending" })], 80).map(text);
    expect(lines[1]).toContain("w1");
    expect(lines[1]).toContain("w2");
    expect(lines.join("\n")).toContain("cordoned");
    expect(lines.join("\n")).toContain(`${POD_GLYPH}${POD_GLYPH} `);
    expect(lines.join("\n")).toContain("unscheduled");
  });

  it("scale sparklines to their maximum", () => {
    expect(sparkline([0, 1, 2, 4], 10)).toBe("▁▃▅█");
    expect(sparkline([0, 0], 10)).toBe("▁▁");
    expect(sparkline([1, 2, 3], 2)).toBe("▆█");
  });
});

describe("the event index", () => {
  it("sorts newest first and finds a subject's events as isAbout does", async () => {
    const { EventIndex, sortNewestFirst } = await import("../../../src/tui/data/event-index.js");
    const { ResourceCache } = await import("../../../src/tui/data/cache.js");
    const events = [
      event("a", { at: "2024-01-01T00:00:01Z", uid: "uid-web-1" }),
      event("b", { at: "2024-01-01T00:00:03Z", object: "web-2", uid: "uid-web-2" }),
      event("c", { at: "2024-01-01T00:00:02Z" }),
      event("d", { at: "2024-01-01T00:00:02Z", kind: "Node", object: "w1", uid: "w1", namespace: "default" }),
      event("e", { at: "2024-01-01T00:00:05Z", kind: "Node", object: "w1", uid: "uid-w1", namespace: "" }),
    ];
    expect(sortNewestFirst(events).map((e) => e.metadata.name)).toEqual(newestFirst(events).map((e) => e.metadata.name));
    const cache = new ResourceCache("events");
    cache.replaceAll(events);
    const index = new EventIndex();
    index.refresh(cache, 0);
    for (const subject of [
      { kind: "Pod", namespace: "demo", name: "web-1", uid: "uid-web-1" },
      { kind: "Pod", namespace: "demo", name: "web-2", uid: "uid-web-2" },
      { kind: "Node", namespace: "", name: "w1", uid: "uid-w1" },
    ]) {
      expect(index.about(subject).map((e) => e.metadata.name)).toEqual(newestFirst(events.filter((e) => isAbout(e, subject))).map((e) => e.metadata.name));
    }
    // A change within the interval waits; after it, the index catches up.
    cache.replaceAll([...events, event("f", { at: "2024-01-01T00:00:09Z" })]);
    expect(index.refresh(cache, 100)).toBeGreaterThan(0);
    expect(index.refresh(cache, 1000)).toBe(0);
    expect(index.sorted[0]!.metadata.name).toBe("f");
  });

  it("moves only the events that changed, ending as a rebuilt index would", async () => {
    const { EventIndex } = await import("../../../src/tui/data/event-index.js");
    const { ResourceCache } = await import("../../../src/tui/data/cache.js");
    const at = (s: number): string => new Date(Date.UTC(2024, 0, 1, 0, 0, s)).toISOString().replace(".000", "");
    const objects = ["web-1", "web-2", "w1"];
    let rv = 1;
    const make = (name: string, s: number, about: string): KubeObject => ({ ...event(name, { at: at(s), object: about, uid: `uid-${about}`, ...(about === "w1" ? { kind: "Node" } : {}) }), metadata: { name, namespace: "demo", resourceVersion: String(rv), uid: `e-${name}-${rv}` } }) as KubeObject;
    const cache = new ResourceCache("events");
    cache.replaceAll(Array.from({ length: 40 }, (_, i) => make(`e${i}`, i % 7, objects[i % 3]!)));
    const index = new EventIndex();
    index.refresh(cache, 0);
    let seed = 3;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 1; round <= 30; round++) {
      for (let i = 0; i < 1 + random(6); i++) {
        rv++;
        const name = `e${random(50)}`;
        const exists = cache.get(`demo/${name}`) !== undefined;
        if (exists && random(4) === 0) cache.apply({ type: "DELETED", resource: "events", object: cache.get(`demo/${name}`)!, resourceVersion: rv });
        else cache.apply({ type: exists ? "MODIFIED" : "ADDED", resource: "events", object: make(name, random(12), objects[random(3)]!), resourceVersion: rv });
      }
      index.refresh(cache, round * 1000);
      const fresh = new EventIndex();
      fresh.refresh(cache, 0);
      expect(index.sorted.map((e) => e.metadata.name), `round ${round}`).toEqual(fresh.sorted.map((e) => e.metadata.name));
      for (const about of objects) {
        const subject = about === "w1" ? { kind: "Node", namespace: "", name: "w1", uid: "uid-w1" } : { kind: "Pod", namespace: "demo", name: about, uid: `uid-${about}` };
        expect(index.about(subject).map((e) => e.metadata.name), `round ${round}: ${about}`).toEqual(fresh.about(subject).map((e) => e.metadata.name));
      }
    }
  });
});
