/**
 * Jobs as the Kubernetes docs run them, on the simulated kubelets: the `pi` Job, a
 * failing Job backing off to its limit, a parallel Job, an Indexed Job, deadlines,
 * TTLs and suspension. `kubectl get jobs` tables and the Job's events are golden files.
 */
import type { Job } from "kubernetes-types/batch/v1";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { describeJob } from "../../../src/client/describe/job.js";
import { renderTable } from "../../../src/client/output/table.js";
import { asKind } from "../../../src/core/api/object.js";
import { printTable } from "../../../src/core/printers/table.js";
import { expectGolden } from "../../client/output/golden.js";
import { createTestCluster, TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";

let c: TestCluster;
afterEach(() => c?.close());

const PI = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`;

function job(name: string): Job {
  return asKind<Job>(c.api.get("jobs.batch", "default", name));
}

function pods(jobName: string): Pod[] {
  return c.api
    .list("pods", { namespace: "default", labelSelector: `job-name=${jobName}` })
    .map((p) => asKind<Pod>(p))
    .sort((a, b) => Date.parse(a.metadata!.creationTimestamp!) - Date.parse(b.metadata!.creationTimestamp!));
}

function eventsOf(kind: string, name: string): Event[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);
}

function getJobs(): string {
  return renderTable(printTable("Job", c.api.list("jobs.batch", { namespace: "default" }), { now: c.clock.now() }), {
    wide: false,
    withNamespace: false,
    showLabels: false,
    noHeaders: false,
    labelColumns: [],
  });
}

/** Advances in steps, recording `get jobs` whenever it changes (ages aside, which tick every step). */
function tableOverTime(totalMs: number, stepMs: number): string {
  let out = "";
  let last = "";
  for (let t = 0; t <= totalMs; t += stepMs) {
    const table = getJobs();
    const shape = table.replace(/\s\d+s\s/g, " ");
    if (shape !== last) out += `--- t=${(c.clock.now() - TEST_EPOCH) / 1000}s\n${table}`;
    last = shape;
    if (t < totalMs) c.advance(stepMs);
  }
  return out;
}

describe("Jobs on the simulated kubelets", () => {
  it("runs the docs' pi Job to completion", () => {
    c = createTestCluster({ seed: 7 });
    c.applyYaml(PI);
    expectGolden(new URL("./testdata/job-pi-get.golden", import.meta.url), tableOverTime(40_000, 5_000));
    const pi = job("pi");
    expect(pi.status?.succeeded).toBe(1);
    expect(pi.status?.conditions?.map((x) => x.type)).toEqual(["SuccessCriteriaMet", "Complete"]);
    const [pod] = pods("pi");
    expect(pod!.status?.phase).toBe("Succeeded");
    expect(pod!.metadata!.finalizers).toBeUndefined();
    expect(eventsOf("Job", "pi").map((e) => `${e.reason} ${e.message}`)).toEqual([`SuccessfulCreate Created pod: ${pod!.metadata!.name}`, "Completed Job completed"]);
    expectGolden(new URL("./testdata/job-pi-describe.golden", import.meta.url), describeJob(pi, eventsOf("Job", "pi"), { now: c.clock.now() }));
  });

  it("backs off between failed pods, 10 s doubling, and stops at the backoff limit", () => {
    c = createTestCluster();
    c.applyYaml(`apiVersion: batch/v1
kind: Job
metadata:
  name: fail
spec:
  backoffLimit: 3
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "sleep 2; exit 1"]
`);
    c.advance(600_000);
    const all = pods("fail");
    expect(all).toHaveLength(4);
    expect(all.every((p) => p.status?.phase === "Failed")).toBe(true);
    const finishedAt = (p: Pod) => Date.parse(p.status!.containerStatuses![0]!.state!.terminated!.finishedAt!);
    const gaps = all.slice(1).map((p, i) => Date.parse(p.metadata!.creationTimestamp!) - finishedAt(all[i]!));
    // The next pod is created when the back-off after the last failure runs out: 10 s, 20 s, 40 s.
    expect(gaps.map((g) => Math.round(g / 1000))).toEqual([10, 20, 40]);
    const failed = job("fail");
    expect(failed.status).toMatchObject({ failed: 4 });
    expect(failed.status?.conditions?.map((x) => [x.type, x.reason])).toEqual([
      ["FailureTarget", "BackoffLimitExceeded"],
      ["Failed", "BackoffLimitExceeded"],
    ]);
    const warnings = eventsOf("Job", "fail").filter((e) => e.type === "Warning");
    expect(warnings.map((e) => `${e.reason} ${e.message}`)).toEqual(["BackoffLimitExceeded Job has reached the specified backoff limit"]);
  });

  it("runs a parallel Job, two pods at a time, to five completions", () => {
    c = createTestCluster();
    c.applyYaml(`apiVersion: batch/v1
kind: Job
metadata:
  name: par
spec:
  completions: 5
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "sleep 5"]
`);
    let maxActive = 0;
    for (let i = 0; i < 60 && !job("par").status?.completionTime; i++) {
      maxActive = Math.max(maxActive, job("par").status?.active ?? 0);
      c.advance(1000);
    }
    expect(maxActive).toBe(2);
    expect(pods("par")).toHaveLength(5);
    expect(job("par").status).toMatchObject({ succeeded: 5 });
    expect(getJobs()).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\npar\s+Complete\s+5\/5\s/);
  });

  it("runs an Indexed Job with one pod per index", () => {
    c = createTestCluster();
    c.applyYaml(`apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "echo index $JOB_COMPLETION_INDEX"]
