/**
 * TYPE/NAME → pods, as `logs` and `exec` (and the console) resolve it: the workload's
 * selector, its pods from the real cluster, and kubectl's choice among them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KindInfo } from "../../src/client/kinds.js";
import type { KubeObject } from "../../src/client/cluster.js";
import type { Pod } from "../../src/client/types.js";
import { defaultContainer, labelSelectorString, parseTarget, podSelectorOf, selectedPods, sortPods } from "../../src/commands/workload-pods.js";
import { kdeck, pinnedOpener, tempDb, writeManifest } from "./run.js";

function kind(group: string, kindName: string, plural: string): KindInfo {
  return { group, version: "v1", kind: kindName, plural, singular: kindName.toLowerCase(), shortNames: [], namespaced: true, categories: [], verbs: [] };
}
const DEPLOYMENT = kind("apps", "Deployment", "deployments");
const JOB = kind("batch", "Job", "jobs");
const RC = kind("", "ReplicationController", "replicationcontrollers");
const SERVICE = kind("", "Service", "services");

function object(k: KindInfo, name: string, spec: unknown): KubeObject {
  return { apiVersion: k.group ? `${k.group}/v1` : "v1", kind: k.kind, metadata: { name, namespace: "default" }, spec };
}

/** A pod as status shapes it, for the ranking rules. */
function pod(name: string, o: { node?: string; phase?: string; readySince?: string; restarts?: number; created?: string } = {}): Pod {
  return {
    metadata: { name, creationTimestamp: o.created ?? "2024-01-01T00:00:00Z" },
    spec: { containers: [{ name: "main" }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      ...(o.phase ? { phase: o.phase } : {}),
      conditions: o.readySince ? [{ type: "Ready", status: "True", lastTransitionTime: o.readySince }] : [],
      containerStatuses: [{ name: "main", restartCount: o.restarts ?? 0, ready: !!o.readySince, image: "x", imageID: "" }],
    },
  };
}

describe("workload selectors", () => {
  it("prints matchLabels and matchExpressions the way LabelSelectorAsSelector does", () => {
    expect(
      labelSelectorString({
        matchLabels: { tier: "web", app: "shop" },
        matchExpressions: [
          { key: "env", operator: "In", values: ["prod", "dev"] },
          { key: "canary", operator: "DoesNotExist" },
          { key: "track", operator: "Exists" },
          { key: "zone", operator: "NotIn", values: ["b", "a"] },
        ],
      }),
    ).toBe("app=shop,!canary,env in (dev,prod),tier=web,track,zone notin (a,b)");
    expect(labelSelectorString({})).toBe("");
    expect(labelSelectorString(undefined)).toBeUndefined();
  });

  it("reads each kind's selector, and refuses kinds without one in kubectl's words", () => {
    expect(podSelectorOf(object(DEPLOYMENT, "web", { selector: { matchLabels: { app: "web" } } }), DEPLOYMENT)).toBe("app=web");
    expect(podSelectorOf(object(JOB, "pi", { selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "u1" } } }), JOB)).toBe("batch.kubernetes.io/controller-uid=u1");
    expect(podSelectorOf(object(RC, "old", { selector: { b: "2", a: "1" } }), RC)).toBe("a=1,b=2");
    expect(() => podSelectorOf(object(SERVICE, "svc", {}), SERVICE)).toThrow("invalid service 'svc': Service is defined without a selector");
    const cm = kind("", "ConfigMap", "configmaps");
    expect(() => podSelectorOf(object(cm, "c", undefined), cm)).toThrow("selector for *v1.ConfigMap not implemented");
  });

  it("parses POD, pod/NAME and TYPE/NAME through the registry", () => {
    expect(parseTarget("nginx")).toMatchObject({ kind: { kind: "Pod" }, name: "nginx" });
    expect(parseTarget("po/nginx")).toMatchObject({ kind: { kind: "Pod" }, name: "nginx" });
    expect(() => parseTarget("deploy/")).toThrow("arguments in resource/name form must have a single resource and name");
    expect(() => parseTarget("pdo/x")).toThrow(/the server doesn't have a resource type "pdo"/);
  });
});

