import { afterEach, describe, expect, it } from "vitest";
import { applySetRef, APPLYSET_GROUP_KINDS, APPLYSET_NAMESPACES, APPLYSET_PART_OF, parentNameForFolder, parentObject } from "../../../src/client/watch/apply-set.js";
import { FolderState } from "../../../src/client/watch/folder.js";
import { applyFolder } from "../../../src/client/watch/index.js";
import { folderIdentity, RoundRunner, type RoundResult } from "../../../src/client/watch/round.js";
import { configMap, dataOf, fixture, namespace, type Fixture } from "./helpers.js";

let fx: Fixture;
afterEach(() => fx?.cleanup());

/** A runner that keeps its folder state between rounds, as a watch does. */
function rounds(f: Fixture, opts: { allowEmpty?: boolean; pruneNonEmptyNamespaces?: boolean; dryRun?: boolean; prune?: boolean } = {}) {
  const applySet = applySetRef(parentNameForFolder(f.dir), "default");
  const folder = new FolderState({ dir: f.dir, recursive: false, namespace: "default", strictNamespace: false, applySetId: applySet.id });
  const runner = new RoundRunner({
    cluster: f.cluster,
    folder,
    applySet,
    folderId: folderIdentity(f.dir),
    prune: opts.prune ?? true,
    dryRun: opts.dryRun ?? false,
    allowEmpty: opts.allowEmpty ?? false,
    pruneNonEmptyNamespaces: opts.pruneNonEmptyNamespaces ?? false,
    toolingVersion: "0.1.0",
    wall: () => 0,
  });
  let n = 0;
  return {
    folder,
    applySet,
    async round(changed: ReadonlySet<string> | "all" = "all", reapply: ReadonlySet<string> = new Set()): Promise<RoundResult> {
      n++;
      return (await runner.run({ number: n, trigger: n === 1 ? "initial" : "change", changed, reapply })).result;
    },
  };
}

const lines = (r: RoundResult) => r.outcomes.map((o) => `${o.name} ${o.action}`);

