import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden } from "../client/output/golden.js";
import { kdeck, tempDb, writeManifest } from "./run.js";
import { NGINX_DEPLOYMENT } from "../helpers/docs-examples.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());


/** Runs commands in order and keeps a transcript: `$ kdeck …`, then stdout, stderr and a non-zero exit code. */
async function session(steps: string[][]): Promise<string> {
  let out = "";
  for (const args of steps) {
    const r = await kdeck(db, args);
    // Manifests live in a fresh temporary directory: the transcript names them as a user in that directory would.
    const shown = args.map((a) => (a.startsWith(path.dirname(db)) ? path.basename(a) : a));
    out += `$ kdeck ${shown.join(" ")}\n${r.stdout}${r.stderr}${r.code !== 0 ? `[exit ${r.code}]\n` : ""}`;
  }
  return out;
}

describe("the Deployment docs walkthrough, command by command", () => {
  it("creates, updates, gets stuck, rolls back, scales, pauses and resumes nginx-deployment", async () => {
    const file = writeManifest(db, "nginx-deployment.yaml", NGINX_DEPLOYMENT);
    const transcript = await session([
      ["apply", "-f", file],
      ["get", "deployments"],
      ["rollout", "status", "deployment/nginx-deployment"],
      ["get", "deployments"],
      ["get", "rs"],
      ["get", "pods", "--show-labels"],
      ["set", "image", "deployment/nginx-deployment", "nginx=nginx:1.16.1"],
      ["rollout", "status", "deployment/nginx-deployment"],
      ["get", "rs"],
      ["describe", "deployment", "nginx-deployment"],
      ["set", "image", "deployment/nginx-deployment", "nginx=nginx:1.161"],
      ["rollout", "status", "deployment/nginx-deployment", "--timeout=60s"],
      ["get", "rs"],
      ["get", "pods"],
      ["rollout", "status", "deployment/nginx-deployment"],
      ["rollout", "history", "deployment/nginx-deployment"],
      ["rollout", "history", "deployment/nginx-deployment", "--revision=2"],
      ["rollout", "undo", "deployment/nginx-deployment"],
      ["rollout", "status", "deployment/nginx-deployment"],
      ["get", "deployment", "nginx-deployment"],
      ["rollout", "undo", "deployment/nginx-deployment", "--to-revision=2"],
      ["rollout", "undo", "deployment/nginx-deployment", "--to-revision=1"],
      ["rollout", "history", "deployment/nginx-deployment"],
      ["scale", "deployment/nginx-deployment", "--replicas=10"],
      ["rollout", "status", "deployment/nginx-deployment"],
      ["rollout", "pause", "deployment/nginx-deployment"],
      ["rollout", "pause", "deployment/nginx-deployment"],
      ["set", "image", "deployment/nginx-deployment", "nginx=nginx:1.16.1"],
      ["rollout", "history", "deployment/nginx-deployment"],
      ["get", "rs"],
      ["rollout", "resume", "deployment/nginx-deployment"],
      ["rollout", "status", "deployment/nginx-deployment"],
      ["get", "rs"],
    ]);
    expectGolden(new URL("./testdata/deployment-walkthrough.golden", import.meta.url), transcript);
  });
});

