/**
 * `kdeck watch DIR` and `kdeck apply -f DIR --prune`: in-process through runCli, and
 * one run of the built binary (`npm run build` first) stopped with SIGINT.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Capture, kdeck, tempDb } from "./run.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin", "kdeck.js");

let db: string;
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ db, cleanup } = tempDb());
  dir = path.join(path.dirname(db), "site");
  fs.mkdirSync(dir);
});
afterEach(() => cleanup());

function write(rel: string, text: string): void {
  fs.writeFileSync(path.join(dir, rel), text);
}

const cm = (name: string, value: string, ns?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}data:\n  value: "${value}"\n`;

async function eventually(cond: () => boolean, ms = 8000, show: () => string = () => ""): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not reached in time${show() ? `; output so far:\n${show()}` : ""}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("kdeck apply -f DIR --prune", () => {
  it("applies the folder and prunes what it no longer declares, and nothing else", async () => {
    write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    write("a.yaml", cm("a", "1", "shop") + "---\n" + cm("b", "1", "shop"));
    expect(await kdeck(db, ["apply", "-f", dir, "--prune"])).toEqual({
      code: 0,
      stdout: "namespace/shop created\nconfigmap/a created\nconfigmap/b created\n",
      stderr: "",
    });
    await kdeck(db, ["apply", "-f", "-"], { stdin: cm("by-hand", "1", "shop") });
    write("a.yaml", cm("a", "1", "shop"));
    const r = await kdeck(db, ["apply", "-f", dir, "--prune"]);
    expect(r.stdout).toBe("namespace/shop unchanged\nconfigmap/a unchanged\nconfigmap/b pruned\n");
    expect((await kdeck(db, ["get", "cm", "-n", "shop", "-o", "name"])).stdout).toBe("configmap/a\nconfigmap/by-hand\n");
    const parent = await kdeck(db, ["get", "secret", "kdeck-watch-site", "-o", "jsonpath={.metadata.annotations.applyset\\.kubernetes\\.io/contains-group-kinds}"]);
    expect(parent.stdout).toBe("ConfigMap,Namespace");
  });

  it("refuses to empty the apply set unless --allow-empty, and reports a broken file with its position", async () => {
    write("a.yaml", cm("a", "1"));
    await kdeck(db, ["apply", "-f", dir, "--prune"]);
    fs.rmSync(path.join(dir, "a.yaml"));
    const refused = await kdeck(db, ["apply", "-f", dir, "--prune"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: refusing to prune all 1 object of the apply set: .* pass --allow-empty\n$/);
    expect((await kdeck(db, ["apply", "-f", dir, "--prune", "--allow-empty"])).stdout).toBe("configmap/a pruned\n");

    write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata: [x\n");
    const bad = await kdeck(db, ["apply", "-f", dir, "--prune"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*site\/bad\.yaml:6:1: error converting YAML to JSON: yaml: line 6: /m);
    expect(bad.stderr).toMatch(/^prune skipped: 1 file has errors/m);
  });

  it("needs one folder", async () => {
    write("a.yaml", cm("a", "1"));
    const r = await kdeck(db, ["apply", "-f", path.join(dir, "a.yaml"), "--prune"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --prune needs -f with one folder/);
  });
});

describe("kdeck watch DIR", () => {
  it("applies, follows an edit and a deletion, and stops on ctrl-c leaving everything applied", async () => {
    write("a.yaml", cm("a", "1"));
    write("b.yaml", cm("b", "1"));
    const stdout = new Capture();
    const interrupt = new AbortController();
    const watching = kdeck(db, ["watch", dir], { stdout, signal: interrupt.signal });
    await eventually(() => stdout.text.includes("configmap/b created"));
    expect(stdout.text).toMatch(/^watching .*site \(apply set secret\/kdeck-watch-site in namespace default\); ctrl-c to stop\n\[\d\d:\d\d:\d\d\] round 1: applying the folder \(2 files\)\n/);

    write("a.yaml", cm("a", "2"));
    await eventually(() => stdout.text.includes("configmap/a configured"));
    fs.rmSync(path.join(dir, "b.yaml"));
    await eventually(() => stdout.text.includes("configmap/b pruned"));
    expect(stdout.text).toMatch(/round 3: .*b\.yaml removed\nconfigmap\/b pruned\n/);
    interrupt.abort();
    const r = await watching;
    expect(r.code).toBe(130);
    expect(stdout.text).toMatch(/stopped; 1 object stays applied\n$/);
    expect((await kdeck(db, ["get", "cm", "a", "-o", "jsonpath={.data.value}"])).stdout).toBe("2");
  });

  it("--status prints each file and object", async () => {
    write("a.yaml", cm("a", "1"));
    await kdeck(db, ["apply", "-f", dir, "--prune"]);
    write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n");
    await kdeck(db, ["apply", "-f", "-"], { stdin: cm("a", "changed") });
    const r = await kdeck(db, ["watch", dir, "--status"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^FILE\s+STATUS\s+OBJECTS\n.*site\/a\.yaml\s+ok\s+1\n.*site\/broken\.yaml\s+error\s+0\n/m);
    expect(r.stdout).toMatch(/^configmap\/a\s+default\s+OutOfSync\s+Ready\s+changed in the cluster$/m);
    expect(r.stderr).toMatch(/^error: .*site\/broken\.yaml:4:1: error converting YAML to JSON/m);
  });

  it("says so when the folder is not there", async () => {
    const r = await kdeck(db, ["watch", path.join(dir, "nope")]);
    expect(r).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: the path ".*nope" does not exist\n$/) });
  });
});

describe("the kdeck binary's watch", () => {
  it("follows a folder until SIGINT and leaves its objects applied", async () => {
    if (!fs.existsSync(path.join(root, "dist", "src", "cli.js"))) throw new Error("dist/src/cli.js is missing: run `npm run build` first");
    write("web.yaml", cm("web", "1"));
    const env = { ...process.env, KDECK_DB: db };
    const child = spawn(process.execPath, [bin, "watch", dir], { env });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (err += s));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const seen = () => `${out}\n--- stderr:\n${err}`;
    await eventually(() => out.includes("configmap/web created"), 15_000, seen);
    // Give chokidar a moment past the first round before editing.
    await new Promise((r) => setTimeout(r, 300));
    write("web.yaml", cm("web", "2"));
    await eventually(() => out.includes("configmap/web configured"), 15_000, seen);
    write("web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  value: [\n");
    await eventually(() => err.includes("error converting YAML to JSON"), 15_000, seen);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(out).toMatch(/stopped; 1 object stays applied\n$/);
    const get = spawnSync(process.execPath, [bin, "get", "cm", "web", "-o", "jsonpath={.data.value}"], { env, encoding: "utf8" });
    expect(get.stdout).toBe("2");
  });
});
