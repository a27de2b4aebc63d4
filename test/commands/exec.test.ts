/**
 * `kdeck exec` against pods the real engine runs: commands run in the container's
 * interpreter and see its filesystem (what its own script wrote).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** The Kubernetes docs' liveness-exec pod, with a shorter healthy window. */
const LIVENESS = `apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec
  labels:
    test: liveness
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; echo ok > /tmp/status; sleep 600
`;

const PAIR = `apiVersion: v1
kind: Pod
metadata:
  name: pair
spec:
  containers:
  - name: web
    image: busybox:1.36
    command: ["sh", "-c", "echo web > /tmp/who; sleep infinity"]
  - name: cache
    image: busybox:1.36
    command: ["sh", "-c", "echo cache > /tmp/who; sleep infinity"]
`;

async function apply(...docs: string[]): Promise<void> {
  expect((await kdeck(db, ["apply", "-f", writeManifest(db, "pods.yaml", docs.join("---\n"))])).code).toBe(0);
  expect((await kdeck(db, ["advance", "15s"])).code).toBe(0);
}

describe("kdeck exec POD -- CMD", () => {
  it("runs the command in the container's filesystem", async () => {
    await apply(LIVENESS);
    expect(await kdeck(db, ["exec", "liveness-exec", "--", "cat", "/tmp/status"])).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
    expect(await kdeck(db, ["exec", "liveness-exec", "--", "cat", "/tmp/healthy"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await kdeck(db, ["exec", "pod/liveness-exec", "--", "ls", "/tmp"])).toMatchObject({ code: 0, stdout: expect.stringContaining("healthy") });
  });

  it("passes the command's streams and exit code through, as kubectl does", async () => {
    await apply(LIVENESS);
    expect(await kdeck(db, ["exec", "liveness-exec", "--", "sh", "-c", "echo out; echo err >&2; exit 3"])).toEqual({
      code: 3,
      stdout: "out\n",
      stderr: "err\ncommand terminated with exit code 3\n",
    });
    const missing = await kdeck(db, ["exec", "liveness-exec", "--", "cat", "/tmp/nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\/tmp\/nope.*\ncommand terminated with exit code 1\n$/);
  });

  it("changes what the container sees for later commands", async () => {
    await apply(LIVENESS);
    expect((await kdeck(db, ["exec", "liveness-exec", "--", "rm", "/tmp/healthy"])).code).toBe(0);
    expect((await kdeck(db, ["exec", "liveness-exec", "--", "test", "-f", "/tmp/healthy"])).code).toBe(1);
  });

  it("defaults to the first container with kubectl's note, and runs in the one named", async () => {
    await apply(PAIR);
    expect(await kdeck(db, ["exec", "pair", "--", "cat", "/tmp/who"])).toEqual({ code: 0, stdout: "web\n", stderr: 'Defaulted container "web" out of: web, cache\n' });
    expect(await kdeck(db, ["exec", "pair", "-c", "cache", "--", "cat", "/tmp/who"])).toEqual({ code: 0, stdout: "cache\n", stderr: "" });
    expect(await kdeck(db, ["exec", "-q", "pair", "--", "cat", "/tmp/who"])).toEqual({ code: 0, stdout: "web\n", stderr: "" });
    expect(await kdeck(db, ["exec", "pair", "-c", "db", "--", "true"])).toEqual({ code: 1, stdout: "", stderr: "Error from server (BadRequest): container db is not valid for pod pair\n" });
  });

  it("passes stdin with -i", async () => {
    await apply(LIVENESS);
    expect(await kdeck(db, ["exec", "-i", "liveness-exec", "--", "cat"], { stdin: "from stdin\n" })).toEqual({ code: 0, stdout: "from stdin\n", stderr: "" });
    // -t without a terminal: kubectl's warning, then the shell reads its script from stdin.
    expect(await kdeck(db, ["exec", "-it", "liveness-exec", "--", "sh"], { stdin: "cd /tmp\necho in $(pwd)\n" })).toEqual({
      code: 0,
      stdout: "in /tmp\n",
      stderr: "Unable to use a TTY - input is not a terminal or the right kind of file\n",
    });
  });

  it("runs in the most settled pod of a workload", async () => {
    await apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "sleep infinity"]
`);
    const pods = (await kdeck(db, ["get", "pods", "-l", "app=web", "-o", "name"])).stdout;
    const r = await kdeck(db, ["exec", "deploy/web", "--", "sh", "-c", "echo $HOSTNAME"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(pods).toContain(`pod/${r.stdout.trim()}\n`);
  });

  it("accepts the deprecated form without --, saying so", async () => {
    await apply(LIVENESS);
    expect(await kdeck(db, ["exec", "liveness-exec", "cat", "/tmp/status"])).toEqual({
      code: 0,
      stdout: "ok\n",
      stderr: "kdeck exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kdeck exec [POD] -- [COMMAND] instead.\n",
    });
  });

  it("refuses what kubectl refuses", async () => {
    expect(await kdeck(db, ["exec", "--", "ls"])).toEqual({ code: 1, stdout: "", stderr: "error: pod, type/name or --filename must be specified\n" });
    expect(await kdeck(db, ["exec", "nginx"])).toEqual({ code: 1, stdout: "", stderr: "error: you must specify at least one command for the container\n" });
    expect(await kdeck(db, ["exec", "nope", "--", "ls"])).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    const done = `apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo bye"]
`;
    await apply(done);
    expect(await kdeck(db, ["exec", "done", "--", "ls"])).toEqual({ code: 1, stdout: "", stderr: "error: cannot exec into a container in a completed pod; current phase is Succeeded\n" });
    expect((await kdeck(db, ["exec", "node/kdeck-worker-1", "--", "ls"])).stderr).toBe("error: cannot attach to *v1.Node: selector for *v1.Node not implemented\n");
  });
});

describe("kdeck exec -it POD -- sh", () => {
  it("opens a shell with busybox's prompt that ends on exit with its status", async () => {
    await apply(LIVENESS);
    const r = await kdeck(db, ["exec", "-it", "liveness-exec", "--", "sh"], { tty: true, stdin: "cd /tmp\ncat status\nexit 3\n" });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("/ # ");
    expect(r.stdout).toContain("/tmp # ");
    expect(r.stdout).toContain("ok\n");
    expect(r.stderr).toBe("command terminated with exit code 3\n");
  });
});
