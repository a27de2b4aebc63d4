/**
 * `r` on Nodes: the drain dialog, then its progress streamed from the drain service while
 * the console goes on. The cluster runs in real time as in the console, on a wall clock
 * these tests move by hand: the drain waits in virtual time without holding the thread.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EmbeddedCluster } from "../../src/client/embedded.js";
import { KUBELET_STOPPED_ANNOTATION } from "../../src/client/nodes.js";
import { Command } from "../../src/tui/keys/commands.js";
import { renderConsole, testCluster, TEST_EPOCH, type Harness } from "./render.js";

const web = (replicas: number): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "nginx:1.27" }]
`;

const pdb = (minAvailable: number): string => `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web }
spec:
  minAvailable: ${minAvailable}
  selector: { matchLabels: { app: web } }
`;

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** A cluster whose virtual time follows a wall clock that `tick` moves. */
function realtimeCluster(yaml: string, workers?: number): { cluster: EmbeddedCluster; tick: (ms: number) => Promise<void> } {
  let wall = TEST_EPOCH;
  const cluster = testCluster({ yaml, wall: () => wall, ...(workers !== undefined ? { workers } : {}) });
  cluster.startRealtime();
  return {
    cluster,
    // The engine ticks every 50 ms of real time, a drain's waits look every 100 ms.
    tick: async (ms) => {
      wall += ms;
      await new Promise((r) => setTimeout(r, 120));
    },
  };
}

/** Moves the wall clock a second at a time until the frame satisfies `pred`. */
async function runUntil(harness: Harness, tick: (ms: number) => Promise<void>, what: string, pred: (frame: string) => boolean, maxSeconds = 120): Promise<string> {
  for (let i = 0; i <= maxSeconds; i++) {
    const f = harness.frame();
    if (pred(f)) return f;
    await tick(1000);
  }
  throw new Error(`never saw ${what}; last frame:\n${harness.frame()}`);
}

