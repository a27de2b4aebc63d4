/**
 * `kdeck logs -l` as a user runs it: the built binary (`npm run build` first), a second
 * process applying pods while the first follows them.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tempDb, writeManifest } from "./run.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin", "kdeck.js");

let db: string;
let cleanup: () => void;
beforeAll(() => {
  if (!fs.existsSync(path.join(root, "dist", "src", "cli.js"))) throw new Error("dist/src/cli.js is missing: run `npm run build` first");
});
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, KDECK_DB: db }, encoding: "utf8", input: "" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pod(name: string, script: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: demo
spec:
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", ${JSON.stringify(script)}]
`;
}

describe("the kdeck binary: logs -l", () => {
  it("prints each matching pod's lines, prefixed", () => {
    expect(run(["apply", "-f", writeManifest(db, "ab.yaml", [pod("alpha", "echo a1; echo a2; sleep infinity"), pod("beta", "echo b1; sleep infinity")].join("---\n"))]).code).toBe(0);
    expect(run(["advance", "30s"]).code).toBe(0);
    expect(run(["logs", "-l", "app=demo", "--prefix"])).toEqual({ code: 0, stdout: "[pod/alpha/main] a1\n[pod/alpha/main] a2\n[pod/beta/main] b1\n", stderr: "" });
  });

  it("follows the selector's pods, picks up a pod applied by another process, and stops on SIGINT", async () => {
    expect(run(["apply", "-f", writeManifest(db, "alpha.yaml", pod("alpha", "echo a1; sleep infinity"))]).code).toBe(0);
    expect(run(["advance", "30s"]).code).toBe(0);
    const follower = spawn(process.execPath, [bin, "logs", "-f", "-l", "app=demo", "--prefix"], { env: { ...process.env, KDECK_DB: db } });
    let out = "";
    follower.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
    const exited = new Promise<number | null>((resolve) => follower.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
    const until = async (re: RegExp): Promise<void> => {
      const deadline = Date.now() + 15_000;
      while (!re.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    };
    await until(/a1\n/);
    expect(run(["apply", "-f", writeManifest(db, "beta.yaml", pod("beta", "echo b1; sleep infinity"))]).code).toBe(0);
    // The follower runs the engine in real time: beta is scheduled, pulled and started.
    await until(/\[pod\/beta\/main\] b1\n/);
    follower.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(out).toBe("[pod/alpha/main] a1\n[pod/beta/main] b1\n");
  }, 30_000);
});
