/**
 * `kdeck logs` without -f, against pods the real engine runs: their `echo` scripts
 * write the lines, restarts keep the previous instance. (`-f` is in logs-follow.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** A busybox pod running `script`, labelled app=demo. */
function scriptPod(name: string, script: string, extra = ""): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: demo
spec:${extra}
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", ${JSON.stringify(script)}]
`;
}

/** `echo line 1; …; echo line N; sleep infinity`. */
function counting(prefix: string, n: number): string {
  return [...Array(n).keys()].map((i) => `echo ${prefix} ${i + 1}`).join("; ") + "; sleep infinity";
}

async function apply(...docs: string[]): Promise<void> {
  const r = await kdeck(db, ["apply", "-f", writeManifest(db, "pods.yaml", docs.join("---\n"))]);
  expect(r.code).toBe(0);
  expect((await kdeck(db, ["advance", "30s"])).code).toBe(0);
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
        command: ["sh", "-c", "echo hello from $HOSTNAME; sleep infinity"]
`;

const PAIR = `apiVersion: v1
kind: Pod
metadata:
  name: pair
  labels:
    app: demo
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["sh", "-c", "echo init done"]
  containers:
  - name: web
    image: busybox:1.36
    command: ["sh", "-c", "echo web up; sleep infinity"]
  - name: sidecar
    image: busybox:1.36
    command: ["sh", "-c", "echo side up; sleep infinity"]
`;

