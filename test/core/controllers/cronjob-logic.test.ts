/**
 * The CronJob controller's scheduling with the Jobs' pods finished by hand (a cluster
 * without nodes keeps them Pending): names, history limits, concurrency policies,
 * starting deadlines and suspension, minute by minute in virtual time.
 */
import type { CronJob, Job } from "kubernetes-types/batch/v1";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { rfc3339 } from "../../../src/core/engine/clock.js";
import { createTestCluster, TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";

let c: TestCluster;
afterEach(() => c?.close());

const MINUTE = 60_000;

function cronJob(name: string): CronJob {
  return asKind<CronJob>(c.api.get("cronjobs.batch", "default", name));
}

function jobs(): Job[] {
  return c.api
    .list("jobs.batch", { namespace: "default" })
    .map((j) => asKind<Job>(j))
    .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
}

function events(name: string): string[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.kind === "CronJob" && e.involvedObject.name === name)
    .map((e) => `${e.reason} ${e.message}`);
}

/** Plays the kubelet for every pending pod: it succeeds (or fails). */
function finishAll(phase: "Succeeded" | "Failed" = "Succeeded"): void {
  for (const obj of c.api.list("pods", { namespace: "default" })) {
    const pod = asKind<Pod>(obj);
    if (pod.status?.phase !== "Pending" || pod.metadata?.deletionTimestamp) continue;
    const now = rfc3339(c.clock.now());
    const terminated = { exitCode: phase === "Succeeded" ? 0 : 1, reason: phase === "Succeeded" ? "Completed" : "Error", startedAt: now, finishedAt: now };
    c.api.updateStatus({ ...obj, status: { ...(obj.status as object), phase, containerStatuses: [{ name: "hello", state: { terminated }, ready: false, restartCount: 0, image: "busybox", imageID: "" }] } });
  }
  c.settle();
}

