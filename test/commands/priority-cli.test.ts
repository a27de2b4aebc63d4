import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden } from "../client/output/golden.js";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** The Kubernetes docs' example class (concepts/scheduling-eviction/pod-priority-preemption). */
const HIGH_PRIORITY = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high-priority
value: 1000000
globalDefault: false
description: "This priority class should be used for XYZ service pods only."
`;

const NONPREEMPTING = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high-priority-nonpreempting
value: 1000000
preemptionPolicy: Never
globalDefault: false
description: "This priority class will not cause other pods to be preempted."
`;

function pod(name: string, cpu: string, priorityClassName?: string): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:${priorityClassName ? `\n  priorityClassName: ${priorityClassName}` : ""}
  containers:
  - name: app
    image: nginx:1.27
    resources: { requests: { cpu: "${cpu}" } }
`;
}

describe("priority classes on the command line", () => {
  it("get and describe show them as kubectl does", async () => {
    expect((await kdeck(db, ["apply", "-f", writeManifest(db, "pc.yaml", HIGH_PRIORITY + "---\n" + NONPREEMPTING)])).stdout).toBe(
      "priorityclass.scheduling.k8s.io/high-priority created\npriorityclass.scheduling.k8s.io/high-priority-nonpreempting created\n",
    );
    await kdeck(db, ["advance", "3m"]);
    expectGolden(new URL("./testdata/get-priorityclasses.golden", import.meta.url), (await kdeck(db, ["get", "pc"])).stdout);
    expectGolden(new URL("./testdata/describe-priorityclass.golden", import.meta.url), (await kdeck(db, ["describe", "priorityclass", "high-priority"])).stdout);
    expect((await kdeck(db, ["get", "priorityclasses.scheduling.k8s.io", "high-priority", "-o", "jsonpath={.value} {.preemptionPolicy}"])).stdout).toBe(
      "1000000 PreemptLowerPriority",
    );
    expect(await kdeck(db, ["delete", "pc", "system-cluster-critical"])).toMatchObject({
      code: 1,
      stderr:
        'Error from server (Forbidden): priorityclasses.scheduling.k8s.io "system-cluster-critical" is forbidden: this is a system priority class and cannot be deleted\n',
    });
  });

  it("create priorityclass generates the class kubectl would", async () => {
    expect((await kdeck(db, ["create", "priorityclass", "high-priority", "--value=1000", "--description=high priority", "--preemption-policy=Never", "--dry-run=client", "-o", "yaml"])).stdout).toBe(
      "apiVersion: scheduling.k8s.io/v1\ndescription: high priority\nkind: PriorityClass\nmetadata:\n  creationTimestamp: null\n  name: high-priority\npreemptionPolicy: Never\nvalue: 1000\n",
    );
    expect((await kdeck(db, ["create", "pc", "default-priority", "--value=10", "--global-default=true"])).stdout).toBe("priorityclass.scheduling.k8s.io/default-priority created\n");
    expect((await kdeck(db, ["get", "pc", "default-priority", "--no-headers"])).stdout).toMatch(/^default-priority\s+10\s+true\s+0s\s+PreemptLowerPriority\n$/);
    expect(await kdeck(db, ["create", "pc", "second-default", "--value=20", "--global-default"])).toMatchObject({
      code: 1,
      stderr:
        'Error from server (Forbidden): priorityclasses.scheduling.k8s.io "second-default" is forbidden: PriorityClass default-priority is already marked as default. Only one default can exist\n',
    });
  });

  it("a pod naming an unknown class is refused; one naming a class shows its priority", async () => {
    const refused = await kdeck(db, ["apply", "-f", writeManifest(db, "bad.yaml", pod("bad", "100m", "nope"))]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pods "bad" is forbidden: no PriorityClass with name nope was found');

    await kdeck(db, ["apply", "-f", writeManifest(db, "pc.yaml", HIGH_PRIORITY)]);
    await kdeck(db, ["apply", "-f", writeManifest(db, "good.yaml", pod("good", "100m", "high-priority"))]);
    const described = (await kdeck(db, ["describe", "pod", "good"])).stdout;
    expect(described).toMatch(/\nPriority:\s+1000000\n/);
    expect(described).toMatch(/\nPriority Class Name:\s+high-priority\n/);
  });

  it("a pending high-priority pod preempts a low-priority one and shows its nominated node", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "pc.yaml", HIGH_PRIORITY)]);
    // Three 4-CPU workers: fill each with a pod of priority 0.
    for (const i of [1, 2, 3]) await kdeck(db, ["apply", "-f", writeManifest(db, `filler-${i}.yaml`, pod(`filler-${i}`, "3"))]);
    await kdeck(db, ["advance", "1m"]);
    await kdeck(db, ["apply", "-f", writeManifest(db, "urgent.yaml", pod("urgent", "2", "high-priority"))]);
    const events = (await kdeck(db, ["get", "events", "--field-selector", "reason=Preempted", "-o", "jsonpath={.items[*].message}"])).stdout;
    expect(events).toMatch(/^Preempted by pod [0-9a-f-]{36} on node kdeck-worker-\d$/);
    await kdeck(db, ["advance", "1m"]);
    const wide = (await kdeck(db, ["get", "pod", "urgent", "-o", "wide", "--no-headers"])).stdout.split(/\s+/);
    // NAME READY STATUS RESTARTS AGE IP NODE NOMINATED-NODE READINESS-GATES
    expect(wide[2]).toBe("Running");
    expect(wide[6]).toMatch(/^kdeck-worker-\d$/);
    expect(wide[7]).toBe(wide[6]);
    const fillers = (await kdeck(db, ["get", "pods", "-l", "", "-o", "name"])).stdout.split("\n").filter((l) => l.startsWith("pod/filler"));
    expect(fillers).toHaveLength(2);
  });
});