describe("kdeck logs POD", () => {
  it("prints every container with --all-containers, init containers first, prefixed on request", async () => {
    await apply(PAIR);
    expect(await kdeck(db, ["logs", "pair", "--all-containers", "--prefix"])).toEqual({
      code: 0,
      stdout: "[pod/pair/setup] init done\n[pod/pair/web] web up\n[pod/pair/sidecar] side up\n",
      stderr: "",
    });
    // pflag's `--flag=true` form, as the Kubernetes docs write it.
    expect((await kdeck(db, ["logs", "pair", "--all-containers=true"])).stdout).toBe("init done\nweb up\nside up\n");
    expect((await kdeck(db, ["logs", "pair", "--all-containers=false"])).stderr).toBe('Defaulted container "web" out of: web, sidecar, setup (init)\n');
  });

  it("reads an init container by name and refuses what the pod does not have", async () => {
    await apply(PAIR);
    expect((await kdeck(db, ["logs", "pair", "-c", "setup"])).stdout).toBe("init done\n");
    expect(await kdeck(db, ["logs", "pair", "-c", "db"])).toEqual({ code: 1, stdout: "", stderr: "error: container db is not valid for pod pair\n" });
    const both = await kdeck(db, ["logs", "pair", "web", "--all-containers"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error: --all-containers=true should not be specified with container name web\n/);
  });

  it("names the namespace of a pod it cannot find, as kubectl 1.32+ does", async () => {
    expect(await kdeck(db, ["logs", "nope", "-n", "kube-system"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "kube-system"\n',
    });
  });

  it("prints the previous instance with --previous, and kubectl's error when there is none", async () => {
    await apply(scriptPod("crasher", "echo run at $(date); sleep 5; echo bye; exit 1"), scriptPod("steady", counting("tick", 2)));
    const state = async (): Promise<string> =>
      (await kdeck(db, ["get", "pod", "crasher", "-o", "jsonpath={.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].state}"])).stdout;
    const until = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 120 && !re.test(await state()); i++) await kdeck(db, ["advance", "1s"]);
      expect(await state()).toMatch(re);
    };
    // Running again after a restart: the current instance and the one before it.
    await until(/^[1-9]\d* \{"running"/);
    const current = (await kdeck(db, ["logs", "crasher"])).stdout;
    const previous = await kdeck(db, ["logs", "crasher", "--previous"]);
    expect(previous).toMatchObject({ code: 0, stderr: "" });
    expect(previous.stdout).toMatch(/^run at .+\nbye\n$/);
    expect(current).toMatch(/^run at .+\n$/);
    expect(current).not.toBe(previous.stdout.replace("bye\n", ""));
    // Waiting to restart, the kubelet serves the instance that ended either way.
    await until(/^[1-9]\d* \{"waiting"/);
    expect((await kdeck(db, ["logs", "crasher"])).stdout).toBe((await kdeck(db, ["logs", "crasher", "-p"])).stdout);
    expect(await kdeck(db, ["logs", "steady", "-p"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (BadRequest): previous terminated container "main" in pod "steady" not found\n',
    });
  });

  it("limits by time, lines and bytes", async () => {
    await apply(scriptPod("slow", "echo first; sleep 10; echo second; sleep 10; echo third; sleep infinity"));
    const stamped = (await kdeck(db, ["logs", "slow", "--timestamps"])).stdout.trimEnd().split("\n");
    expect(stamped).toHaveLength(3);
    const second = stamped[1]!.split(" ")[0]!;
    expect((await kdeck(db, ["logs", "slow", `--since-time=${second}`])).stdout).toBe("second\nthird\n");
    expect((await kdeck(db, ["logs", "slow", "--tail", "1"])).stdout).toBe("third\n");
    expect((await kdeck(db, ["logs", "slow", "--tail=2", "--since-time", second])).stdout).toBe("second\nthird\n");
    expect((await kdeck(db, ["logs", "slow", "--limit-bytes=8"])).stdout).toBe("first\nse");
    expect((await kdeck(db, ["logs", "slow", "--since", "1h"])).stdout).toBe("first\nsecond\nthird\n");
    const bad = await kdeck(db, ["logs", "slow", "--since-time", "yesterday"]);
    expect(bad).toEqual({
      code: 1,
      stdout: "",
      stderr: 'error: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"\n',
    });
    expect((await kdeck(db, ["logs", "slow", "--tail", "-2"])).stderr).toMatch(/^error: --tail must be greater than or equal to -1\n/);
    expect((await kdeck(db, ["logs", "slow", "--since", "1m", "--since-time", second])).stderr).toMatch(/^error: at most one of `sinceTime` or `sinceSeconds` may be specified\n/);
  });
});

describe("kdeck logs -l SELECTOR", () => {
  it("prints each pod in turn, its last 10 lines by default, prefixed on request", async () => {
    await apply(scriptPod("alpha", counting("a", 12)), scriptPod("beta", counting("b", 3)), PAIR);
    const r = await kdeck(db, ["logs", "-l", "app=demo", "--prefix"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Defaulted container "web" out of: web, sidecar, setup (init)\n');
    const expected = [
      ...[...Array(10).keys()].map((i) => `[pod/alpha/main] a ${i + 3}`),
      "[pod/beta/main] b 1",
      "[pod/beta/main] b 2",
      "[pod/beta/main] b 3",
      "[pod/pair/web] web up",
    ];
    expect(r.stdout).toBe(expected.join("\n") + "\n");
    // An explicit --tail wins over the selector's default.
    expect((await kdeck(db, ["logs", "-l", "app=demo", "--tail=-1"])).stdout.split("\n")).toHaveLength(12 + 3 + 1 + 1);
  });

  it("fails at a pod whose container is not there, after what came before, unless errors are ignored", async () => {
    await apply(scriptPod("alpha", counting("a", 1)), PAIR);
    // pair has no container "main": kubectl checks every pod before printing anything.
    expect(await kdeck(db, ["logs", "-l", "app=demo", "-c", "main"])).toEqual({ code: 1, stdout: "", stderr: "error: container main is not valid for pod pair\n" });
    const r = await kdeck(db, ["logs", "-l", "app=demo", "--all-containers", "--previous", "--ignore-errors"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'error: previous terminated container "main" in pod "alpha" not found',
        'error: previous terminated container "setup" in pod "pair" not found',
        'error: previous terminated container "web" in pod "pair" not found',
        'error: previous terminated container "sidecar" in pod "pair" not found',
        "",
      ].join("\n"),
    );
  });

  it("says so when nothing matches, and refuses a name with a selector", async () => {
    expect(await kdeck(db, ["logs", "-l", "app=none"])).toEqual({ code: 0, stdout: "", stderr: "No resources found in default namespace.\n" });
    const both = await kdeck(db, ["logs", "nginx", "-l", "app=web"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error: only a selector \(-l\) or a POD name is allowed\n/);
    const none = await kdeck(db, ["logs"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: expected 'logs \[-f\] \[-p\] \(POD \| TYPE\/NAME\) \[-c CONTAINER\]'\.\nPOD or TYPE\/NAME is a required argument for the logs command\n/);
  });
});

describe("kdeck logs TYPE/NAME", () => {
  it("reads pod/NAME as the pod, and refuses kinds that select no pods with kubectl's message", async () => {
    await apply(scriptPod("alpha", counting("a", 1)));
    expect((await kdeck(db, ["logs", "pod/alpha"])).stdout).toBe("a 1\n");
    expect((await kdeck(db, ["logs", "po/alpha"])).stdout).toBe("a 1\n");
    expect(await kdeck(db, ["logs", "node/kdeck-worker-1"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: cannot get the logs from *v1.Node: selector for *v1.Node not implemented\n",
    });
    expect((await kdeck(db, ["logs", "cm/missing"])).stderr).toBe('error: error from server (NotFound): configmaps "missing" not found in namespace "default"\n');
  });

  it("reads one pod of a deployment, the one kubectl would pick, saying which", async () => {
    await apply(DEPLOYMENT);
    const r = await kdeck(db, ["logs", "deploy/web"]);
    expect(r.code).toBe(0);
    const chosen = /^Found 3 pods, using pod\/(web-\S+)\n$/.exec(r.stderr)?.[1];
    expect(chosen).toBeDefined();
    expect(r.stdout).toBe(`hello from ${chosen}\n`);
    // The same through the ReplicaSet, and every pod with --all-pods (prefixed).
    expect((await kdeck(db, ["logs", `rs/${chosen!.replace(/-[^-]+$/, "")}`])).stdout).toBe(r.stdout);
    const all = await kdeck(db, ["logs", "deployment.apps/web", "--all-pods"]);
    expect(all.stderr).toBe("");
    expect(all.stdout).toMatch(/^(\[pod\/(web-\S+)\/main\] hello from \2\n){3}$/);
  });

  it("reads a job's pod, and waits --pod-running-timeout for a workload's first pod", async () => {
    await apply(
      `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(20)"]
`,
      DEPLOYMENT.replace("name: web", "name: idle").replace("replicas: 3", "replicas: 0").replace(/app: web/g, "app: idle"),
    );
    expect(await kdeck(db, ["logs", "job/pi"])).toEqual({ code: 0, stdout: "3.1415926535897932384\n", stderr: "" });
    expect(await kdeck(db, ["logs", "deploy/idle", "--pod-running-timeout=5s"])).toEqual({ code: 1, stdout: "", stderr: "error: timed out waiting for the condition\n" });
    expect((await kdeck(db, ["logs", "deploy/nope"])).stderr).toBe('error: error from server (NotFound): deployments.apps "nope" not found in namespace "default"\n');
  });
});
