/**
 * The Job controller's bookkeeping with the pods' outcomes reported by hand: a cluster
 * without nodes keeps every pod Pending, and the test plays the kubelet, so the
 * back-off delays, counters and conditions can be checked to the second.
 */
import type { Job } from "kubernetes-types/batch/v1";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { rfc3339 } from "../../../src/core/engine/clock.js";
import { createTestCluster, TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";

let c: TestCluster;
afterEach(() => c?.close());

function job(name: string): Job {
  return asKind<Job>(c.api.get("jobs.batch", "default", name));
}

function podsOf(name: string): Pod[] {
  return c.api
    .list("pods", { namespace: "default", labelSelector: `batch.kubernetes.io/job-name=${name}` })
    .map((p) => asKind<Pod>(p))
    .sort((a, b) => a.metadata!.creationTimestamp!.localeCompare(b.metadata!.creationTimestamp!) || a.metadata!.name!.localeCompare(b.metadata!.name!));
}

function active(name: string): Pod[] {
  return podsOf(name).filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed" && !p.metadata?.deletionTimestamp);
}

/** Plays the kubelet: the pod's container exits, and the pod reaches Succeeded or Failed. */
function finish(pod: Pod, phase: "Succeeded" | "Failed"): void {
  const live = c.api.get("pods", "default", pod.metadata!.name!);
  const now = rfc3339(c.clock.now());
  const terminated = { exitCode: phase === "Succeeded" ? 0 : 1, reason: phase === "Succeeded" ? "Completed" : "Error", startedAt: now, finishedAt: now };
  const status = { ...(live.status as object), phase, containerStatuses: [{ name: "c", state: { terminated }, lastState: {}, ready: false, restartCount: 0, image: "busybox", imageID: "" }] };
  c.api.updateStatus({ ...live, status });
  c.settle();
}

function jobEvents(name: string): string[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.kind === "Job" && e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}

function manifest(name: string, spec: string, restartPolicy = "Never"): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec}
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
      - name: c
        image: busybox
        command: ["sh", "-c", "true"]