describe("rollout, scale and set image", () => {
  it("restarts a deployment with a new rollout stamped kubectl.kubernetes.io/restartedAt", async () => {
    const file = writeManifest(db, "d.yaml", NGINX_DEPLOYMENT.replace("replicas: 3", "replicas: 1"));
    await kdeck(db, ["apply", "-f", file]);
    await kdeck(db, ["rollout", "status", "deploy/nginx-deployment"]);
    const r = await kdeck(db, ["rollout", "restart", "deployment", "nginx-deployment"]);
    expect(r).toEqual({ code: 0, stdout: "deployment.apps/nginx-deployment restarted\n", stderr: "" });
    const annotation = await kdeck(db, ["get", "deploy", "nginx-deployment", "-o", "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"]);
    expect(annotation.stdout).toMatch(/^2024-01-01T00:00:\d\dZ$/);
    const status = await kdeck(db, ["rollout", "status", "deploy/nginx-deployment"]);
    expect(status.stdout.trim().split("\n").at(-1)).toBe('deployment "nginx-deployment" successfully rolled out');
    expect((await kdeck(db, ["get", "rs", "-o", "name"])).stdout.trim().split("\n")).toHaveLength(2);
  });

  it("refuses what kubectl refuses", async () => {
    const file = writeManifest(db, "d.yaml", NGINX_DEPLOYMENT);
    await kdeck(db, ["apply", "-f", file]);
    expect(await kdeck(db, ["scale", "deployment/nginx-deployment"])).toMatchObject({
      code: 2,
      stderr: "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\nSee 'kdeck scale --help' for usage.\n",
    });
    expect(await kdeck(db, ["scale", "deployment/nginx-deployment", "--replicas=5", "--current-replicas=2"])).toMatchObject({
      code: 1,
      stderr: "error: Expected replicas to be 2, was 3\n",
    });
    expect(await kdeck(db, ["set", "image", "deployment/nginx-deployment", "web=nginx:1.16.1"])).toMatchObject({ code: 1, stderr: 'error: unable to find container named "web"\n' });
    expect(await kdeck(db, ["set", "image", "deployment/nginx-deployment"])).toMatchObject({ code: 2 });
    expect(await kdeck(db, ["rollout", "undo", "deployment/nginx-deployment"])).toMatchObject({ code: 1, stderr: 'error: no rollout history found for deployment "nginx-deployment"\n' });
    expect(await kdeck(db, ["rollout", "undo", "deployment/nginx-deployment", "--to-revision=7"])).toMatchObject({ code: 1, stderr: "error: unable to find specified revision 7 in history\n" });
    expect(await kdeck(db, ["rollout", "resume", "deployment/nginx-deployment"])).toMatchObject({ code: 1, stderr: 'error: deployments.apps "nginx-deployment" is not paused\n' });
    expect(await kdeck(db, ["rollout", "status", "pod/nope"])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(await kdeck(db, ["scale", "pods", "x", "--replicas=2"])).toMatchObject({ code: 1 });
  });

  it("scales ReplicaSets, ReplicationControllers and StatefulSets too, with --current-replicas as a precondition", async () => {
    const file = writeManifest(db, "rs.yaml", NGINX_DEPLOYMENT.replace("kind: Deployment", "kind: ReplicaSet").replace("name: nginx-deployment", "name: frontend"));
    await kdeck(db, ["apply", "-f", file]);
    await kdeck(db, ["advance", "20s"]);
    expect(await kdeck(db, ["scale", "--current-replicas=3", "--replicas=1", "rs/frontend"])).toEqual({ code: 0, stdout: "replicaset.apps/frontend scaled\n", stderr: "" });
    expect((await kdeck(db, ["get", "rs", "frontend", "-o", "jsonpath={.spec.replicas}"])).stdout).toBe("1");
    expect((await kdeck(db, ["get", "pods", "-o", "name"])).stdout.trim().split("\n")).toHaveLength(3);
    await kdeck(db, ["advance", "1m"]);
    expect((await kdeck(db, ["get", "pods", "-o", "name"])).stdout.trim().split("\n")).toHaveLength(1);
  });

  it("set image updates every container with *= and prints nothing when nothing changes", async () => {
    const file = writeManifest(db, "d.yaml", NGINX_DEPLOYMENT);
    await kdeck(db, ["apply", "-f", file]);
    expect(await kdeck(db, ["set", "image", "deployment", "nginx-deployment", "*=nginx:1.16.1"])).toEqual({ code: 0, stdout: "deployment.apps/nginx-deployment image updated\n", stderr: "" });
    expect(await kdeck(db, ["set", "image", "deployment/nginx-deployment", "nginx=nginx:1.16.1"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("create deployment", () => {
  it("creates the Deployment kubectl's generator makes", async () => {
    expect(await kdeck(db, ["create", "deployment", "my-dep", "--image=nginx:1.27", "--replicas=2", "--port=80"])).toEqual({
      code: 0,
      stdout: "deployment.apps/my-dep created\n",
      stderr: "",
    });
    const status = await kdeck(db, ["rollout", "status", "deployment/my-dep"]);
    expect(status.stdout.trim().split("\n").at(-1)).toBe('deployment "my-dep" successfully rolled out');
    expect((await kdeck(db, ["get", "deploy", "my-dep", "-o", "jsonpath={.spec.template.spec.containers[0].ports[0].containerPort}"])).stdout).toBe("80");
  });

  it("prints it without sending it with --dry-run=client -o yaml", async () => {
    const r = await kdeck(db, ["create", "deployment", "my-dep", "--image=busybox", "--dry-run=client", "-o", "yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: my-dep
  name: my-dep
spec:
  replicas: 1
  selector:
    matchLabels:
      app: my-dep
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: my-dep
    spec:
      containers:
      - image: busybox
        name: busybox
        resources: {}
status: {}
`);
    expect(await kdeck(db, ["create", "deployment", "x"])).toMatchObject({ code: 2, stderr: expect.stringContaining('required flag(s) "image" not set') as string });
  });
});

describe("delete --cascade", () => {
  it("orphan leaves the ReplicaSet and pods; foreground waits for them; background is the default", async () => {
    const file = writeManifest(db, "d.yaml", NGINX_DEPLOYMENT);
    await kdeck(db, ["apply", "-f", file]);
    await kdeck(db, ["rollout", "status", "deploy/nginx-deployment"]);
    expect(await kdeck(db, ["delete", "deployment", "nginx-deployment", "--cascade=orphan"])).toEqual({
      code: 0,
      stdout: 'deployment.apps "nginx-deployment" deleted\n',
      stderr: "",
    });
    expect((await kdeck(db, ["get", "rs", "-o", "name"])).stdout.trim().split("\n")).toHaveLength(1);
    expect((await kdeck(db, ["get", "pods", "-o", "name"])).stdout.trim().split("\n")).toHaveLength(3);
    const rs = (await kdeck(db, ["get", "rs", "-o", "name"])).stdout.trim();
    expect(await kdeck(db, ["delete", rs, "--cascade=foreground"])).toMatchObject({ code: 0 });
    expect(await kdeck(db, ["get", "rs,pods"])).toMatchObject({ stdout: "", stderr: "No resources found in default namespace.\n" });
    expect(await kdeck(db, ["delete", "deploy", "x", "--cascade=sideways"])).toMatchObject({ code: 2, stderr: expect.stringContaining('invalid cascade value (sideways). Must be "background", "foreground", or "orphan".') as string });
  });
});
