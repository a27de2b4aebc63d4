import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const HELLO = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
  labels:
    team: ops
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    metadata:
      labels:
        from: template
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            command: ["/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"]
          restartPolicy: OnFailure
`;

describe("kdeck create job", () => {
  it("creates a Job that runs the command after --, and the Job runs it", async () => {
    const r = await kdeck(db, ["create", "job", "my-job", "--image=busybox:1.36", "--", "echo", "hi there"]);
    expect(r).toEqual({ code: 0, stdout: "job.batch/my-job created\n", stderr: "" });
    await kdeck(db, ["advance", "30s"]);
    const get = await kdeck(db, ["get", "jobs"]);
    expect(get.stdout).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nmy-job\s+Complete\s+1\/1\s+\d+s\s+30s\n$/);
    const yaml = await kdeck(db, ["get", "job", "my-job", "-o", "jsonpath={.spec.template.spec.containers[0].command}"]);
    expect(yaml.stdout).toBe('["echo","hi there"]');
    const logs = await kdeck(db, ["logs", "job/my-job"]);
    expect(logs.stdout).toBe("hi there\n");
  });

  it("prints the Job it would send with --dry-run=client -o yaml", async () => {
    const r = await kdeck(db, ["create", "job", "my-job", "--image=busybox", "--dry-run=client", "-o", "yaml", "--", "date"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`apiVersion: batch/v1
kind: Job
metadata:
  creationTimestamp: null
  name: my-job
spec:
  template:
    metadata:
      creationTimestamp: null
    spec:
      containers:
      - command:
        - date
        image: busybox
        name: my-job
        resources: {}
      restartPolicy: Never
status: {}
`);
    expect((await kdeck(db, ["get", "jobs"])).stderr).toBe("No resources found in default namespace.\n");
  });

  it("instantiates a CronJob's template with --from=cronjob/NAME", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "cj.yaml", HELLO)]);
    const r = await kdeck(db, ["create", "job", "manual-run", "--from=cronjob/hello"]);
    expect(r).toEqual({ code: 0, stdout: "job.batch/manual-run created\n", stderr: "" });
    const ann = await kdeck(db, ["get", "job", "manual-run", "-o", "jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate} {.metadata.labels.from} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"]);
    expect(ann.stdout).toBe("manual template CronJob/hello");
    await kdeck(db, ["advance", "30s"]);
    expect((await kdeck(db, ["logs", "job/manual-run"])).stdout).toMatch(/\nHello from the Kubernetes cluster\n$/);
  });

  it("refuses what kubectl refuses", async () => {
    expect(await kdeck(db, ["create", "job", "x"])).toMatchObject({ code: 2, stderr: expect.stringContaining("error: either --image or --from must be specified\n") });
    expect((await kdeck(db, ["create", "job", "x", "--from=cronjob/nope"])).stderr).toBe('Error from server (NotFound): cronjobs.batch "nope" not found\n');
    expect((await kdeck(db, ["create", "job", "x", "--from=cronjob/a", "--", "date"])).stderr).toContain("error: cannot specify --from and command\n");
    expect((await kdeck(db, ["create", "job", "--image=busybox"])).stderr).toContain("error: exactly one NAME is required, got 0\n");
    await kdeck(db, ["create", "job", "dup", "--image=busybox"]);
    const again = await kdeck(db, ["create", "job", "dup", "--image=busybox"]);
    expect(again).toEqual({ code: 1, stdout: "", stderr: 'error: failed to create job: jobs.batch "dup" already exists\n' });
  });
});

describe("Jobs and CronJobs in get and describe", () => {
  it("lists CronJobs with kubectl's columns and describes Jobs", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "cj.yaml", HELLO)]);
    await kdeck(db, ["advance", "6m"]);
    const cj = await kdeck(db, ["get", "cronjobs"]);
    expect(cj.stdout).toBe("NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nhello   */5 * * * *   <none>     False     0        60s             6m\n");
    const wide = await kdeck(db, ["get", "cj", "-o", "wide"]);
    expect(wide.stdout.split("\n")[0]).toBe("NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE   CONTAINERS   IMAGES         SELECTOR");
    const jobs = await kdeck(db, ["get", "jobs", "-o", "name"]);
    const name = jobs.stdout.trim();
    expect(name).toMatch(/^job\.batch\/hello-\d+$/);
    const d = await kdeck(db, ["describe", name]);
    expect(d.stdout).toMatch(/^Name:\s+hello-\d+\nNamespace:\s+default\nSelector:\s+batch.kubernetes.io\/controller-uid=/);
    expect(d.stdout).toMatch(/\nControlled By:\s+CronJob\/hello\n/);
    expect(d.stdout).toMatch(/\nPods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed\n/);
    expect(d.stdout).toMatch(/\n {2}Normal\s+SuccessfulCreate\s+\d+s\s+job-controller\s+Created pod: hello-\d+-\w{5}\n/);
    const dc = await kdeck(db, ["describe", "cronjob", "hello"]);
    expect(dc.stdout).toMatch(/\nLast Schedule Time:\s+Mon, 01 Jan 2024 00:05:00 \+0000\nActive Jobs:\s+<none>\n/);
  });
});
