import { afterEach, describe, expect, it } from "vitest";
import type { EmbeddedCluster } from "../../src/client/embedded.js";
import { LogTailer } from "../../src/tui/data/log-tailer.js";
import { LogRing } from "../../src/tui/state/log-ring.js";
import { testCluster } from "./render.js";

const CRASHY = `apiVersion: v1
kind: Pod
metadata: { name: crashy, labels: { app: crashy } }
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "echo starting up; sleep 2; echo giving up; exit 1"]
`;

const WEB = (name: string): string => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, labels: { app: web } }
spec:
  containers: [{ name: c, image: "busybox:1.36", command: ["sh", "-c", "while true; do echo hello from ${name}; sleep 1; done"] }]
`;

let cluster: EmbeddedCluster | undefined;
let tailer: LogTailer | undefined;
afterEach(() => {
  tailer?.close();
  cluster?.close();
});

function entries(ring: LogRing): string[] {
  const out: string[] = [];
  for (let s = ring.firstSeq; s < ring.nextSeq; s++) {
    const e = ring.at(s)!;
    out.push(e.type === "line" ? `${e.pod}: ${e.text}` : `${e.type === "start" ? "+" : "-"} ${e.pod} › ${e.container}`);
  }
  return out;
}

describe("the log tailer", () => {
  it("marks each restart of a container, also when it happened between two polls", async () => {
    cluster = testCluster({ yaml: CRASHY });
    const ring = new LogRing(1000);
    tailer = new LogTailer(cluster, ring, () => undefined, 60_000);
    tailer.retarget({ label: "-l app=crashy", namespace: "default", selector: "app=crashy" }, { previous: false, initialTail: 100 });
    await cluster.advance(60_000);
    tailer.poll();
    const seen = entries(ring);
    expect(seen[0]).toBe("+ crashy › app");
    expect(seen.filter((l) => l === "crashy: starting up").length).toBeGreaterThanOrEqual(2);
    // Every instance's lines sit between a + and a -.
    const firstStop = seen.indexOf("- crashy › app");
    expect(seen.slice(0, firstStop)).toEqual(["+ crashy › app", "crashy: starting up", "crashy: giving up"]);
    expect(seen[firstStop + 1]).toBe("+ crashy › app");
  });

  it("follows pods as they appear and leave, interleaving their lines by time", async () => {
    cluster = testCluster({ yaml: WEB("a") });
    const ring = new LogRing(1000);
    tailer = new LogTailer(cluster, ring, () => undefined, 60_000);
    tailer.retarget({ label: "-l app=web", namespace: "default", selector: "app=web" }, { previous: false, initialTail: 100 });
    await cluster.advance(3_000);
    tailer.poll();
    expect(tailer.podCount).toBe(1);
    cluster.apply(JSON.parse(JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "b", namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", "while true; do echo hello from b; sleep 1; done"] }] } })));
    await cluster.advance(5_000);
    tailer.poll();
    expect(tailer.podCount).toBe(2);
    const seen = entries(ring);
    expect(seen).toContain("+ b › c");
    expect(seen).toContain("b: hello from b");
    const times: number[] = [];
    for (let s = ring.firstSeq; s < ring.nextSeq; s++) if (ring.at(s)!.type === "line") times.push(ring.at(s)!.ts);
    const batchStart = seen.indexOf("+ b › c");
    const later = times.slice(Math.max(0, batchStart - 1));
    expect([...later].sort((x, y) => x - y)).toEqual(later);
    cluster.delete("pods", "default", "a", { gracePeriodSeconds: 0 });
    await cluster.advance(1_000);
    tailer.poll();
    expect(tailer.podCount).toBe(1);
    expect(entries(ring)).toContain("- a › c");
  });

  it("reports a selector it cannot parse instead of throwing", () => {
    cluster = testCluster();
    const ring = new LogRing(10);
    tailer = new LogTailer(cluster, ring, () => undefined, 60_000);
    tailer.retarget({ label: "bad", selector: "a in (" }, { previous: false, initialTail: 10 });
    expect(tailer.error).toBeDefined();
  });
});
