/**
 * `kdeck logs -f` against pods the real engine runs. The follower runs the engine (its
 * wall clock is pinned, so virtual time stands still) and `kdeck advance`, run as a
 * second process would, asks it to move time on: containers write, crash and restart.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Capture, kdeck, pinnedOpener, TEST_EPOCH, tempDb, writeManifest, type RunResult } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** Polls until `cond` holds (wall clock), failing after `ms`. */
async function eventually(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function scriptPod(name: string, script: string, labels = "app: demo"): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    ${labels}
spec:
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", ${JSON.stringify(script)}]
`;
}

/**
 * What a second kdeck process runs while the follower holds the engine. In one test
 * process both would otherwise share the follower's lease identity (pid and pinned clock).
 */
const other = { open: pinnedOpener(() => TEST_EPOCH + 1) };

async function apply(file: string, ...docs: string[]): Promise<void> {
  expect((await kdeck(db, ["apply", "-f", writeManifest(db, file, docs.join("---\n"))], other)).code).toBe(0);
}

/** Starts `kdeck logs …` in the background; `stop()` presses ctrl-c and returns what it printed. */
function follow(args: string[]): { out: Capture; done: Promise<RunResult>; stop: () => Promise<RunResult> } {
  const out = new Capture();
  const interrupt = new AbortController();
  const done = kdeck(db, ["logs", ...args], { stdout: out, signal: interrupt.signal });
  return {
    out,
    done,
    stop: async () => {
      interrupt.abort();
      return done;
    },
  };
}

describe("kdeck logs -f", () => {
  it("follows a container across its restarts, and ends when the pod is gone", async () => {
    await apply("crasher.yaml", scriptPod("crasher", "echo start; sleep 5; echo stop; exit 1"));
    await kdeck(db, ["advance", "8s"]);
    const f = follow(["crasher", "-f"]);
    await eventually(() => f.out.text.includes("start\n"));
    // Past the crash and the 10s CrashLoopBackOff to the next instance.
    expect((await kdeck(db, ["advance", "30s"], other)).code).toBe(0);
    // One stream across instances: the instance's stop, then the next one's start.
    await eventually(() => (f.out.text.match(/start\n/g) ?? []).length >= 2);
    expect(f.out.text).toMatch(/^start\nstop\nstart\n/);
    expect((await kdeck(db, ["delete", "pod", "crasher", "--grace-period=0", "--force"], other)).code).toBe(0);
    const r = await f.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });

  it("ends with the container when its restart policy does not start it again", async () => {
    await apply("once.yaml", scriptPod("once", "echo hello; sleep 5; echo done").replace("spec:\n", "spec:\n  restartPolicy: Never\n"));
    await kdeck(db, ["advance", "8s"]);
    const f = follow(["once", "-f", "--timestamps"]);
    await eventually(() => f.out.text.includes("hello"));
    await kdeck(db, ["advance", "10s"], other);
    const r = await f.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\S+Z hello\n\S+Z done\n$/);
  });

  it("refuses to follow more streams than --max-log-requests", async () => {
    await apply("two.yaml", scriptPod("one", "echo 1; sleep infinity"), scriptPod("two", "echo 2; sleep infinity"));
    await kdeck(db, ["advance", "10s"]);
    expect(await kdeck(db, ["logs", "-f", "-l", "app=demo", "--max-log-requests=1"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n",
    });
  });
});

describe("kdeck logs -f -l SELECTOR", () => {
  it("interleaves pods by time, and picks up pods that start matching", async () => {
    await apply(
      "ab.yaml",
      scriptPod("alpha", "echo a1; sleep 10; echo a2; sleep infinity"),
      scriptPod("beta", "sleep 5; echo b1; sleep 10; echo b2; sleep infinity"),
    );
    await kdeck(db, ["advance", "30s"]);
    // Without -f, pod after pod; with -f, in the order the lines were written.
    expect((await kdeck(db, ["logs", "-l", "app=demo"])).stdout).toBe("a1\na2\nb1\nb2\n");
    const f = follow(["-l", "app=demo", "-f", "--prefix"]);
    await eventually(() => f.out.text.split("\n").length === 5);
    expect(f.out.text).toBe("[pod/alpha/main] a1\n[pod/beta/main] b1\n[pod/alpha/main] a2\n[pod/beta/main] b2\n");

    await apply("gamma.yaml", scriptPod("gamma", "echo g1; sleep infinity"), scriptPod("other", "echo nope; sleep infinity", "app: other"));
    await kdeck(db, ["advance", "10s"], other);
    await eventually(() => f.out.text.includes("[pod/gamma/main] g1\n"));
    const r = await f.stop();
    expect(r.code).toBe(130);
    expect(r.stdout).not.toContain("nope");
  });
});
