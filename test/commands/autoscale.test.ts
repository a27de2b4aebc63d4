import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden } from "../client/output/golden.js";
import { deployment } from "../helpers/fixtures.js";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** Traffic that triples after 2 minutes and falls back after 10: a scale-out, then a scale-in. */
const WEB = deployment("web", { replicas: 2, annotations: { "sim.kdeck.dev/load": "200m, 1200m after 2m, 200m after 10m" }, cpu: "200m" });

async function replicas(): Promise<number> {
  return Number((await kdeck(db, ["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"])).stdout);
}

describe("kdeck autoscale", () => {
  it("creates an autoscaling/v2 HPA that scales the Deployment out and, across commands, back in", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", WEB)]);
    expect(await kdeck(db, ["autoscale", "deploy/web", "--min", "2", "--max", "10", "--cpu-percent", "50"])).toEqual({
      code: 0,
      stdout: "horizontalpodautoscaler.autoscaling/web autoscaled\n",
      stderr: "",
    });
    const before = await kdeck(db, ["get", "hpa"]);
    await kdeck(db, ["advance", "90s"]);
    const steady = await kdeck(db, ["get", "hpa"]);
    await kdeck(db, ["advance", "90s"]);
    expect(await replicas()).toBeGreaterThan(2);
    await kdeck(db, ["advance", "2m"]);
    const out = await kdeck(db, ["describe", "hpa", "web"]);
    expect(await replicas()).toBe(10);
    // The load falls at 10 m; each `advance` is a new process, and the stabilization window still holds.
    await kdeck(db, ["advance", "6m"]);
    await kdeck(db, ["advance", "2m"]);
    expect(await replicas()).toBe(10);
    await kdeck(db, ["advance", "3m"]);
    expect(await replicas()).toBe(2);
    const after = await kdeck(db, ["describe", "hpa", "web"]);
    expectGolden(new URL("./testdata/autoscale-hpa.golden", import.meta.url), [before.stdout, steady.stdout, out.stdout, after.stdout].join("\n---\n"));
  });

  it("refuses as kubectl does", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", WEB)]);
    expect(await kdeck(db, ["autoscale", "deploy", "web"])).toEqual({ code: 1, stdout: "", stderr: "error: --max=MAXPODS is required and must be at least 1, max: -1\n" });
    expect((await kdeck(db, ["autoscale", "deploy", "web", "--min=5", "--max=3"])).stderr).toBe("error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 3, min: 5\n");
    const pod = await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec: {containers: [{name: c, image: nginx}]}\n")]);
    expect(pod.code).toBe(0);
    expect((await kdeck(db, ["autoscale", "pod/solo", "--max=3"])).stderr).toBe("error: cannot autoscale a Pod: could not find scale subresource for /v1, Resource=pods in discovery information\n");
    expect((await kdeck(db, ["autoscale", "deploy/nope", "--max=3"])).stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    await kdeck(db, ["autoscale", "deploy/web", "--max=3"]);
    expect((await kdeck(db, ["autoscale", "deploy/web", "--max=3"])).stderr).toBe('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n');
  });

  it("prints the object with --dry-run=client -o yaml, with the default policy when no --cpu-percent is given", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", WEB)]);
    const r = await kdeck(db, ["autoscale", "deployment", "web", "--max=4", "--name=front", "--dry-run=client", "-o", "yaml"]);
    expect(r.stdout).toBe(
      [
        "apiVersion: autoscaling/v2",
        "kind: HorizontalPodAutoscaler",
        "metadata:",
        "  name: front",
        "  namespace: default",
        "spec:",
        "  maxReplicas: 4",
        "  scaleTargetRef:",
        "    apiVersion: apps/v1",
        "    kind: Deployment",
        "    name: web",
        "",
      ].join("\n"),
    );
    expect((await kdeck(db, ["get", "hpa"])).stderr).toBe("No resources found in default namespace.\n");
    await kdeck(db, ["autoscale", "deployment", "web", "--max=4"]);
    expect((await kdeck(db, ["get", "hpa", "web", "-o", "jsonpath={.spec.metrics[0].resource.target.averageUtilization} {.spec.minReplicas}"])).stdout).toBe("80 1");
  });
});

describe("HorizontalPodAutoscaler manifests", () => {
  it("applies autoscaling/v1, stored and shown as autoscaling/v2, and re-applies unchanged", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", WEB)]);
    const v1 = writeManifest(
      db,
      "hpa-v1.yaml",
      "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 6\n  targetCPUUtilizationPercentage: 60\n",
    );
    expect((await kdeck(db, ["apply", "-f", v1])).stdout).toBe("horizontalpodautoscaler.autoscaling/web created\n");
    expect((await kdeck(db, ["apply", "-f", v1])).stdout).toBe("horizontalpodautoscaler.autoscaling/web unchanged\n");
    expect((await kdeck(db, ["get", "hpa", "web", "-o", "jsonpath={.apiVersion} {.spec.metrics[0].resource.target.averageUtilization}"])).stdout).toBe("autoscaling/v2 60");
    expect((await kdeck(db, ["get", "hpa"])).stdout).toMatch(/\nweb\s+Deployment\/web\s+cpu: <unknown>\/60%\s+2\s+6\s+0\s+0s\n$/);
  });

  it("applies the kubernetes/examples vLLM HPA, which needs a custom metrics adapter kdeck does not have", async () => {
    const file = "/work/shared/corpus/kubernetes-examples/AI/vllm-deployment/hpa/horizontal-pod-autoscaler.yaml";
    if (!fs.existsSync(file)) return;
    await kdeck(db, ["create", "deployment", "vllm-gemma-deployment", "--image=nginx:1.27"]);
    expect((await kdeck(db, ["apply", "-f", file])).stdout).toBe("horizontalpodautoscaler.autoscaling/gemma-server-hpa created\n");
    await kdeck(db, ["advance", "30s"]);
    const d = await kdeck(db, ["describe", "hpa", "gemma-server-hpa"]);
    expect(d.stdout).toMatch(/\n {2}"vllm_num_requests_running" on pods:\s+<unknown> \/ 4\n/);
    expect(d.stdout).toMatch(/\nBehavior:\n {2}Scale Up:\n {4}Stabilization Window: 0 seconds\n {4}Select Policy: Max\n {4}Policies:\n {6}- Type: Pods\s+Value: 4\s+Period: 15 seconds\n/);
    expect(d.stdout).toMatch(
      /ScalingActive\s+False\s+FailedGetPodsMetric\s+the HPA was unable to compute the replica count: unable to get metric vllm_num_requests_running: unable to fetch metrics from custom metrics API: no custom metrics API \(custom\.metrics\.k8s\.io\) registered/,
    );
  });
});
