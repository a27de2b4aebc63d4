import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manifests, pinnedPod } from "../helpers/fixtures.js";
import { kdeck, NGINX_POD, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const taintsOf = async (node: string) => (await kdeck(db, ["get", "node", node, "-o", "jsonpath={range .spec.taints[*]}{.key}={.value}:{.effect} {end}"])).stdout.trim();

describe("kdeck taint", () => {
  it("adds, refuses duplicates, overwrites and removes taints with kubectl's words", async () => {
    expect(await kdeck(db, ["taint", "nodes", "kdeck-worker-1", "dedicated=db:NoSchedule"])).toEqual({ code: 0, stdout: "node/kdeck-worker-1 tainted\n", stderr: "" });
    expect(await kdeck(db, ["taint", "nodes", "kdeck-worker-1", "dedicated=web:NoSchedule"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: node kdeck-worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n",
    });
    expect((await kdeck(db, ["taint", "nodes", "kdeck-worker-1", "dedicated=web:NoSchedule", "--overwrite"])).stdout).toBe("node/kdeck-worker-1 modified\n");
    // A new taint goes first, as kubectl puts it.
    expect((await kdeck(db, ["taint", "no", "kdeck-worker-1", "gpu:PreferNoSchedule"])).stdout).toBe("node/kdeck-worker-1 tainted\n");
    expect(await taintsOf("kdeck-worker-1")).toBe("gpu=:PreferNoSchedule dedicated=web:NoSchedule");
    expect((await kdeck(db, ["taint", "node", "kdeck-worker-1", "dedicated:NoSchedule-"])).stdout).toBe("node/kdeck-worker-1 untainted\n");
    expect(await kdeck(db, ["taint", "node", "kdeck-worker-1", "dedicated-"])).toEqual({ code: 1, stdout: "", stderr: 'error: taint "dedicated" not found\n' });
    expect((await kdeck(db, ["taint", "node", "kdeck-worker-1", "gpu-"])).stdout).toBe("node/kdeck-worker-1 untainted\n");
    expect(await taintsOf("kdeck-worker-1")).toBe("");
  });

  it("selects nodes by label or all of them, and supports --dry-run", async () => {
    const r = await kdeck(db, ["taint", "nodes", "-l", "topology.kubernetes.io/zone=zone-b", "maintenance=soon:PreferNoSchedule"]);
    expect(r.stdout).toBe("node/kdeck-worker-2 tainted\n");
    expect((await kdeck(db, ["taint", "nodes", "--all", "team=a:NoSchedule", "--dry-run=client"])).stdout).toBe(
      "node/kdeck-control-plane tainted (dry run)\nnode/kdeck-worker-1 tainted (dry run)\nnode/kdeck-worker-2 tainted (dry run)\nnode/kdeck-worker-3 tainted (dry run)\n",
    );
    expect(await taintsOf("kdeck-worker-3")).toBe("");
  });

  it("refuses bad arguments as kubectl does", async () => {
    const err = async (args: string[]) => (await kdeck(db, ["taint", ...args])).stderr.split("\n")[0];
    expect(await err(["nodes", "kdeck-worker-1", "a=b:Sometimes"])).toBe("error: invalid taint effect: Sometimes, unsupported taint effect");
    expect(await err(["nodes", "kdeck-worker-1", "a=b"])).toMatch(/^error: invalid taint spec: a=b, name part must consist of alphanumeric characters/);
    expect(await err(["pods", "nginx", "a=b:NoSchedule"])).toBe("error: invalid resource type pods, only node types are supported");
    expect(await err(["nodes", "a=b:NoSchedule"])).toBe("error: at least one resource name must be specified since 'all' parameter is not set");
    expect(await err(["nodes", "kdeck-worker-1"])).toBe("error: at least one taint update is required");
    expect(await err(["nodes", "x", "a:NoSchedule", "y"])).toBe("error: all resources must be specified before taint changes: y");
    expect(await err(["nodes", "x", "a=b:NoSchedule", "a:NoSchedule-"])).toBe('error: can not both modify and remove the following taint(s) in the same command: {"a":"NoSchedule"}');
    expect(await err(["nodes", "x", "a:NoSchedule", "a=c:NoSchedule"])).toBe("error: duplicated taints with the same key and effect: {a c NoSchedule <nil>}");
    expect(await kdeck(db, ["taint", "nodes", "nope", "a=b:NoSchedule"])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): nodes "nope" not found\n' });
  });

  it("NoExecute evicts what does not tolerate it at once, the rest after tolerationSeconds, across commands", async () => {
    const file = writeManifest(
      db,
      "pods.yaml",
      manifests(
        pinnedPod("tolerant", "kdeck-worker-2", [{ key: "maintenance", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }]),
        pinnedPod("plain", "kdeck-worker-2"),
      ),
    );
    await kdeck(db, ["apply", "-f", file]);
    await kdeck(db, ["advance", "20s"]);
    expect((await kdeck(db, ["taint", "nodes", "kdeck-worker-2", "maintenance=now:NoExecute"])).stdout).toBe("node/kdeck-worker-2 tainted\n");
    const phases = async () => (await kdeck(db, ["get", "pods", "--no-headers"])).stdout.replace(/ +/g, " ");
    expect(await phases()).toMatch(/plain 1\/1 Terminating/);
    await kdeck(db, ["advance", "30s"]);
    await kdeck(db, ["advance", "29s"]);
    expect(await phases()).toMatch(/tolerant 1\/1 Running/);
    await kdeck(db, ["advance", "1s"]);
    expect(await phases()).toMatch(/tolerant 1\/1 Terminating/);
    const events = (await kdeck(db, ["get", "events", "--field-selector", "involvedObject.name=tolerant", "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}"])).stdout;
    expect(events).toContain("TaintManagerEviction: Marking for deletion Pod default/tolerant\n");
  });
});

describe("kdeck label and annotate", () => {
  beforeEach(async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "nginx.yaml", NGINX_POD)]);
  });

  it("labels, refuses to overwrite without --overwrite, and removes", async () => {
    expect(await kdeck(db, ["label", "pods", "nginx", "tier=front"])).toEqual({ code: 0, stdout: "pod/nginx labeled\n", stderr: "" });
    expect(await kdeck(db, ["label", "pod/nginx", "app=api"])).toEqual({ code: 1, stdout: "", stderr: "error: 'app' already has a value (web), and --overwrite is false\n" });
    expect((await kdeck(db, ["label", "pod/nginx", "app=web"])).stdout).toBe("pod/nginx not labeled\n");
    expect((await kdeck(db, ["label", "--overwrite", "pod/nginx", "app=api"])).stdout).toBe("pod/nginx labeled\n");
    expect((await kdeck(db, ["label", "pod", "nginx", "tier-", "missing-"])).stdout).toBe('label "missing" not found.\npod/nginx unlabeled\n');
    expect((await kdeck(db, ["label", "pod", "nginx", "tier=x", "app-"])).stdout).toBe("pod/nginx label(s) changed\n");
    expect((await kdeck(db, ["label", "pods", "nginx", "--list"])).stdout).toBe("tier=x\n");
    expect((await kdeck(db, ["get", "pod", "nginx", "--show-labels", "--no-headers"])).stdout).toMatch(/tier=x\n$/);
  });

  it("labels by selector, all of a kind, any kind, with dry runs", async () => {
    expect((await kdeck(db, ["label", "nodes", "-l", "topology.kubernetes.io/zone=zone-a", "rack=r1"])).stdout).toBe("node/kdeck-control-plane labeled\nnode/kdeck-worker-1 labeled\n");
    expect((await kdeck(db, ["label", "ns", "--all", "env=dev", "--dry-run=client"])).stdout.split("\n")[0]).toBe("namespace/default labeled (dry run)");
    expect((await kdeck(db, ["get", "ns", "default", "--show-labels", "--no-headers"])).stdout).not.toContain("env=dev");
    expect((await kdeck(db, ["label", "nodes", "kdeck-worker-1", "kdeck-worker-2", "--list"])).stdout).toContain("Listing labels for Node./kdeck-worker-1:\n kubernetes.io/arch=amd64\n");
    const bad = await kdeck(db, ["label", "pod", "nginx", "a=b=c"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toBe("error: invalid label spec: a=b=c");
    expect((await kdeck(db, ["label", "pod", "nginx"])).stderr.split("\n")[0]).toBe("error: at least one label update is required");
    expect((await kdeck(db, ["label", "pod", "nginx", "a=b", "c"])).stderr.split("\n")[0]).toBe("error: all resources must be specified before label changes: c");
    expect((await kdeck(db, ["label", "pod", "nope", "a=b"])).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it("annotates with kubectl's messages", async () => {
    expect((await kdeck(db, ["annotate", "pods", "nginx", "description=my frontend", "note=a=b"])).stdout).toBe("pod/nginx annotated\n");
    expect(await kdeck(db, ["annotate", "pods", "nginx", "description=other"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: --overwrite is false but found the following declared annotation(s): 'description' already has a value (my frontend)\n",
    });
    expect((await kdeck(db, ["annotate", "--overwrite", "pods", "nginx", "description=other", "note-"])).stdout).toBe("pod/nginx annotated\n");
    expect((await kdeck(db, ["annotate", "pods", "nginx", "--list"])).stdout).toMatch(/^description=other\nkubectl.kubernetes.io\/last-applied-configuration=\{/);
    expect((await kdeck(db, ["annotate", "pods", "nginx", "x=1", "x-"])).stderr.split("\n")[0]).toBe(
      "error: can not both modify and remove the following annotation(s) in the same command: x",
    );
  });
});

describe("kdeck node", () => {
  it("adds a worker, stops and starts its kubelet, and deletes it", async () => {
    expect(await kdeck(db, ["node", "add", "--cpu", "8", "--labels", "pool=big", "--taints", "gpu=true:NoSchedule"])).toEqual({
      code: 0,
      stdout: "node/kdeck-worker-4 created\n",
      stderr: "",
    });
    const row = async (name: string) => (await kdeck(db, ["get", "node", name, "--no-headers"])).stdout.replace(/ +/g, " ");
    expect(await row("kdeck-worker-4")).toMatch(/^kdeck-worker-4 Ready <none> 0s v1\.33\.0\n$/);
    expect(await taintsOf("kdeck-worker-4")).toBe("gpu=true:NoSchedule");
    expect((await kdeck(db, ["get", "node", "kdeck-worker-4", "-o", "jsonpath={.status.capacity.cpu} {.metadata.labels.pool}"])).stdout).toBe("8 big");

    expect(await kdeck(db, ["node", "stop", "kdeck-worker-4"])).toEqual({ code: 0, stdout: "node/kdeck-worker-4 stopped\n", stderr: "" });
    expect((await kdeck(db, ["node", "stop", "kdeck-worker-4"])).stdout).toBe("node/kdeck-worker-4 already stopped\n");
    await kdeck(db, ["advance", "49s"]);
    expect(await row("kdeck-worker-4")).toMatch(/ Ready /);
    await kdeck(db, ["advance", "1s"]);
    expect(await row("kdeck-worker-4")).toMatch(/ NotReady /);
    await kdeck(db, ["cordon", "kdeck-worker-4"]);
    expect(await row("kdeck-worker-4")).toMatch(/ NotReady,SchedulingDisabled /);
    expect(await taintsOf("kdeck-worker-4")).toBe(
      "gpu=true:NoSchedule node.kubernetes.io/unreachable=:NoSchedule node.kubernetes.io/unreachable=:NoExecute node.kubernetes.io/unschedulable=:NoSchedule",
    );

    expect((await kdeck(db, ["node", "start", "kdeck-worker-4"])).stdout).toBe("node/kdeck-worker-4 started\n");
    expect(await row("kdeck-worker-4")).toMatch(/ Ready,SchedulingDisabled /);
    expect(await kdeck(db, ["node", "delete", "kdeck-worker-4", "nope"])).toEqual({
      code: 1,
      stdout: 'node "kdeck-worker-4" deleted\n',
      stderr: 'Error from server (NotFound): nodes "nope" not found\n',
    });
    expect((await kdeck(db, ["get", "nodes", "-o", "name"])).stdout).not.toContain("kdeck-worker-4");
  });
});
