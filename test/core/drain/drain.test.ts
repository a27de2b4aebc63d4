import fs from "node:fs";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { startDrain, type DrainClock, type DrainEvent, type DrainOptions, type DrainResult } from "../../../src/core/drain/index.js";
import { TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";
import { clusterPerTest } from "../../helpers/per-test.js";
import { deployment, manifests, pdb, sleeperDaemonSet } from "../../helpers/fixtures.js";

const start = clusterPerTest({ workers: 2 });

function golden(name: string, actual: string): void {
  const file = new URL(`./testdata/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN) {
    fs.mkdirSync(new URL("./testdata/", import.meta.url), { recursive: true });
    fs.writeFileSync(file, actual);
  } else expect(actual).toBe(fs.readFileSync(file, "utf8"));
}

/** The drain's clock in a test: waits fast-forward the engine. */
function fastForward(c: TestCluster): DrainClock {
  return { now: () => c.clock.now(), wait: (done, ms) => Promise.resolve(c.engine.advanceUntil(done, ms)) };
}

async function drain(c: TestCluster, node: string, opts: DrainOptions = {}): Promise<{ result: DrainResult; events: DrainEvent[]; lines: string[] }> {
  const events: DrainEvent[] = [];
  const result = await startDrain(c.api, fastForward(c), { nodes: [node] }, opts, (e) => events.push(e)).done;
  const lines = events.map((e) => `${String((e.at - TEST_EPOCH) / 1000).padStart(5)}s ${e.stream === "stderr" ? "!" : " "} ${e.text}`);
  return { result, events, lines };
}

const WEB = deployment("web", { replicas: 3, containerFields: { readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5 } } });

function pods(c: TestCluster, selector = "app=web"): Pod[] {
  return c.api.list("pods", { namespace: "default", labelSelector: selector }).map((p) => asKind<Pod>(p));
}

function isHealthy(p: Pod): boolean {
  return !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((x) => x.type === "Ready" && x.status === "True");
}

/** The node running most of the pods (2 of the Deployment's 3 on two workers). */
function busiestNode(c: TestCluster): string {
  const counts = new Map<string, number>();
  for (const p of pods(c)) counts.set(p.spec!.nodeName!, (counts.get(p.spec!.nodeName!) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

/** Follows every pod change and keeps the fewest healthy pods seen at any commit. */
function trackHealthy(c: TestCluster): { min: () => number; samples: () => number } {
  const state = new Map<string, Pod>();
  for (const p of pods(c)) state.set(p.metadata!.name!, p);
  const count = () => [...state.values()].filter(isHealthy).length;
  let min = count();
  let samples = 0;
  c.api.watch("pods", { namespace: "default", labelSelector: "app=web" }, (ev) => {
    const p = asKind<Pod>(ev.object);
    if (ev.type === "DELETED") state.delete(p.metadata!.name!);
    else state.set(p.metadata!.name!, p);
    samples++;
    min = Math.min(min, count());
  });
  return { min: () => min, samples: () => samples };
}

describe("drain", () => {
  it("a node running 2 of 3 replicas under minAvailable 2: evictions wait for replacements, never fewer than 2 ready", async () => {
    const c = start();
    c.applyYaml(manifests(WEB, pdb("web-pdb", "web", { minAvailable: 2 })));
    c.advance(60_000);
    expect(pods(c).filter(isHealthy)).toHaveLength(3);
    const node = busiestNode(c);
    const onNode = pods(c).filter((p) => p.spec?.nodeName === node);
    expect(onNode).toHaveLength(2);
    const track = trackHealthy(c);

    const { result, events, lines } = await drain(c, node);

    expect(result).toEqual({ drained: [node], pending: [], cancelled: false });
    expect(track.min()).toBeGreaterThanOrEqual(2);
    expect(track.samples()).toBeGreaterThan(10);
    // The second eviction was refused until a replacement was Ready elsewhere.
    const retries = events.filter((e) => e.kind === "retry");
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]!.text).toMatch(/^error when evicting pods\/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/);
    expect(events.filter((e) => e.kind === "evicted").map((e) => e.pod!.name).sort()).toEqual(onNode.map((p) => p.metadata!.name!).sort());
    expect(events.at(-1)).toMatchObject({ kind: "drained", text: `node/${node} drained`, stream: "stdout" });
    expect(pods(c).filter((p) => p.spec?.nodeName === node)).toHaveLength(0);
    c.advance(30_000);
    expect(pods(c).filter(isHealthy)).toHaveLength(3);
    golden("drain-pdb.txt", lines.join("\n").replaceAll(node, "NODE").replace(/web-[a-z0-9]+-[a-z0-9]{5}/g, "web-POD") + "\n");
  });

  it("refuses a bare pod without --force, with kubectl's summary", async () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  nodeName: kdeck-worker-1
  containers: [{name: c, image: nginx:1.27}]
`);
    c.advance(10_000);
    const { result, lines } = await drain(c, "kdeck-worker-1");
    expect(result).toEqual({ drained: [], pending: ["kdeck-worker-1"], cancelled: false });
    expect(lines.map((l) => l.slice(7))).toEqual([
      "  node/kdeck-worker-1 cordoned",
      '! error: unable to drain node "kdeck-worker-1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...',
      "! There are pending nodes to be drained:",
      "!  kdeck-worker-1",
      "! cannot delete Pods that declare no controller (use --force to override): default/bare",
    ]);
    expect(c.api.get("nodes", "", "kdeck-worker-1").spec).toMatchObject({ unschedulable: true });
    expect(c.api.tryGet("pods", "default", "bare")).toBeDefined();

    const forced = await drain(c, "kdeck-worker-1", { force: true });
    expect(forced.result.drained).toEqual(["kdeck-worker-1"]);
    expect(forced.lines.map((l) => l.slice(7))).toEqual([
      "  node/kdeck-worker-1 already cordoned",
      "! Warning: deleting Pods that declare no controller: default/bare",
      "  evicting pod default/bare",
      "  pod/bare evicted",
      "  node/kdeck-worker-1 drained",
    ]);
    expect(c.api.tryGet("pods", "default", "bare")).toBeUndefined();
  });

  it("DaemonSet pods: refused without --ignore-daemonsets, left in place with it", async () => {
    const c = start();
    c.applyYaml(sleeperDaemonSet("agent", "kube-system"));
    c.advance(10_000);
    const agent = c.api.list("pods", { namespace: "kube-system", labelSelector: "app=agent", fieldSelector: "spec.nodeName=kdeck-worker-1" })[0]!;
    const refused = await drain(c, "kdeck-worker-1");
    expect(refused.events.at(-1)!.text).toBe(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${agent.metadata.name}`);
    const ok = await drain(c, "kdeck-worker-1", { ignoreDaemonSets: true });
    expect(ok.events.map((e) => e.text)).toContain(`Warning: ignoring DaemonSet-managed Pods: kube-system/${agent.metadata.name}`);
    expect(ok.result.drained).toEqual(["kdeck-worker-1"]);
    expect(c.api.tryGet("pods", "kube-system", agent.metadata.name!)).toBeDefined();
  });

  it("emptyDir data: refused without --delete-emptydir-data, evicted with it", async () => {
    const c = start(undefined, { workers: 1 });
    c.applyYaml(
      deployment("cache", {
        container: "redis",
        image: "redis:7",
        containerFields: { volumeMounts: [{ name: "data", mountPath: "/data" }] },
        podFields: { volumes: [{ name: "data", emptyDir: {} }] },
      }),
    );
    c.advance(10_000);
    const pod = pods(c, "app=cache")[0]!;
    const refused = await drain(c, "kdeck-worker-1");
    expect(refused.events.at(-1)!.text).toBe(`cannot delete Pods with local storage (use --delete-emptydir-data to override): default/${pod.metadata!.name}`);
    const ok = await drain(c, "kdeck-worker-1", { deleteEmptyDirData: true });
    // kubectl's local-storage warning is overwritten by the next filter's verdict: none is printed.
    expect(ok.events.filter((e) => e.kind === "warning")).toEqual([]);
    expect(ok.events.map((e) => e.text)).toContain(`pod/${pod.metadata!.name} evicted`);
  });

  it("an unsatisfiable budget: retries every 5 s until --timeout, then kubectl's timeout report", async () => {
    const c = start();
    c.applyYaml(manifests(WEB, pdb("web-pdb", "web", { minAvailable: 3 })));
    c.advance(60_000);
    const node = busiestNode(c);
    const t0 = c.clock.now();
    const { result, events } = await drain(c, node, { timeoutMs: 20_000 });
    expect(result.pending).toEqual([node]);
    expect(c.clock.now() - t0).toBe(20_000);
    const victims = pods(c)
      .filter((p) => p.spec?.nodeName === node)
      .map((p) => p.metadata!.name!)
      .sort();
    // Five attempts per pod (0, 5, 10, 15 s refused; at 20 s the timeout), each announced.
    for (const v of victims) expect(events.filter((e) => e.kind === "evicting" && e.pod?.name === v)).toHaveLength(5);
    const tail = events.filter((e) => e.kind === "timeout" || e.kind === "error").map((e) => e.text);
    const reason = (v: string) => `error when evicting pods/"${v}" -n "default": global timeout reached: 20s`;
    expect(tail).toEqual([
      `There are pending pods in node "${node}" when an error occurred: [${victims.map(reason).join(", ")}]`,
      ...victims.map((v) => `pod/${v}`),
      `error: unable to drain node "${node}" due to error: [${victims.map(reason).join(", ")}], continuing command...`,
      "There are pending nodes to be drained:",
      ` ${node}`,
      ...victims.map(reason),
    ]);
  });

  it("--dry-run=client changes nothing", async () => {
    const c = start();
    c.applyYaml(WEB);
    c.advance(30_000);
    const node = busiestNode(c);
    const before = pods(c).map((p) => p.metadata!.name).sort();
    const { lines } = await drain(c, node, { dryRun: "client" });
    expect(lines[0]).toContain(`node/${node} cordoned (dry run)`);
    expect(lines.filter((l) => l.includes("evicting pod default/web-") && l.endsWith("(dry run)"))).toHaveLength(2);
    expect(lines.at(-1)).toContain(`node/${node} drained (dry run)`);
    expect(c.api.get("nodes", "", node).spec).not.toMatchObject({ unschedulable: true });
    expect(pods(c).map((p) => p.metadata!.name).sort()).toEqual(before);
  });

  it("--disable-eviction deletes through any budget; --pod-selector picks the pods", async () => {
    const c = start();
    c.applyYaml(manifests(WEB, pdb("web-pdb", "web", { minAvailable: 3 })));
    c.advance(60_000);
    const node = busiestNode(c);
    const none = await drain(c, node, { podSelector: "app=other", timeoutMs: 10_000 });
    expect(none.result.drained).toEqual([node]);
    expect(pods(c).filter((p) => p.spec?.nodeName === node)).toHaveLength(2);
    const { result, events } = await drain(c, node, { disableEviction: true, timeoutMs: 60_000 });
    expect(result.drained).toEqual([node]);
    expect(events.filter((e) => e.kind === "evicted").map((e) => e.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^pod\/web-.* deleted$/)]));
    expect(events.some((e) => e.kind === "retry")).toBe(false);
  });

  it("cancel stops between steps and reports a cancelled drain", async () => {
    const c = start();
    c.applyYaml(manifests(WEB, pdb("web-pdb", "web", { minAvailable: 3 })));
    c.advance(60_000);
    const node = busiestNode(c);
    const events: DrainEvent[] = [];
    let handle: ReturnType<typeof startDrain> | undefined = undefined;
    handle = startDrain(c.api, fastForward(c), { nodes: [node] }, {}, (e) => {
      events.push(e);
      if (e.kind === "retry" && events.filter((x) => x.kind === "retry").length === 4) handle!.cancel();
    });
    const result = await handle.done;
    expect(result.cancelled).toBe(true);
    expect(events.some((e) => e.kind === "drained" || e.kind === "error")).toBe(false);
  });

  it("a node that does not exist stops the drain before anything changes", async () => {
    const c = start();
    const handle = startDrain(c.api, fastForward(c), { nodes: ["kdeck-worker-1", "nope"] }, {}, () => {});
    await expect(handle.done).rejects.toThrow('nodes "nope" not found');
    expect(c.api.get("nodes", "", "kdeck-worker-1").spec).not.toMatchObject({ unschedulable: true });
  });
});