function hello(extra = ""): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
${extra}  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
`;
}

describe("CronJob controller scheduling", () => {
  it("creates one Job a minute, named after the scheduled minute, and keeps the last 3 that succeeded", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello());
    expect(jobs()).toHaveLength(0);
    // The controller wakes 100 ms after each scheduled minute; look a second after.
    c.advance(1000);
    for (let minute = 1; minute <= 6; minute++) {
      c.advance(MINUTE);
      finishAll();
    }
    const names = jobs().map((j) => j.metadata!.name);
    const minuteOf = (n: number) => `hello-${Math.floor((TEST_EPOCH + n * MINUTE) / MINUTE)}`;
    expect(names).toEqual([minuteOf(4), minuteOf(5), minuteOf(6)]);
    const first = jobs()[0]!;
    expect(first.metadata!.annotations).toEqual({ "batch.kubernetes.io/cronjob-scheduled-timestamp": rfc3339(TEST_EPOCH + 4 * MINUTE) });
    expect(first.metadata!.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "CronJob", name: "hello", uid: cronJob("hello").metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    const status = cronJob("hello").status!;
    expect(status.lastScheduleTime).toBe(rfc3339(TEST_EPOCH + 6 * MINUTE));
    expect(status.lastSuccessfulTime).toBe(rfc3339(TEST_EPOCH + 6 * MINUTE + 1000));
    expect(status.active).toBeUndefined();
    expect(events("hello").slice(0, 3)).toEqual([`SuccessfulCreate Created job ${minuteOf(1)}`, `SawCompletedJob Saw completed job: ${minuteOf(1)}, condition: Complete`, `SuccessfulCreate Created job ${minuteOf(2)}`]);
    expect(events("hello")).toContain(`SuccessfulDelete Deleted job ${minuteOf(1)}`);
    // The deleted Jobs' pods went with them.
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(3);
  });

  it("keeps one failed Job by default", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello().replace("restartPolicy: OnFailure", "restartPolicy: Never").replace("  jobTemplate:\n    spec:\n", "  jobTemplate:\n    spec:\n      backoffLimit: 0\n"));
    c.advance(1000);
    for (let minute = 1; minute <= 3; minute++) {
      c.advance(MINUTE);
      finishAll("Failed");
    }
    const failed = jobs();
    expect(failed).toHaveLength(1);
    expect(failed[0]!.status?.conditions?.at(-1)).toMatchObject({ type: "Failed", reason: "BackoffLimitExceeded" });
  });

  it("with Forbid, skips a run while the last one is still active", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello("  concurrencyPolicy: Forbid\n"));
    c.advance(3 * MINUTE + 1000);
    expect(jobs()).toHaveLength(1);
    expect(cronJob("hello").status?.active?.map((r) => r.name)).toEqual([jobs()[0]!.metadata!.name]);
    expect(events("hello")).toContain("JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid");
    finishAll();
    c.advance(MINUTE);
    expect(jobs()).toHaveLength(2);
  });

  it("with Replace, deletes the running Job and starts the new one", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello("  concurrencyPolicy: Replace\n"));
    c.advance(MINUTE + 1000);
    const firstName = jobs()[0]!.metadata!.name!;
    c.advance(MINUTE);
    expect(jobs().map((j) => j.metadata!.name)).toEqual([`hello-${Math.floor(TEST_EPOCH / MINUTE) + 2}`]);
    expect(events("hello")).toContain(`SuccessfulDelete Deleted job ${firstName}`);
    expect(cronJob("hello").status?.active).toHaveLength(1);
  });

  it("with Allow, lets runs overlap", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello());
    c.advance(3 * MINUTE + 1000);
    expect(jobs()).toHaveLength(3);
    expect(cronJob("hello").status?.active).toHaveLength(3);
  });

  it("starts nothing while suspended, then only the most recent missed run", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello("  suspend: true\n"));
    c.advance(5 * MINUTE);
    expect(jobs()).toHaveLength(0);
    const cj = cronJob("hello");
    c.api.update({ ...cj, spec: { ...cj.spec!, suspend: false } } as never);
    c.settle();
    expect(jobs().map((j) => j.metadata!.name)).toEqual([`hello-${Math.floor(TEST_EPOCH / MINUTE) + 5}`]);
  });

  it("skips a start that is later than startingDeadlineSeconds allows", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello("  suspend: true\n  startingDeadlineSeconds: 10\n"));
    c.advance(MINUTE + 30_000);
    const cj = cronJob("hello");
    c.api.update({ ...cj, spec: { ...cj.spec!, suspend: false } } as never);
    c.settle();
    // The 00:01 run was due 30 s ago, beyond the 10 s deadline: it never starts.
    expect(jobs()).toHaveLength(0);
    c.advance(31_000);
    expect(jobs().map((j) => j.metadata!.name)).toEqual([`hello-${Math.floor(TEST_EPOCH / MINUTE) + 2}`]);
  });

  it("warns about more than 100 missed start times, and still starts the most recent", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello("  suspend: true\n"));
    c.advance(200 * MINUTE);
    const cj = cronJob("hello");
    c.api.update({ ...cj, spec: { ...cj.spec!, suspend: false } } as never);
    c.settle();
    expect(events("hello")).toContain("TooManyMissedTimes too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    expect(jobs().map((j) => j.metadata!.name)).toEqual([`hello-${Math.floor(TEST_EPOCH / MINUTE) + 200}`]);
  });

  it("reads the schedule in its timeZone", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello("  timeZone: America/New_York\n").replace('"* * * * *"', '"0 9 * * *"'));
    // 09:00 in New York on 1 January 2024 is 14:00 UTC.
    c.advance(14 * 60 * MINUTE - 1000);
    expect(jobs()).toHaveLength(0);
    c.advance(1100);
    expect(jobs()).toHaveLength(1);
    expect(jobs()[0]!.metadata!.annotations!["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe("2024-01-01T09:00:00-05:00");
  });

  it("deletes its Jobs when it is deleted", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(hello());
    c.advance(2 * MINUTE + 1000);
    expect(jobs()).toHaveLength(2);
    c.api.delete("cronjobs.batch", "default", "hello");
    c.settle();
    expect(jobs()).toHaveLength(0);
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(0);
  });
});
