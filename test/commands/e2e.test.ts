/**
 * The real binary, as a user runs it: `node bin/kdeck.js …` with KDECK_DB set. Needs
 * `npm run build` first (`npm test` does it).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NGINX_POD, tempDb, writeManifest } from "./run.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin", "kdeck.js");

let db: string;
let cleanup: () => void;
beforeAll(() => {
  if (!fs.existsSync(path.join(root, "dist", "src", "cli.js"))) throw new Error("dist/src/cli.js is missing: run `npm run build` first");
});
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, KDECK_DB: db }, encoding: "utf8", input: input ?? "" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the kdeck binary", () => {
  it("creates a cluster on first use and lists its nodes", () => {
    const r = run(["get", "nodes"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(r.stdout).toContain("kdeck-worker-3");
    expect(fs.existsSync(db)).toBe(true);
  });

  it("applies from stdin, advances time and shows the pod running", () => {
    expect(run(["apply", "-f", "-"], NGINX_POD)).toEqual({ code: 0, stdout: "pod/nginx created\n", stderr: "" });
    expect(run(["advance", "30s"]).stdout).toMatch(/^advanced 30s to \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect(run(["get", "pods"]).stdout).toMatch(/\nnginx\s+1\/1\s+Running\s+0\s+30s\n$/);
  });

  it("exits 1 with one line for failures and 2 for bad usage", () => {
    expect(run(["get", "pod", "nope"])).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    const usage = run(["get", "--bogus"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: unknown option '--bogus'/);
    expect(usage.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("watches from one process while another applies, and stops cleanly on SIGINT", async () => {
    run(["get", "nodes"]);
    const watcher = spawn(process.execPath, [bin, "get", "pods", "-w"], { env: { ...process.env, KDECK_DB: db } });
    let out = "";
    watcher.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
    const exited = new Promise<number | null>((resolve) => watcher.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
    await new Promise((r) => setTimeout(r, 700));
    expect(run(["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]).code).toBe(0);
    const deadline = Date.now() + 10_000;
    while (!/nginx\s+1\/1\s+Running/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    watcher.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nnginx\s+0\/1\s+Pending/);
    expect(out).toMatch(/nginx\s+1\/1\s+Running/);
    // The watcher gave the engine back: this process can move time again.
    expect(run(["advance", "1s"]).code).toBe(0);
  });
});