describe("a round", () => {
  it("applies in dependency order whatever the file order, and labels members", async () => {
    fx = fixture();
    fx.write("a-config.yaml", configMap("settings", { mode: "fast" }, "shop"));
    fx.write("z-namespace.yaml", namespace("shop"));
    const r = await rounds(fx).round();
    expect(lines(r)).toEqual(["namespace/shop created", "configmap/settings created"]);
    expect(r.ok).toBe(true);
    const cm = fx.cluster.get("configmaps", "shop", "settings");
    expect(cm.metadata.labels?.[APPLYSET_PART_OF]).toMatch(/^applyset-.+-v1$/);
  });

  it("records the member kinds and namespaces on the parent secret", async () => {
    fx = fixture("app");
    fx.write("ns.yaml", namespace("shop"));
    fx.write("cm.yaml", configMap("settings", { a: "1" }, "shop") + "---\n" + configMap("local", { b: "2" }));
    await rounds(fx).round();
    const parent = fx.cluster.get("secrets", "default", "kdeck-watch-app");
    expect(parent.metadata.annotations?.[APPLYSET_GROUP_KINDS]).toBe("ConfigMap,Namespace");
    expect(parent.metadata.annotations?.[APPLYSET_NAMESPACES]).toBe("shop");
  });

  it("refuses a broken file whole: its objects keep their last good state and nothing is pruned", async () => {
    fx = fixture();
    fx.write("a.yaml", configMap("a", { v: "1" }) + "---\n" + configMap("b", { v: "1" }));
    fx.write("c.yaml", configMap("c", { v: "1" }));
    const w = rounds(fx);
    await w.round();
    // A half-saved edit: the first document changed, the second is cut short.
    fx.write("a.yaml", configMap("a", { v: "2" }) + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  v: [1\n");
    fx.remove("c.yaml");
    const r = await w.round(new Set(["a.yaml", "c.yaml"]));
    expect(dataOf(fx.cluster, "a")).toEqual({ v: "1" });
    expect(dataOf(fx.cluster, "c")).toEqual({ v: "1" });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 14, document: 2, message: expect.stringContaining("error converting YAML to JSON") });
    expect(r.issues[0]!.file).toMatch(/manifests\/a\.yaml$/);
    expect(r.prune.state).toBe("skipped");
    expect(w.folder.state("a.yaml")).toBe("error");
    expect(w.folder.accepted("a.yaml").map((o) => o.ref.name)).toEqual(["a", "b"]);

    // Fixed: the edit lands, and the prune held back runs.
    fx.write("a.yaml", configMap("a", { v: "2" }) + "---\n" + configMap("b", { v: "1" }));
    const fixed = await w.round(new Set(["a.yaml"]));
    expect(lines(fixed)).toEqual(["configmap/a configured", "configmap/b unchanged", "configmap/c pruned"]);
    expect(fixed.ok).toBe(true);
  });

  it("names the field, line and column of a validation error and applies nothing of that file", async () => {
    fx = fixture();
    fx.write("pods.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    ports:\n    - containerPort: 80\n");
    const r = await rounds(fx).round();
    expect(fx.cluster.tryGet("configmaps", "default", "ok")).toBeUndefined();
    expect(r.issues).toEqual([
      expect.objectContaining({ line: 12, column: 5, document: 2, object: "pod/web", field: "spec.containers[0].image", message: "spec.containers[0].image: Required value" }),
    ]);
  });

  it("points at an unknown field", async () => {
    fx = fixture();
    fx.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndatta:\n  a: b\n");
    const r = await rounds(fx).round();
    expect(r.issues[0]).toMatchObject({ line: 5, column: 1, field: "datta" });
    expect(r.issues[0]!.message).toMatch(/unknown field "datta"/);
  });

  it("prunes a document removed from a multi-document file, and only members", async () => {
    fx = fixture();
    fx.write("all.yaml", configMap("keep", { a: "1" }) + "---\n" + configMap("drop", { a: "1" }));
    const w = rounds(fx);
    await w.round();
    fx.cluster.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "by-hand", namespace: "default" } });
    fx.write("all.yaml", configMap("keep", { a: "1" }));
    const r = await w.round(new Set(["all.yaml"]));
    expect(lines(r)).toEqual(["configmap/keep unchanged", "configmap/drop pruned"]);
    expect(fx.cluster.tryGet("configmaps", "default", "by-hand")).toBeDefined();
    expect(fx.cluster.tryGet("configmaps", "default", "drop")).toBeUndefined();
  });

  it("keeps a dropped namespace that holds objects it did not apply, unless told otherwise", async () => {
    fx = fixture();
    fx.write("ns.yaml", namespace("shop"));
    const w = rounds(fx);
    await w.round();
    fx.cluster.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "notes", namespace: "shop" } });
    fx.write("other.yaml", configMap("x", { a: "1" }));
    fx.remove("ns.yaml");
    const r = await w.round("all");
    expect(r.outcomes.find((o) => o.name === "namespace/shop")).toMatchObject({ action: "kept", message: expect.stringContaining("configmap/notes") });
    expect(fx.cluster.tryGet("namespaces", "", "shop")?.metadata.deletionTimestamp).toBeUndefined();

    fx.cluster.delete("configmaps", "shop", "notes");
    const again = await w.round(new Set());
    expect(lines(again)).toEqual(["namespace/shop pruned"]);
  });

  it("prunes a non-empty namespace with pruneNonEmptyNamespaces", async () => {
    fx = fixture();
    fx.write("ns.yaml", namespace("shop"));
    fx.write("cm.yaml", configMap("x", { a: "1" }));
    const w = rounds(fx, { pruneNonEmptyNamespaces: true });
    await w.round();
    fx.cluster.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "notes", namespace: "shop" } });
    fx.remove("ns.yaml");
    expect(lines(await w.round(new Set(["ns.yaml"])))).toEqual(["namespace/shop pruned"]);
  });

  it("refuses to prune everything when the folder is emptied, unless allowed", async () => {
    fx = fixture();
    fx.write("a.yaml", configMap("a", { v: "1" }));
    fx.write("b.yaml", configMap("b", { v: "1" }));
    const w = rounds(fx);
    await w.round();
    fx.remove("a.yaml");
    fx.remove("b.yaml");
    const r = await w.round(new Set(["a.yaml", "b.yaml"]));
    expect(r.prune).toEqual({ state: "refused", reason: expect.stringContaining("refusing to prune all 2 objects") });
    expect(dataOf(fx.cluster, "a")).toEqual({ v: "1" });

    const allowed = rounds(fx, { allowEmpty: true });
    expect(lines(await allowed.round())).toEqual(["configmap/a pruned", "configmap/b pruned"]);
  });

  it("refuses an object declared by two files, keeping the first file's", async () => {
    fx = fixture();
    fx.write("a.yaml", configMap("same", { from: "a" }));
    const w = rounds(fx);
    await w.round();
    fx.write("b.yaml", configMap("same", { from: "b" }));
    const r = await w.round(new Set(["b.yaml"]));
    expect(r.issues[0]).toMatchObject({ object: "configmap/same", message: expect.stringMatching(/is also declared in .*a\.yaml/) });
    expect(dataOf(fx.cluster, "same")).toEqual({ from: "a" });
  });

  it("re-applies an object changed by hand, leaving the fields it does not manage", async () => {
    fx = fixture();
    fx.write("cm.yaml", configMap("settings", { mode: "fast" }));
    const w = rounds(fx);
    await w.round();
    fx.cluster.patch("configmaps", "default", "settings", { data: { mode: "slow", extra: "mine" }, metadata: { labels: { team: "ops" } } }, "merge");
    const key = "/ConfigMap/default/settings";
    const r = await w.round(new Set(), new Set([key]));
    expect(lines(r)).toEqual(["configmap/settings configured"]);
    const cm = fx.cluster.get("configmaps", "default", "settings");
    expect(cm.data).toEqual({ mode: "fast", extra: "mine" });
    expect(cm.metadata.labels?.team).toBe("ops");
  });

  it("changes nothing in a dry run", async () => {
    fx = fixture();
    fx.write("cm.yaml", configMap("a", { v: "1" }));
    const r = await rounds(fx, { dryRun: true }).round();
    expect(lines(r)).toEqual(["configmap/a created"]);
    expect(r.dryRun).toBe(true);
    expect(fx.cluster.tryGet("configmaps", "default", "a")).toBeUndefined();
    expect(fx.cluster.tryGet("secrets", "default", "kdeck-watch-manifests")).toBeUndefined();
  });

  it("touches nothing when the apply set's parent belongs to another tool or folder", async () => {
    fx = fixture();
    const ref = applySetRef("kdeck-watch-manifests", "default");
    fx.cluster.create(parentObject(ref, { groupKinds: new Set(), namespaces: new Set() }, "/somewhere/else/manifests", "0.1.0"));
    fx.write("cm.yaml", configMap("a", { v: "1" }));
    const r = await rounds(fx).round();
    expect(r.fatal).toMatch(/belongs to the folder \/somewhere\/else\/manifests/);
    expect(fx.cluster.tryGet("configmaps", "default", "a")).toBeUndefined();
  });

  it("skips the prune when an apply fails", async () => {
    fx = fixture();
    fx.write("a.yaml", configMap("a", { v: "1" }));
    fx.write("b.yaml", configMap("b", { v: "1" }, "nowhere"));
    const r = await applyFolder({ cluster: fx.cluster, dir: fx.dir });
    expect(r.issues[0]!.message).toBe('Error from server (NotFound): namespaces "nowhere" not found');
    expect(r.prune.state).toBe("skipped");
    expect(r.ok).toBe(false);
  });
});
