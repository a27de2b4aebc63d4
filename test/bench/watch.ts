import fs from "node:fs";
import path from "node:path";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { ManifestWatch, type RoundResult } from "../../src/client/watch/index.js";
import { median, report, tempDir, type Figure } from "./harness.js";

const FILES = 500;
const NAMESPACES = 10;
const EDITS = 40;

/** File i of the bench folder: namespaces first, then a mix of config, identities and pods. */
function manifest(i: number, revision: number): string {
  const ns = `bench-${i % NAMESPACES}`;
  if (i === 0) {
    return Array.from({ length: NAMESPACES }, (_, n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench-${n}\n`).join("---\n");
  }
  if (i % 10 === 0) {
    return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-${i}\n  namespace: ${ns}\n  labels: {app: web}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      requests: {cpu: 10m, memory: 16Mi}\n`;
  }
  if (i % 7 === 0) return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-${i}\n  namespace: ${ns}\n`;
  if (i % 5 === 0) return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-${i}\n  namespace: ${ns}\nstringData:\n  token: t-${i}-${revision}\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: ${ns}\ndata:\n  revision: "${revision}"\n  greeting: hello from file ${i}\n`;
}

/**
 * Watch mode on a folder of 500 manifest files, with the engine running in real time as
 * in `kdeck watch`: the initial apply of the whole folder, then from a file's save to its
 * object updated and the status reporting it (the debounce's 200 ms included).
 */
export async function watchFolder(): Promise<Figure[]> {
  const root = tempDir("watch");
  const dir = path.join(root, "manifests");
  fs.mkdirSync(dir);
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(dir, `${String(i).padStart(3, "0")}.yaml`), manifest(i, 0));
  const cluster = EmbeddedCluster.open({ db: path.join(root, "cluster.db") });
  cluster.startRealtime();
  cluster.setSpeed(cluster.engineStatus().speed);
  const watch = new ManifestWatch({ cluster, dir });
  const figures: Figure[] = [];
  try {
    const t0 = performance.now();
    const first = await watch.start();
    const initial = (performance.now() - t0) / 1000;
    if (!first.ok || first.counts.created < FILES) throw new Error(`initial round applied ${first.counts.created} objects: ${first.issues[0]?.message ?? first.fatal ?? ""}`);
    figures.push(report({ name: `watch: initial apply of ${FILES} manifest files`, value: initial, unit: "s", goal: { op: "<", value: 2 } }));

    const latencies: number[] = [];
    const edited = Array.from({ length: 500 }, (_, i) => i).filter((i) => i % 10 !== 0 && i % 7 !== 0 && i % 5 !== 0);
    for (let k = 0; k < EDITS; k++) {
      const i = edited[(k * 37) % edited.length]!;
      const name = `configmap/cm-${i}`;
      const done = new Promise<void>((resolve) => {
        const off = watch.on("round", (r: RoundResult) => {
          if (!r.outcomes.some((o) => o.name === name && o.action === "configured")) return;
          const status = watch.status();
          if (status.objects.find((o) => o.name === name)?.sync !== "synced") return;
          off();
          resolve();
        });
      });
      const saved = performance.now();
      fs.writeFileSync(path.join(dir, `${String(i).padStart(3, "0")}.yaml`), manifest(i, k + 1));
      await done;
      latencies.push(performance.now() - saved);
      await new Promise((r) => setTimeout(r, 30));
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    figures.push(report({ name: `watch: save to object updated and status, ${FILES} files (p50)`, value: median(latencies), unit: "ms", goal: { op: "<", value: 300 } }));
    figures.push(report({ name: `watch: save to object updated and status (p95)`, value: sorted[Math.floor(sorted.length * 0.95)]!, unit: "ms" }));
  } finally {
    await watch.stop();
    cluster.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
  return figures;
}
