/**
 * `kdeck exec` as a user runs it: the built binary (`npm run build` first), with the
 * command's output on the process's streams and its exit code as the process's.
 */
import { spawnSync } from "node:child_process";
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

function run(args: string[], input = ""): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, KDECK_DB: db }, encoding: "utf8", input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LIVENESS = `apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args: ["/bin/sh", "-c", "touch /tmp/healthy; echo ok > /tmp/status; sleep 600"]
`;

describe("the kdeck binary: exec", () => {
  it("runs a command in the container and exits with its code", () => {
    expect(run(["apply", "-f", writeManifest(db, "pod.yaml", LIVENESS)]).code).toBe(0);
    expect(run(["advance", "15s"]).code).toBe(0);
    expect(run(["exec", "liveness-exec", "--", "cat", "/tmp/status"])).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
    expect(run(["exec", "liveness-exec", "--", "sh", "-c", "echo partial; exit 7"])).toEqual({ code: 7, stdout: "partial\n", stderr: "command terminated with exit code 7\n" });
    expect(run(["exec", "-i", "liveness-exec", "--", "sh"], "echo piped\nexit 2\n")).toEqual({ code: 2, stdout: "piped\n", stderr: "command terminated with exit code 2\n" });
  });
});
