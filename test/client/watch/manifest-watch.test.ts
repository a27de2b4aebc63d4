/**
 * The watch over real temp folders, with the real chokidar watcher and an in-memory
 * cluster: what a user's editor does to a folder, and what the cluster does after.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManifestWatch, type ManifestWatchOptions, type RoundResult, type WatchStatus } from "../../../src/client/watch/index.js";
import { configMap, dataOf, eventually, fixture, namespace, sleep, type Fixture } from "./helpers.js";

let fx: Fixture;
let watch: ManifestWatch | undefined;
afterEach(async () => {
  await watch?.stop();
  watch = undefined;
  fx?.cleanup();
});

/** Starts a watch over the fixture's folder and records every round. */
async function startWatch(opts: Partial<ManifestWatchOptions> = {}): Promise<{ w: ManifestWatch; rounds: RoundResult[]; first: RoundResult }> {
  const w = new ManifestWatch({ cluster: fx.cluster, dir: fx.dir, toolingVersion: "0.1.0", ...opts });
  watch = w;
  const rounds: RoundResult[] = [];
  w.on("round", (r) => rounds.push(r));
  const first = await w.start();
  return { w, rounds, first };
}

/** The next round, or a failure after `ms`. */
function nextRound(w: ManifestWatch, ms = 5000): Promise<RoundResult> {
  return Promise.race([w.nextRound(), sleep(ms).then(() => Promise.reject(new Error("no round came")))]);
}

const lines = (r: RoundResult) => r.outcomes.map((o) => `${o.name} ${o.action}`);