`);
    c.advance(60_000);
    const all = pods("indexed");
    expect(all.map((p) => p.metadata!.labels!["batch.kubernetes.io/job-completion-index"]).sort()).toEqual(["0", "1", "2"]);
    expect(all.map((p) => p.spec!.hostname).sort()).toEqual(["indexed-0", "indexed-1", "indexed-2"]);
    // Each container read its index from JOB_COMPLETION_INDEX (the downward API of its annotation).
    for (const p of all) {
      const index = p.metadata!.annotations!["batch.kubernetes.io/job-completion-index"];
      expect(c.ctx.logs.read({ namespace: "default", pod: p.metadata!.name! }).map((l) => l.text)).toEqual([`index ${index}`]);
    }
    expect(job("indexed").status).toMatchObject({ completedIndexes: "0-2", succeeded: 3 });
    expect(describeJob(job("indexed"), [], { now: c.clock.now(), showEvents: false })).toContain("Completed Indexes:  0-2\n");
  });

  it("fails a Job past activeDeadlineSeconds and stops its pod", () => {
    c = createTestCluster();
    c.applyYaml(`apiVersion: batch/v1
kind: Job
metadata:
  name: deadline
spec:
  activeDeadlineSeconds: 20
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "sleep 600"]
`);
    c.advance(19_000);
    expect(job("deadline").status?.conditions).toBeUndefined();
    c.advance(31_000);
    const j = job("deadline");
    expect(j.status?.conditions?.map((x) => [x.type, x.reason])).toEqual([
      ["FailureTarget", "DeadlineExceeded"],
      ["Failed", "DeadlineExceeded"],
    ]);
    expect(j.status).toMatchObject({ failed: 1, terminating: 0 });
    expect(j.status?.active).toBeUndefined();
    expect(pods("deadline")).toHaveLength(0);
    expect(getJobs()).toMatch(/deadline\s+Failed\s+0\/1\s/);
  });

  it("deletes a finished Job and its pod after ttlSecondsAfterFinished", () => {
    c = createTestCluster();
    c.applyYaml(`apiVersion: batch/v1
kind: Job
metadata:
  name: short-lived
spec:
  ttlSecondsAfterFinished: 60
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "echo done"]
`);
    c.advance(30_000);
    expect(job("short-lived").status?.completionTime).toBeDefined();
    const finished = Date.parse(job("short-lived").status!.completionTime!);
    c.advance(finished + 59_000 - c.clock.now());
    expect(c.api.tryGet("jobs.batch", "default", "short-lived")).toBeDefined();
    c.advance(1_000);
    expect(c.api.tryGet("jobs.batch", "default", "short-lived")).toBeUndefined();
    expect(pods("short-lived")).toHaveLength(0);
  });

  it("suspends and resumes a Job", () => {
    c = createTestCluster();
    c.applyYaml(PI.replace("  backoffLimit: 4", "  backoffLimit: 4\n  suspend: true"));
    c.advance(30_000);
    expect(pods("pi")).toHaveLength(0);
    expect(getJobs()).toMatch(/pi\s+Suspended\s+0\/1\s+\d+s\n$/);
    // What `kubectl patch job pi -p '{"spec":{"suspend":false}}'` sends.
    c.api.patch("jobs.batch", "default", "pi", { spec: { suspend: false } }, "merge");
    c.advance(40_000);
    expect(job("pi").status?.succeeded).toBe(1);
    expect(eventsOf("Job", "pi").map((e) => e.reason)).toEqual(["Suspended", "SuccessfulCreate", "Resumed", "Completed"]);
  });

  it("counts an OnFailure pod's container restarts against the backoff limit", () => {
    c = createTestCluster();
    c.applyYaml(`apiVersion: batch/v1
kind: Job
metadata:
  name: restarts
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "exit 3"]
`);
    c.advance(300_000);
    const j = job("restarts");
    expect(j.status?.conditions?.map((x) => [x.type, x.reason])).toEqual([
      ["FailureTarget", "BackoffLimitExceeded"],
      ["Failed", "BackoffLimitExceeded"],
    ]);
    // The one pod restarted its container twice, then was stopped and counted as failed.
    expect(j.status).toMatchObject({ failed: 1 });
    expect(pods("restarts")).toHaveLength(0);
  });

  it("replaces a deleted pod, counting it failed, and takes its pods along when deleted", () => {
    c = createTestCluster();
    c.applyYaml(`apiVersion: batch/v1
kind: Job
metadata:
  name: long
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "sleep 600"]
`);
    c.advance(10_000);
    const [first] = pods("long");
    c.api.delete("pods", "default", first!.metadata!.name!);
    // Counted as failed at once; replaced after the 10 s back-off; gone once its 30 s grace period ends (sleep ignores SIGTERM).
    c.advance(10_000);
    expect(job("long").status).toMatchObject({ active: 1, failed: 1, terminating: 1 });
    c.advance(25_000);
    expect(c.api.tryGet("pods", "default", first!.metadata!.name!)).toBeUndefined();
    const now = pods("long");
    expect(now).toHaveLength(1);
    expect(now[0]!.metadata!.name).not.toBe(first!.metadata!.name);
    expect(job("long").status).toMatchObject({ active: 1, failed: 1, terminating: 0 });
    c.api.delete("jobs.batch", "default", "long", { propagationPolicy: "Background" });
    c.advance(40_000);
    expect(pods("long")).toHaveLength(0);
  });
});