/** The node running the most pods labelled app=web, and how many. */
function busiestNode(cluster: EmbeddedCluster): { node: string; pods: number } {
  const counts = new Map<string, number>();
  for (const p of cluster.list("pods", { namespace: "default", labelSelector: "app=web" })) {
    const node = (p.spec as { nodeName?: string }).nodeName ?? "";
    counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  const [node, pods] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return { node, pods };
}

async function selectNode(harness: Harness, node: string): Promise<void> {
  await harness.press(Command.Top);
  await harness.press(Command.Down, harness.console.list("nodes").keys.indexOf(node));
  expect(harness.console.selection("nodes").key).toBe(node);
}

/** Every line the drain view holds, as kubectl printed them (the frame wraps long ones). */
function streamed(harness: Harness): string {
  return (harness.console.ui.drain?.lines ?? []).map((l) => l.text).join("\n");
}

function webPodsOn(cluster: EmbeddedCluster, node: string): number {
  return cluster.list("pods", { namespace: "default", labelSelector: "app=web" }).filter((p) => (p.spec as { nodeName?: string }).nodeName === node && !p.metadata.deletionTimestamp).length;
}

describe("draining from the console", () => {
  it("drains a node through a PodDisruptionBudget, streaming kubectl's lines until drained, while the panes go on", async () => {
    const { cluster, tick } = realtimeCluster(web(3) + pdb(2), 2);
    const { node, pods } = busiestNode(cluster);
    expect(pods).toBe(2);
    h = await renderConsole({ cluster });
    await selectNode(h, node);
    await h.press(Command.Drain);
    let f = h.frame();
    expect(f).toContain(`Drain node/${node}?`);
    expect(f).toMatch(/ignore DaemonSets:\s+yes/);
    // timeout: none → 30s → 1m → 5m.
    await h.press(Command.NextField);
    await h.press(Command.ChangeField, 3);
    await h.press(Command.Yes);
    f = h.frame();
    expect(h.console.ui.overlay?.type).toBe("drain");
    expect(f).toContain(`$ kdeck drain ${node} --ignore-daemonsets --timeout=5m`);

    // The second pod must wait for the first one's replacement: the budget allows one disruption.
    f = await runUntil(h, tick, "the wait on the budget", (x) => x.includes("waiting on a PodDisruptionBudget"));
    expect(f).toContain(`node/${node} cordoned`);
    expect(f).toMatch(/evicting pod default\/web-/);
    expect(f).toMatch(/error when evicting pods\/"web-\S+" -n "default" \(will retry after 5s\): Cannot evict pod/);
    expect(streamed(h)).toContain(`(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`);
    expect(f).toMatch(/draining node\/\S+: \d evicted, .*1 waiting on a PodDisruptionBudget/);

    // Hidden, the drain runs on and the panes follow it; r shows it again.
    await h.press(Command.DrainHide);
    f = h.frame();
    expect(f).toContain("Nodes (3)");
    expect(f).toMatch(/Nodes \(3\) draining node\//);
    expect(f).toMatch(new RegExp(`${node}\\s+Ready,SchedulingDisabled`));
    await h.press(Command.Drain);
    expect(h.console.ui.overlay?.type).toBe("drain");
    expect(h.console.ui.dialog).toBeUndefined();

    f = await runUntil(h, tick, "the drain's end", (x) => x.includes(`✔ node/${node} drained`));
    expect(f).toMatch(/pod\/web-\S+ evicted/);
    expect(f).toContain(`node/${node} drained`);
    expect(f).toContain("Drain node/");
    expect(webPodsOn(cluster, node)).toBe(0);
    await h.press(Command.Close);
    expect(h.console.ui.overlay).toBeUndefined();
    expect(h.frame()).toMatch(new RegExp(`${node}\\s+Ready,SchedulingDisabled`));
  });

  it("cancels a running drain after a confirmation, leaving the node cordoned", async () => {
    const { cluster, tick } = realtimeCluster(web(3) + pdb(3), 2);
    const { node } = busiestNode(cluster);
    h = await renderConsole({ cluster });
    await selectNode(h, node);
    await h.press(Command.Drain);
    await h.press(Command.Yes);
    await runUntil(h, tick, "the wait on the budget", (x) => x.includes("2 waiting on a PodDisruptionBudget"));
    // A budget that never allows a disruption: the drain retries for ever, the console goes on.
    await tick(6000);
    expect(h.console.ui.drain?.phase).toBe("running");
    await h.press(Command.DrainCancel);
    expect(h.frame()).toContain(`Stop draining node/${node}?`);
    await h.press(Command.No);
    expect(h.console.ui.drain?.phase).toBe("running");
    expect(h.frame()).toContain("cancel the drain");
    await h.press(Command.DrainCancel);
    await h.press(Command.Yes);
    const f = await runUntil(h, tick, "the drain to stop", (x) => x.includes("stopped after 0 evicted"), 30);
    expect(f).toContain(`■ drain of node/${node} stopped after 0 evicted; the node stays cordoned`);
    expect(webPodsOn(cluster, node)).toBe(2);
    expect((cluster.get("nodes", "", node).spec as { unschedulable?: boolean }).unschedulable).toBe(true);
    // Ended, esc closes the view.
    await h.press(Command.Close);
    expect(h.console.ui.overlay).toBeUndefined();
  });

  it("gives up at the timeout chosen, saying so", async () => {
    const { cluster, tick } = realtimeCluster(web(3) + pdb(3), 2);
    const { node } = busiestNode(cluster);
    h = await renderConsole({ cluster });
    await selectNode(h, node);
    await h.press(Command.Drain);
    await h.press(Command.NextField);
    await h.press(Command.ChangeField); // timeout: 30s
    await h.press(Command.Yes);
    const f = await runUntil(h, tick, "the timeout", (x) => x.includes(`✖ node/${node} timed out`), 60);
    expect(f).toContain(`Drain node/${node}  timed out`);
    expect(f).toContain("global timeout reached: 30s");
    expect(h.console.ui.drain?.phase).toBe("timedOut");
    expect(webPodsOn(cluster, node)).toBe(2);
    // Thirty seconds of retries fill more than the view: it scrolls, and follows again from the bottom.
    expect(f).not.toContain("$ kdeck drain");
    await h.press(Command.Top);
    expect(h.frame()).toContain(`$ kdeck drain ${node} --ignore-daemonsets --timeout=30s`);
    expect(h.console.ui.drain?.follow).toBe(false);
    await h.press(Command.Bottom);
    expect(h.frame()).not.toContain("$ kdeck drain");
    expect(h.console.ui.drain?.follow).toBe(true);
  });

  it("drains every marked node", async () => {
    const { cluster, tick } = realtimeCluster(web(3));
    h = await renderConsole({ cluster });
    await h.press(Command.Down);
    await h.press(Command.Mark, 2);
    expect(h.frame()).toContain("2 marked");
    await h.press(Command.Drain);
    const f = h.frame();
    expect(f).toContain("Drain 2 nodes?");
    expect(f).toContain("node/kdeck-worker-1");
    expect(f).toContain("node/kdeck-worker-2");
    await h.press(Command.Yes);
    expect(h.console.ui.nodes.marks).toEqual([]);
    await runUntil(h, tick, "both drained", (x) => x.includes("✔ node/kdeck-worker-1, node/kdeck-worker-2 drained"));
    for (const n of ["kdeck-worker-1", "kdeck-worker-2"]) {
      expect((cluster.get("nodes", "", n).spec as { unschedulable?: boolean }).unschedulable).toBe(true);
      expect(webPodsOn(cluster, n)).toBe(0);
    }
  });

  it("shows the refusal of a bare pod without force, and drains it with force", async () => {
    const bare = `apiVersion: v1
kind: Pod
metadata: { name: bare }
spec:
  nodeName: kdeck-worker-1
  containers: [{ name: app, image: "nginx:1.27" }]
`;
    // The pinned clock: the drain's waits fast-forward virtual time instead.
    h = await renderConsole({ cluster: testCluster({ yaml: bare }) });
    await selectNode(h, "kdeck-worker-1");
    await h.press(Command.Drain);
    await h.press(Command.Yes);
    let f = await h.waitFor((x) => x.includes("✖ node/kdeck-worker-1 not drained"));
    expect(f).toContain("✖ node/kdeck-worker-1 not drained: cannot delete Pods that declare no controller");
    expect(streamed(h)).toContain(`error: unable to drain node "kdeck-worker-1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...`);
    expect(streamed(h).split("\n").pop()).toBe("cannot delete Pods that declare no controller (use --force to override): default/bare");
    expect(f).toContain("Drain node/kdeck-worker-1  failed");
    expect(f).not.toMatch(/\bat .*\.(js|ts):\d+/);
    await h.press(Command.Close);
    // Again, with force (the fifth option).
    await h.press(Command.Drain);
    await h.press(Command.NextField, 4);
    await h.press(Command.ChangeField);
    expect(h.frame()).toMatch(/› force:\s+no {2}yes/);
    await h.press(Command.Yes);
    f = await h.waitFor((x) => x.includes("✔ node/kdeck-worker-1 drained"));
    expect(f).toContain("node/kdeck-worker-1 already cordoned");
    expect(f).toContain("Warning: deleting Pods that declare no controller: default/bare");
    expect(f).toContain("pod/bare evicted");
  });

  it("says so in the status line when a hidden drain ends", async () => {
    const { cluster, tick } = realtimeCluster(web(2));
    h = await renderConsole({ cluster });
    await selectNode(h, busiestNode(cluster).node);
    await h.press(Command.Drain);
    await h.press(Command.Yes);
    await h.press(Command.DrainHide);
    expect(h.frame()).toContain("the drain runs on: r on Nodes shows it again");
    await runUntil(h, tick, "the status line", (x) => /✔ node\/kdeck-worker-\d drained/.test(x), 60);
    expect(h.console.ui.overlay).toBeUndefined();
  });
});

describe("the Nodes pane", () => {
  it("shows a stopped node NotReady, and its taints in describe", async () => {
    const cluster = testCluster();
    h = await renderConsole({ cluster });
    cluster.patch("nodes", "", "kdeck-worker-2", { metadata: { annotations: { [KUBELET_STOPPED_ANNOTATION]: new Date(cluster.now()).toISOString() } } }, "merge");
    await cluster.advance(60_000);
    const f = await h.waitFor((x) => /kdeck-worker-2\s+NotReady/.test(x));
    expect(f).toContain("nodes 3/4");
    await selectNode(h, "kdeck-worker-2");
    await h.press(Command.Describe);
    expect(h.frame()).toMatch(/Taints:\s+node\.kubernetes\.io\/unreachable:NoExecute[ │]*\n.*node\.kubernetes\.io\/unreachable:NoSchedule/);
  });
});