describe("ManifestWatch", () => {
  it("applies the folder, then follows a new file, an edit and a deletion", async () => {
    fx = fixture();
    fx.write("00-ns.yaml", namespace("shop"));
    fx.write("cart.yaml", configMap("cart", { size: "1" }, "shop"));
    const { w, first } = await startWatch();
    expect(lines(first)).toEqual(["namespace/shop created", "configmap/cart created"]);
    expect(first.trigger).toBe("initial");

    let round = nextRound(w);
    fx.write("orders.yaml", configMap("orders", { count: "1" }, "shop"));
    expect(lines(await round)).toEqual(["configmap/orders created"]);

    round = nextRound(w);
    fx.write("cart.yaml", configMap("cart", { size: "2" }, "shop"));
    const edited = await round;
    expect(lines(edited)).toEqual(["configmap/cart configured"]);
    expect(edited.filesRead.map((f) => path.basename(f))).toEqual(["cart.yaml"]);
    expect(dataOf(fx.cluster, "cart", "shop")).toEqual({ size: "2" });

    round = nextRound(w);
    fx.remove("orders.yaml");
    const removed = await round;
    expect(lines(removed)).toEqual(["configmap/orders pruned"]);
    expect(fx.cluster.tryGet("configmaps", "shop", "orders")).toBeUndefined();
    expect(w.status().files.map((f) => [f.relPath, f.state])).toEqual([
      ["00-ns.yaml", "ok"],
      ["cart.yaml", "ok"],
    ]);
  });

  it("sees vim's and JetBrains' rename-on-save as one edit, pruning nothing", async () => {
    fx = fixture();
    fx.write("app.yaml", configMap("app", { v: "1" }));
    const { w, rounds } = await startWatch();

    // vim with backupcopy=no: probe file, swap file, move the original aside, write anew, drop the backup.
    let round = nextRound(w);
    fx.write("4913", "");
    fx.remove("4913");
    fx.write(".app.yaml.swp", "swap");
    fs.renameSync(path.join(fx.dir, "app.yaml"), path.join(fx.dir, "app.yaml~"));
    fx.write("app.yaml", configMap("app", { v: "2" }));
    fx.remove("app.yaml~");
    const vim = await round;
    expect(lines(vim)).toEqual(["configmap/app configured"]);
    expect(vim.prune.state).toBe("done");

    // JetBrains' safe write: a temp copy, the original renamed away, the copy renamed in.
    round = nextRound(w);
    fx.write("app.yaml___jb_tmp___", configMap("app", { v: "3" }));
    fs.renameSync(path.join(fx.dir, "app.yaml"), path.join(fx.dir, "app.yaml___jb_old___"));
    fs.renameSync(path.join(fx.dir, "app.yaml___jb_tmp___"), path.join(fx.dir, "app.yaml"));
    fx.remove("app.yaml___jb_old___");
    expect(lines(await round)).toEqual(["configmap/app configured"]);

    await sleep(400);
    expect(rounds).toHaveLength(3);
    expect(dataOf(fx.cluster, "app")).toEqual({ v: "3" });
    expect(w.status().files.map((f) => f.relPath)).toEqual(["app.yaml"]);
  });

  it("keeps the objects of a renamed file", async () => {
    fx = fixture();
    fx.write("old-name.yaml", configMap("kept", { v: "1" }));
    const { w } = await startWatch();
    const round = nextRound(w);
    fs.renameSync(path.join(fx.dir, "old-name.yaml"), path.join(fx.dir, "new-name.yaml"));
    const r = await round;
    expect(r.filesRemoved.map((f) => path.basename(f))).toEqual(["old-name.yaml"]);
    expect(lines(r)).toEqual(["configmap/kept unchanged"]);
    expect(r.prune.state).toBe("done");
    expect(w.status().files.map((f) => f.relPath)).toEqual(["new-name.yaml"]);
  });

  it("prunes a document deleted from a multi-document file and leaves the others", async () => {
    fx = fixture();
    fx.write("all.yaml", [configMap("a", { v: "1" }), configMap("b", { v: "1" }), configMap("c", { v: "1" })].join("---\n"));
    const { w } = await startWatch();
    const round = nextRound(w);
    fx.write("all.yaml", [configMap("a", { v: "1" }), configMap("c", { v: "1" })].join("---\n"));
    const r = await round;
    expect(lines(r)).toEqual(["configmap/a unchanged", "configmap/c unchanged", "configmap/b pruned"]);
    expect(fx.cluster.tryGet("configmaps", "default", "b")).toBeUndefined();
  });

  it("keeps a broken file's objects, shows the error at its line, and applies the fix", async () => {
    fx = fixture();
    fx.write("web.yaml", configMap("web", { replicas: "2" }) + "---\n" + configMap("web-extra", { a: "1" }));
    const { w } = await startWatch();

    let round = nextRound(w);
    // Mid-edit: the second document lost its end, as a half-saved file would.
    fx.write("web.yaml", configMap("web", { replicas: "3" }) + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-extra\ndata: {a: \n");
    const broken = await round;
    expect(broken.outcomes).toEqual([]);
    expect(broken.issues).toEqual([expect.objectContaining({ file: expect.stringMatching(/manifests\/web\.yaml$/), line: 12, column: 11, document: 2 })]);
    expect(broken.prune.state).toBe("skipped");
    expect(dataOf(fx.cluster, "web")).toEqual({ replicas: "2" });
    expect(fx.cluster.tryGet("configmaps", "default", "web-extra")).toBeDefined();
    const status = w.status();
    expect(status.files[0]).toMatchObject({ relPath: "web.yaml", state: "error", objects: ["configmap/web", "configmap/web-extra"] });
    expect(status.files[0]!.issues[0]!.message).toMatch(/^error converting YAML to JSON: yaml: line 12/);
    expect(status.objects.map((o) => [o.name, o.sync, o.health])).toEqual([
      ["configmap/web", "synced", "ready"],
      ["configmap/web-extra", "synced", "ready"],
    ]);

    round = nextRound(w);
    fx.write("web.yaml", configMap("web", { replicas: "3" }));
    const fixed = await round;
    expect(lines(fixed)).toEqual(["configmap/web configured", "configmap/web-extra pruned"]);
    expect(w.status().files[0]!.state).toBe("ok");
  });

  it("turns a save storm of 50 writes in 100 ms into one or two rounds", async () => {
    fx = fixture();
    fx.write("storm.yaml", configMap("storm", { count: "0" }));
    const { rounds } = await startWatch();
    for (let i = 1; i <= 50; i++) {
      fx.write("storm.yaml", configMap("storm", { count: String(i) }));
      await sleep(2);
    }
    await eventually(() => dataOf(fx.cluster, "storm")?.count === "50");
    await sleep(600);
    const after = rounds.length - 1;
    expect(after).toBeGreaterThanOrEqual(1);
    expect(after).toBeLessThanOrEqual(2);
  });

  it("refuses to prune everything when the folder is emptied, and recovers when it is back", async () => {
    fx = fixture();
    fx.write("a.yaml", configMap("a", { v: "1" }));
    fx.write("b.yaml", configMap("b", { v: "1" }));
    const { w } = await startWatch();
    const round = nextRound(w);
    fx.remove("a.yaml");
    fx.remove("b.yaml");
    const emptied = await round;
    expect(emptied.prune.state).toBe("refused");
    expect(emptied.prune.reason).toMatch(/refusing to prune all 2 objects .* --allow-empty/);
    expect(dataOf(fx.cluster, "a")).toEqual({ v: "1" });
    expect(w.status().prunePending).toEqual(["configmap/a", "configmap/b"]);

    const back = nextRound(w);
    fx.write("a.yaml", configMap("a", { v: "1" }));
    fx.write("b.yaml", configMap("b", { v: "1" }));
    await eventually(() => w.status().files.length === 2 && w.status().phase === "idle");
    await back;
    expect(w.status().prunePending).toEqual([]);
  });

  it("changes nothing while the folder itself is gone, and follows it again when it is back", async () => {
    fx = fixture();
    fx.write("a.yaml", configMap("a", { v: "1" }));
    const { w } = await startWatch();
    const gone = nextRound(w);
    fs.rmSync(fx.dir, { recursive: true });
    const r = await gone;
    expect(r.fatal).toMatch(/is gone \(deleted or unmounted\): nothing applied, nothing pruned/);
    expect(dataOf(fx.cluster, "a")).toEqual({ v: "1" });

    fx.write("a.yaml", configMap("a", { v: "2" }));
    await eventually(() => dataOf(fx.cluster, "a")?.v === "2", 8000);
    const edit = nextRound(w);
    fx.write("b.yaml", configMap("b", { v: "1" }));
    expect(lines(await edit)).toEqual(["configmap/b created"]);
  });

  it("reports a hand edit out of sync and reverts its fields at the next round", async () => {
    fx = fixture();
    fx.write("settings.yaml", configMap("settings", { mode: "fast" }));
    fx.write("other.yaml", configMap("other", { a: "1" }));
    const { w } = await startWatch();
    fx.cluster.patch("configmaps", "default", "settings", { data: { mode: "slow", note: "by hand" } }, "merge");
    await eventually(() => w.status().objects.find((o) => o.name === "configmap/settings")?.sync === "out-of-sync");
    expect(w.status().objects.find((o) => o.name === "configmap/settings")?.syncReason).toBe("changed in the cluster");
    // A field the manifest does not set is not drift.
    expect(w.status().objects.find((o) => o.name === "configmap/other")?.sync).toBe("synced");

    const round = nextRound(w);
    fx.write("other.yaml", configMap("other", { a: "2" }));
    const r = await round;
    expect(lines(r)).toEqual(["configmap/other configured", "configmap/settings configured"]);
    expect(dataOf(fx.cluster, "settings")).toEqual({ mode: "fast", note: "by hand" });
    expect(w.status().summary.outOfSync).toBe(0);
  });

  it("with self-heal, reverts a hand edit and re-creates a deleted object at once", async () => {
    fx = fixture();
    fx.write("settings.yaml", configMap("settings", { mode: "fast" }));
    const { w } = await startWatch({ selfHeal: true });
    let round = nextRound(w);
    fx.cluster.patch("configmaps", "default", "settings", { data: { mode: "slow" } }, "merge");
    const healed = await round;
    expect(healed.trigger).toBe("drift");
    expect(lines(healed)).toEqual(["configmap/settings configured"]);
    expect(dataOf(fx.cluster, "settings")).toEqual({ mode: "fast" });

    round = nextRound(w);
    fx.cluster.delete("configmaps", "default", "settings");
    expect(lines(await round)).toEqual(["configmap/settings created"]);
  });

  it("shows a saved file as pending until its round", async () => {
    fx = fixture();
    fx.write("a.yaml", configMap("a", { v: "1" }));
    const { w } = await startWatch({ quietMs: 400 });
    const seen: WatchStatus[] = [];
    w.on("status", (s) => seen.push(s));
    const round = nextRound(w);
    fx.write("a.yaml", configMap("a", { v: "2" }));
    await eventually(() => seen.some((s) => s.files[0]?.state === "pending"));
    expect(seen.find((s) => s.files[0]?.state === "pending")?.phase).toBe("pending");
    await round;
    expect(w.status()).toMatchObject({ phase: "idle", rounds: 2, files: [{ state: "ok" }] });
  });

  it("follows .kdeckignore: ignored files are not applied, and ignoring one prunes its objects", async () => {
    fx = fixture();
    fx.write(".kdeckignore", "drafts/\nlocal-*.yaml\n");
    fx.write("a.yaml", configMap("a", { v: "1" }));
    fx.write("local-dev.yaml", configMap("dev", { v: "1" }));
    fx.write("b.yaml", configMap("b", { v: "1" }));
    const { w, first } = await startWatch();
    expect(lines(first)).toEqual(["configmap/a created", "configmap/b created"]);
    const round = nextRound(w);
    fx.write(".kdeckignore", "drafts/\nlocal-*.yaml\nb.yaml\n");
    expect(lines(await round)).toEqual(["configmap/b pruned"]);
  });

  it("stop() lets the round in progress finish and leaves everything applied", async () => {
    fx = fixture();
    fx.write("seed.yaml", configMap("seed", { v: "1" }));
    const { w } = await startWatch({ quietMs: 50 });
    const many = Array.from({ length: 300 }, (_, i) => configMap(`cm-${i}`, { i: String(i) })).join("---\n");
    // Ask to stop while the round is applying (from its own status event, so the round
    // cannot have finished yet): stop() must wait for it rather than cut it short.
    let stopping: Promise<void> | undefined;
    w.on("status", (s) => {
      if (s.phase === "applying" && !stopping) stopping = w.stop();
    });
    fx.write("many.yaml", many);
    await eventually(() => stopping !== undefined, 5000);
    await stopping;
    expect(w.status().phase).toBe("stopped");
    expect(fx.cluster.list("configmaps", { namespace: "default" }).filter((c) => c.metadata.name?.startsWith("cm-"))).toHaveLength(300);
  });
});

describe("ManifestWatch -R", () => {
  it("reads subfolders only when recursive, and follows a new subfolder", async () => {
    fx = fixture();
    fx.write("top.yaml", configMap("top", { v: "1" }));
    fx.write("apps/web.yaml", configMap("web", { v: "1" }));
    const flat = new ManifestWatch({ cluster: fx.cluster, dir: fx.dir, applySetName: "flat" });
    expect(lines(await flat.start())).toEqual(["configmap/top created"]);
    await flat.stop();

    const { w, first } = await startWatch({ recursive: true });
    // Depth-first in lexical order, as kubectl walks a folder; top moves from the "flat" set to this one.
    expect(lines(first)).toEqual(["configmap/web created", "configmap/top configured"]);
    const round = nextRound(w);
    fx.write("db/redis.yaml", configMap("redis", { v: "1" }));
    const r = await round;
    expect(lines(r)).toContain("configmap/redis created");
    expect(w.status().files.map((f) => f.relPath)).toEqual(["apps/web.yaml", "db/redis.yaml", "top.yaml"]);
  });
});