describe("choosing among a workload's pods", () => {
  const running = { node: "n1", phase: "Running" };
  it("logs prefers scheduled, running, ready longest, most restarted, oldest (podutils.ByLogging)", () => {
    const names = (pods: Pod[]) => sortPods(pods, "logging").map((p) => p.metadata?.name);
    expect(names([pod("unscheduled", { phase: "Pending" }), pod("pending", { node: "n1", phase: "Pending" }), pod("running", running)])).toEqual(["running", "pending", "unscheduled"]);
    expect(names([pod("new", { ...running, readySince: "2024-01-01T00:05:00Z" }), pod("old", { ...running, readySince: "2024-01-01T00:01:00Z" }), pod("notready", running)])).toEqual(["old", "new", "notready"]);
    expect(names([pod("calm", running), pod("crashy", { ...running, restarts: 3 })])).toEqual(["crashy", "calm"]);
    expect(names([pod("b", { ...running, created: "2024-01-01T00:02:00Z" }), pod("a", { ...running, created: "2024-01-01T00:01:00Z" })])).toEqual(["a", "b"]);
  });

  it("exec picks the most settled pod (reversed podutils.ActivePods)", () => {
    const names = (pods: Pod[]) => sortPods(pods, "attach").map((p) => p.metadata?.name);
    expect(names([pod("unscheduled"), pod("pending", { node: "n1", phase: "Pending" }), pod("running", running)])).toEqual(["running", "pending", "unscheduled"]);
    expect(names([pod("new", { ...running, readySince: "2024-01-01T00:05:00Z" }), pod("old", { ...running, readySince: "2024-01-01T00:01:00Z" }), pod("notready", running)])).toEqual(["old", "new", "notready"]);
    // Fewer restarts is more settled; then the older pod.
    expect(names([pod("crashy", { ...running, restarts: 3 }), pod("calm", running)])).toEqual(["calm", "crashy"]);
    expect(names([pod("b", { ...running, created: "2024-01-01T00:02:00Z" }), pod("a", { ...running, created: "2024-01-01T00:01:00Z" })])).toEqual(["a", "b"]);
  });

  it("defaults to the annotated container, else the first with kubectl's note", () => {
    const p: Pod = { metadata: { name: "p", namespace: "default" }, spec: { initContainers: [{ name: "init" }], containers: [{ name: "app" }, { name: "side" }] } };
    expect(defaultContainer(p)).toEqual({ name: "app", notes: ['Defaulted container "app" out of: app, side, init (init)'] });
    expect(defaultContainer(p, { quiet: true })).toEqual({ name: "app", notes: [] });
    const annotated: Pod = { ...p, metadata: { ...p.metadata, annotations: { "kubectl.kubernetes.io/default-container": "side" } } };
    expect(defaultContainer(annotated)).toEqual({ name: "side", notes: [] });
    const wrong: Pod = { ...p, metadata: { ...p.metadata, annotations: { "kubectl.kubernetes.io/default-container": "gone" } } };
    expect(defaultContainer(wrong, { reportBadAnnotation: true }).notes[0]).toBe('Default container name "gone" not found in pod p');
  });
});

describe("a workload's pods in a real cluster", () => {
  let db: string;
  let cleanup: () => void;
  beforeEach(() => ({ db, cleanup } = tempDb()));
  afterEach(() => cleanup());

  it("lists the pods its selector matches, in its namespace", async () => {
    const pods = ["web-a", "web-b", "db-a"]
      .map((n) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\n  labels:\n    app: ${n.split("-")[0]}\nspec:\n  containers:\n  - name: main\n    image: busybox:1.36\n`)
      .join("---\n");
    expect((await kdeck(db, ["apply", "-f", writeManifest(db, "pods.yaml", pods)])).code).toBe(0);
    const cluster = pinnedOpener()({ db });
    try {
      const web = object(DEPLOYMENT, "web", { selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] } });
      expect(selectedPods(cluster, web, DEPLOYMENT).map((p) => p.metadata?.name)).toEqual(["web-a", "web-b"]);
      // A nil selector selects nothing, as in kubectl.
      expect(selectedPods(cluster, object(DEPLOYMENT, "none", {}), DEPLOYMENT)).toEqual([]);
    } finally {
      cluster.close();
    }
  });
});
