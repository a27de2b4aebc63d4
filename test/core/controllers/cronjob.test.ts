/**
 * CronJobs as the Kubernetes docs run them, on the simulated kubelets: the `hello`
 * CronJob over an hour, and the Forbid and Replace policies with a Job that outlives
 * its minute.
 */
import type { CronJob, Job } from "kubernetes-types/batch/v1";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { describeCronJob } from "../../../src/client/describe/cronjob.js";
import { renderTable } from "../../../src/client/output/table.js";
import { asKind } from "../../../src/core/api/object.js";
import { printTable } from "../../../src/core/printers/table.js";
import { expectGolden } from "../../client/output/golden.js";
import { createTestCluster, TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";

const MINUTE = 60_000;

let c: TestCluster;
afterEach(() => c?.close());

/** The CronJob from the Kubernetes docs (application/job/cronjob.yaml). */
const HELLO = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
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

function jobs(): Job[] {
  return c.api
    .list("jobs.batch", { namespace: "default" })
    .map((j) => asKind<Job>(j))
    .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
}

function podsOf(job: string): Pod[] {
  return c.api.list("pods", { namespace: "default", labelSelector: `job-name=${job}` }).map((p) => asKind<Pod>(p));
}

function table(kind: string, resource: string): string {
  return renderTable(printTable(kind, c.api.list(resource, { namespace: "default" }), { now: c.clock.now() }), {
    wide: false,
    withNamespace: false,
    showLabels: false,
    noHeaders: false,
    labelColumns: [],
  });
}

function cronJobEvents(): Event[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.kind === "CronJob");
}

describe("CronJobs on the simulated kubelets", () => {
  it("runs the docs' hello CronJob for an hour and keeps the last three Jobs and their logs", () => {
    c = createTestCluster();
    c.applyYaml(HELLO);
    c.advance(60 * MINUTE);
    const kept = jobs();
    expect(kept).toHaveLength(3);
    const minute = (n: number) => `hello-${Math.floor(TEST_EPOCH / MINUTE) + n}`;
    // The 01:00 run starts 100 ms after the hour (the controller's wake-up margin): at 01:00:00 the last run is 00:59's.
    expect(kept.map((j) => j.metadata!.name)).toEqual([minute(57), minute(58), minute(59)]);
    for (const job of kept) {
      expect(job.status?.conditions?.at(-1)?.type).toBe("Complete");
      const pods = podsOf(job.metadata!.name!);
      expect(pods).toHaveLength(1);
      expect(pods[0]!.status?.phase).toBe("Succeeded");
      const lines = c.ctx.logs.read({ namespace: "default", pod: pods[0]!.metadata!.name! }).map((l) => l.text);
      expect(lines.at(-1)).toBe("Hello from the Kubernetes cluster");
      expect(lines[0]).toMatch(/^Mon Jan {2}1 00:\d\d:\d\d UTC 2024$/);
    }
    // Only the kept Jobs' pods are left.
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(3);
    const cj = asKind<CronJob>(c.api.get("cronjobs.batch", "default", "hello"));
    expect(cj.status?.lastScheduleTime).toBe("2024-01-01T00:59:00Z");
    expectGolden(new URL("./testdata/cronjob-hello-get.golden", import.meta.url), `${table("CronJob", "cronjobs.batch")}\n${table("Job", "jobs.batch")}`);
    expectGolden(new URL("./testdata/cronjob-hello-describe.golden", import.meta.url), describeCronJob(cj, cronJobEvents().slice(-6), { now: c.clock.now() }));
  });

  it("Forbid skips the runs due while a long Job is still running", () => {
    c = createTestCluster();
    c.applyYaml(HELLO.replace('  schedule: "* * * * *"', '  schedule: "* * * * *"\n  concurrencyPolicy: Forbid').replace("date; echo Hello from the Kubernetes cluster", "sleep 150"));
    c.advance(3 * MINUTE + 1000);
    // The 00:01 Job runs until about 00:03:45; the 00:02 and 00:03 runs were skipped.
    expect(jobs().map((j) => j.metadata!.name)).toEqual([`hello-${Math.floor(TEST_EPOCH / MINUTE) + 1}`]);
    expect(cronJobEvents().map((e) => e.reason)).toContain("JobAlreadyActive");
    c.advance(2 * MINUTE);
    expect(jobs()).toHaveLength(2);
  });

  it("Replace stops the long Job and starts the new one", () => {
    c = createTestCluster();
    c.applyYaml(HELLO.replace('  schedule: "* * * * *"', '  schedule: "* * * * *"\n  concurrencyPolicy: Replace').replace("date; echo Hello from the Kubernetes cluster", "sleep 150"));
    c.advance(2 * MINUTE + 1000);
    expect(jobs().map((j) => j.metadata!.name)).toEqual([`hello-${Math.floor(TEST_EPOCH / MINUTE) + 2}`]);
    expect(cronJobEvents().map((e) => `${e.reason} ${e.message}`)).toContain(`SuccessfulDelete Deleted job hello-${Math.floor(TEST_EPOCH / MINUTE) + 1}`);
    c.advance(MINUTE);
    // The replaced Job's pod is gone with it.
    expect(podsOf(`hello-${Math.floor(TEST_EPOCH / MINUTE) + 1}`)).toHaveLength(0);
  });
});
