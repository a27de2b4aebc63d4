import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, NGINX_POD, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

async function withNginx(): Promise<string> {
  const file = writeManifest(db, "pod.yaml", NGINX_POD);
  expect((await kdeck(db, ["apply", "-f", file])).code).toBe(0);
  expect((await kdeck(db, ["advance", "30s"])).code).toBe(0);
  return file;
}

describe("kdeck describe", () => {
  it("describes a pod with its events", async () => {
    await withNginx();
    const r = await kdeck(db, ["describe", "pod", "nginx"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+nginx\nNamespace:\s+default\n/);
    expect(r.stdout).toMatch(/Status:\s+Running/);
    expect(r.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/);
    expect(r.stdout).toMatch(/Normal\s+Started\s+\d+s\s+kubelet\s+Started container nginx/);
  });

  it("matches names as prefixes, describes every object without a name, and reports misses", async () => {
    await withNginx();
    expect((await kdeck(db, ["describe", "pods", "ngi"])).stdout).toMatch(/^Name:\s+nginx\n/);
    const nodes = await kdeck(db, ["describe", "nodes"]);
    expect(nodes.stdout.match(/^Name:/gm)).toHaveLength(4);
    expect(nodes.stdout).toContain("\n\n\nName:               kdeck-worker-1\n");
    const ns = await kdeck(db, ["describe", "ns/default"]);
    expect(ns.stdout).toMatch(/^Name:\s+default\n/);
    const missing = await kdeck(db, ["describe", "pod", "zzz"]);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "zzz" not found\n' });
  });

  it("describes kinds without a describer of their own", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n")]);
    const r = await kdeck(db, ["describe", "cm", "settings"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+settings\n/);
  });
});

describe("kdeck delete", () => {
  it("deletes a pod and waits, in virtual time, for it to be gone", async () => {
    await withNginx();
    const r = await kdeck(db, ["delete", "pod", "nginx"]);
    expect(r).toEqual({ code: 0, stdout: 'pod "nginx" deleted\n', stderr: "" });
    expect((await kdeck(db, ["get", "pod", "nginx"])).stderr).toBe('Error from server (NotFound): pods "nginx" not found\n');
  });

  it("force deletes with kubectl's warning", async () => {
    await withNginx();
    const r = await kdeck(db, ["delete", "pod/nginx", "--force", "--grace-period=0"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('pod "nginx" force deleted\n');
    expect(r.stderr).toBe(
      "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
    );
  });

  it("deletes by manifest, by selector and with --all", async () => {
    const file = await withNginx();
    expect((await kdeck(db, ["delete", "-f", file, "--wait=false"])).stdout).toBe('pod "nginx" deleted\n');
    for (const name of ["a", "b"]) {
      await kdeck(db, ["apply", "-f", writeManifest(db, `${name}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    set: x\n`)]);
    }
    expect((await kdeck(db, ["delete", "cm", "-l", "set=x"])).stdout).toBe('configmap "a" deleted\nconfigmap "b" deleted\n');
    expect((await kdeck(db, ["delete", "cm", "--all"])).stdout).toBe("No resources found\n");
  });

  it("reports what it cannot delete and the usage it does not accept", async () => {
    expect(await kdeck(db, ["delete", "pod", "nope"])).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect((await kdeck(db, ["delete", "pod", "nope", "--ignore-not-found"])).code).toBe(0);
    const noName = await kdeck(db, ["delete", "pods"]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/^error: resource\(s\) were provided, but no name was specified\n/);
    expect((await kdeck(db, ["delete"])).code).toBe(2);
    expect((await kdeck(db, ["delete", "pod", "x", "--now", "--grace-period=5"])).stderr).toMatch(/--now and --grace-period cannot be specified together/);
  });
});