`;
}

describe("Job controller bookkeeping", () => {
  it("completes a one-pod Job: SuccessCriteriaMet then Complete, the pod counted and released", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(manifest("one", "  backoffLimit: 4"));
    const [pod] = podsOf("one");
    expect(pod!.metadata!.generateName).toBe("one-");
    expect(pod!.metadata!.finalizers).toEqual(["batch.kubernetes.io/job-tracking"]);
    expect(pod!.metadata!.labels).toMatchObject({ "job-name": "one", "batch.kubernetes.io/job-name": "one" });
    expect(pod!.metadata!.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "Job", name: "one", uid: job("one").metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    expect(job("one").status).toMatchObject({ active: 1, ready: 0, terminating: 0 });

    c.advance(5000);
    finish(pod!, "Succeeded");
    const done = job("one");
    expect(done.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ["SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"],
      ["Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"],
    ]);
    expect(done.status).toMatchObject({ succeeded: 1, startTime: rfc3339(TEST_EPOCH), completionTime: rfc3339(TEST_EPOCH + 5000), uncountedTerminatedPods: {} });
    expect(done.status?.active).toBeUndefined();
    expect(podsOf("one")[0]!.metadata!.finalizers).toBeUndefined();
    expect(jobEvents("one")).toEqual([`Normal SuccessfulCreate Created pod: ${pod!.metadata!.name}`, "Normal Completed Job completed"]);
  });

  it("retries failed pods after 10 s, 20 s, 40 s, 80 s, then fails with BackoffLimitExceeded", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(manifest("flaky", "  backoffLimit: 4"));
    const gaps: number[] = [];
    let failedAt = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const pods = active("flaky");
      expect(pods).toHaveLength(1);
      if (attempt > 0) gaps.push(Date.parse(pods[0]!.metadata!.creationTimestamp!) - failedAt);
      c.advance(1000);
      failedAt = c.clock.now();
      finish(pods[0]!, "Failed");
      c.advance(400_000);
    }
    expect(gaps).toEqual([10_000, 20_000, 40_000, 80_000]);
    const failed = job("flaky");
    expect(failed.status?.failed).toBe(5);
    expect(failed.status?.conditions?.map((x) => [x.type, x.reason])).toEqual([
      ["FailureTarget", "BackoffLimitExceeded"],
      ["Failed", "BackoffLimitExceeded"],
    ]);
    expect(jobEvents("flaky").at(-1)).toBe("Warning BackoffLimitExceeded Job has reached the specified backoff limit");
  });

  it("runs at most `parallelism` pods until `completions` succeed", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(manifest("par", "  completions: 5\n  parallelism: 2"));
    const seen = new Set<string>();
    for (let round = 0; round < 10 && !job("par").status?.completionTime; round++) {
      const pods = active("par");
      expect(pods.length).toBeLessThanOrEqual(2);
      for (const p of pods) seen.add(p.metadata!.name!);
      c.advance(1000);
      finish(pods[0]!, "Succeeded");
    }
    expect(seen.size).toBe(5);
    expect(job("par").status).toMatchObject({ succeeded: 5 });
    expect(job("par").status?.conditions?.at(-1)?.type).toBe("Complete");
  });

  it("gives an Indexed Job's pods their indexes as annotation, label, hostname and JOB_COMPLETION_INDEX", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(manifest("idx", "  completions: 3\n  parallelism: 3\n  completionMode: Indexed"));
    const pods = active("idx");
    expect(pods.map((p) => p.metadata!.annotations!["batch.kubernetes.io/job-completion-index"]).sort()).toEqual(["0", "1", "2"]);
    for (const p of pods) {
      const index = p.metadata!.annotations!["batch.kubernetes.io/job-completion-index"];
      expect(p.metadata!.labels!["batch.kubernetes.io/job-completion-index"]).toBe(index);
      expect(p.metadata!.generateName).toBe(`idx-${index}-`);
      expect(p.spec!.hostname).toBe(`idx-${index}`);
      expect(p.spec!.containers[0]!.env).toEqual([
        { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
      ]);
    }
    const byIndex = (i: string) => pods.find((p) => p.metadata!.annotations!["batch.kubernetes.io/job-completion-index"] === i)!;
    finish(byIndex("1"), "Succeeded");
    expect(job("idx").status?.completedIndexes).toBe("1");
    finish(byIndex("0"), "Failed");
    // Index 0 is retried after the back-off, by a new pod with the same index.
    c.advance(10_000);
    const retry = active("idx").find((p) => p.metadata!.annotations!["batch.kubernetes.io/job-completion-index"] === "0");
    expect(retry).toBeDefined();
    finish(retry!, "Succeeded");
    finish(byIndex("2"), "Succeeded");
    expect(job("idx").status).toMatchObject({ completedIndexes: "0-2", succeeded: 3, failed: 1 });
    expect(job("idx").status?.conditions?.at(-1)?.type).toBe("Complete");
  });

  it("fails a Job still running past activeDeadlineSeconds with DeadlineExceeded, deleting its pods", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(manifest("slow", "  activeDeadlineSeconds: 30"));
    const [pod] = active("slow");
    c.advance(29_000);
    expect(job("slow").status?.conditions).toBeUndefined();
    c.advance(1_000);
    const failed = job("slow");
    expect(failed.status?.conditions?.map((x) => [x.type, x.reason, x.message])).toEqual([
      ["FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline"],
      ["Failed", "DeadlineExceeded", "Job was active longer than specified deadline"],
    ]);
    expect(failed.status).toMatchObject({ failed: 1, terminating: 0 });
    expect(c.api.tryGet("pods", "default", pod!.metadata!.name!)).toBeUndefined();
    expect(jobEvents("slow")).toContain("Warning DeadlineExceeded Job was active longer than specified deadline");
  });

  it("deletes a finished Job and its pods ttlSecondsAfterFinished later", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(manifest("ttl", "  ttlSecondsAfterFinished: 100"));
    const [pod] = active("ttl");
    finish(pod!, "Succeeded");
    c.advance(99_000);
    expect(c.api.tryGet("jobs.batch", "default", "ttl")).toBeDefined();
    c.advance(1_000);
    expect(c.api.tryGet("jobs.batch", "default", "ttl")).toBeUndefined();
    expect(c.api.tryGet("pods", "default", pod!.metadata!.name!)).toBeUndefined();
  });

  it("keeps a suspended Job's pods away until it is resumed, restarting its clock", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(manifest("later", "  suspend: true"));
    expect(podsOf("later")).toHaveLength(0);
    expect(job("later").status?.startTime).toBeUndefined();
    expect(job("later").status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([["Suspended", "True", "JobSuspended"]]);
    c.advance(60_000);
    const j = job("later");
    c.api.update({ ...j, spec: { ...j.spec!, suspend: false } } as never);
    c.settle();
    expect(active("later")).toHaveLength(1);
    expect(job("later").status?.startTime).toBe(rfc3339(TEST_EPOCH + 60_000));
    expect(job("later").status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([["Suspended", "False", "JobResumed"]]);
    // Suspending again deletes the running pod without counting it as a failure.
    const k = job("later");
    c.api.update({ ...k, spec: { ...k.spec!, suspend: true } } as never);
    c.settle();
    expect(active("later")).toHaveLength(0);
    expect(job("later").status?.failed).toBeUndefined();
    expect(jobEvents("later")).toEqual(expect.arrayContaining(["Normal Suspended Job suspended", "Normal Resumed Job resumed"]));
  });

  it("runs a work queue (parallelism without completions) until one pod succeeds and the rest finish", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(manifest("queue", "  parallelism: 3"));
    expect(job("queue").spec?.completions).toBeUndefined();
    const pods = active("queue");
    expect(pods).toHaveLength(3);
    finish(pods[0]!, "Succeeded");
    expect(active("queue")).toHaveLength(2);
    expect(job("queue").status?.conditions).toBeUndefined();
    finish(pods[1]!, "Succeeded");
    finish(pods[2]!, "Succeeded");
    expect(active("queue")).toHaveLength(0);
    expect(job("queue").status).toMatchObject({ succeeded: 3 });
    expect(job("queue").status?.conditions?.at(-1)?.type).toBe("Complete");
  });
});
