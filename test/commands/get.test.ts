import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, NGINX_POD, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** A cluster with the nginx pod running for 30s. */
async function withNginx(): Promise<void> {
  expect((await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)])).code).toBe(0);
  expect((await kdeck(db, ["advance", "30s"])).code).toBe(0);
}

describe("kdeck get", () => {
  it("lists the default nodes with ages in virtual time", async () => {
    const r = await kdeck(db, ["get", "nodes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "NAME                  STATUS   ROLES           AGE   VERSION",
        "kdeck-control-plane   Ready    control-plane   0s    v1.33.0",
        "kdeck-worker-1        Ready    <none>          0s    v1.33.0",
        "kdeck-worker-2        Ready    <none>          0s    v1.33.0",
        "kdeck-worker-3        Ready    <none>          0s    v1.33.0",
        "",
      ].join("\n"),
    );
  });

  it("says so on stderr when nothing is found", async () => {
    const ns = await kdeck(db, ["get", "pods"]);
    expect(ns).toEqual({ code: 0, stdout: "", stderr: "No resources found in default namespace.\n" });
    const all = await kdeck(db, ["get", "pods", "-A"]);
    expect(all.stderr).toBe("No resources found\n");
  });

  it("prints a running pod, wide and with labels", async () => {
    await withNginx();
    const table = await kdeck(db, ["get", "pods", "--show-labels"]);
    expect(table.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS\nnginx\s+1\/1\s+Running\s+0\s+30s\s+app=web\n$/);
    const wide = await kdeck(db, ["get", "pods", "-o", "wide"]);
    expect(wide.stdout.split("\n")[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(wide.stdout).toMatch(/nginx\s+1\/1\s+Running\s+0\s+30s\s+10\.244\.\d+\.\d+\s+kdeck-worker-\d/);
    const all = await kdeck(db, ["get", "pods", "-A", "--no-headers"]);
    expect(all.stdout).toMatch(/^default\s+nginx\s+1\/1\s+Running/);
  });

  it("gets by TYPE/NAME and reports missing names as the API does", async () => {
    await withNginx();
    const r = await kdeck(db, ["get", "pod/nginx", "pod/nope"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NAME\s+READY/);
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    const ignored = await kdeck(db, ["get", "pod", "nope", "--ignore-not-found"]);
    expect(ignored).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("prints one named object bare and lists as a List", async () => {
    await withNginx();
    const one = JSON.parse((await kdeck(db, ["get", "pod", "nginx", "-o", "json"])).stdout) as { kind: string };
    expect(one.kind).toBe("Pod");
    const list = JSON.parse((await kdeck(db, ["get", "pods", "-o", "json"])).stdout) as { kind: string; items: unknown[] };
    expect(list.kind).toBe("List");
    expect(list.items).toHaveLength(1);
    const empty = JSON.parse((await kdeck(db, ["get", "pods", "-n", "kube-public", "-o", "json"])).stdout) as { items: unknown[] };
    expect(empty.items).toEqual([]);
    const yaml = await kdeck(db, ["get", "pod", "nginx", "-o", "yaml"]);
    expect(yaml.stdout).toMatch(/^apiVersion: v1\nkind: Pod\n/);
  });

  it("prints names, jsonpath and several kinds", async () => {
    await withNginx();
    expect((await kdeck(db, ["get", "pods", "-o", "name"])).stdout).toBe("pod/nginx\n");
    expect((await kdeck(db, ["get", "no", "-o", "name", "-l", "node-role.kubernetes.io/control-plane"])).stdout).toBe("node/kdeck-control-plane\n");
    expect((await kdeck(db, ["get", "pods", "-o", "jsonpath={.items[*].metadata.name}"])).stdout).toBe("nginx");
    expect((await kdeck(db, ["get", "pod", "nginx", "-o", "jsonpath={.status.phase}"])).stdout).toBe("Running");
    const both = await kdeck(db, ["get", "pods,ns"]);
    expect(both.stdout).toMatch(/^NAME\s+READY.*\npod\/nginx\s+1\/1/);
    expect(both.stdout).toMatch(/\n\nNAME\s+STATUS\s+AGE\nnamespace\/default\s+Active/);
  });

  it("sorts with --sort-by and filters with --field-selector", async () => {
    const r = await kdeck(db, ["get", "nodes", "--sort-by=.metadata.name", "-o", "name"]);
    expect(r.stdout.split("\n")[0]).toBe("node/kdeck-control-plane");
    const f = await kdeck(db, ["get", "nodes", "--field-selector", "metadata.name=kdeck-worker-2", "-o", "name"]);
    expect(f.stdout).toBe("node/kdeck-worker-2\n");
  });

  it("refuses output formats it does not have", async () => {
    const r = await kdeck(db, ["get", "pods", "-o", "foo"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: unable to match a printer suitable for the output format "foo"');
    const names = await kdeck(db, ["get", "pods", "x", "-A"]);
    expect(names.stderr).toContain("a resource cannot be retrieved by name across all namespaces");
  });
});
