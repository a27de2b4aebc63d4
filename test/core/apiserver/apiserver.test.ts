import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/core/api/errors.js";
import { createTestCluster } from "../../helpers/cluster.js";

const cm = (name: string, data: Record<string, string> = { a: "1" }) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "default" },
  data,
});
const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default" }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } };

describe("the API server", () => {
  it("fills identity fields on create and keeps them on update", () => {
    const c = createTestCluster({ empty: true });
    const created = c.api.create(pod);
    expect(created.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.metadata.creationTimestamp).toBe("2024-01-01T00:00:00Z");
    expect(created.metadata.generation).toBe(1);
    expect(created.status).toMatchObject({ phase: "Pending", qosClass: "BestEffort" });
    const updated = c.api.update({ ...created, metadata: { ...created.metadata, uid: "forged", labels: { a: "b" } } });
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.metadata.labels).toEqual({ a: "b" });
    c.close();
  });

  it("bumps generation on spec changes only, and writes nothing for a no-op update", () => {
    const c = createTestCluster({ empty: true });
    const created = c.api.create(pod);
    const same = c.api.update(created);
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const relabelled = c.api.update({ ...created, metadata: { ...created.metadata, labels: { x: "y" } } });
    expect(relabelled.metadata.generation).toBe(1);
    const spec = created.spec as { containers: { name: string; image: string }[] };
    const reimaged = c.api.update({ ...relabelled, spec: { ...spec, containers: [{ ...spec.containers[0]!, image: "nginx:1.28" }] } });
    expect(reimaged.metadata.generation).toBe(2);
    c.close();
  });

  it("refuses a stale resourceVersion with Kubernetes' Conflict", () => {
    const c = createTestCluster({ empty: true });
    const v1 = c.api.create(cm("settings"));
    c.api.update({ ...v1, data: { a: "2" } });
    try {
      c.api.update({ ...v1, data: { a: "3" } });
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, "Conflict")).toBe(true);
      expect((e as Error).message).toBe(
        'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    c.close();
  });

  it("fills generateName with a seeded suffix", () => {
    const c = createTestCluster({ empty: true });
    const a = c.api.create({ ...cm(""), metadata: { generateName: "job-", namespace: "default" } });
    expect(a.metadata.name).toMatch(/^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    c.close();
  });

  it("keeps an object with finalizers until the last one is removed", () => {
    const c = createTestCluster({ empty: true });
    const obj = c.api.create({ ...cm("guarded"), metadata: { ...cm("guarded").metadata, finalizers: ["example.com/hold"] } });
    const marked = c.api.delete("configmaps", "default", "guarded");
    expect(marked?.metadata.deletionTimestamp).toBe("2024-01-01T00:00:00Z");
    expect(c.api.tryGet("configmaps", "default", "guarded")).toBeDefined();
    const current = c.api.get("configmaps", "default", obj.metadata.name!);
    c.api.update({ ...current, metadata: { ...current.metadata, finalizers: [] } });
    expect(c.api.tryGet("configmaps", "default", "guarded")).toBeUndefined();
    c.close();
  });

  it("refuses unknown fields when asked for strict validation, as kubectl does", () => {
    const c = createTestCluster({ empty: true });
    const typo = { ...pod, spec: { containers: [{ name: "web", image: "nginx", imagePullPolic: "Always" }] } };
    expect(() => c.api.create(typo, { fieldValidation: "Strict" })).toThrow(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolic"',
    );
    c.close();
  });

  it("refuses a value of the wrong JSON type whatever the caller, as the API server's decoder does", () => {
    const c = createTestCluster({ empty: true });
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" }, immutable: "yes" };
    try {
      c.api.create(cm);
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, "BadRequest")).toBe(true);
      expect((e as Error).message).toBe(
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool',
      );
    }
    expect(c.api.tryGet("configmaps", "default", "x")).toBeUndefined();
    c.close();
  });

  it("reports validation errors with Kubernetes' field paths", () => {
    const c = createTestCluster({ empty: true });
    try {
      c.api.create({ ...pod, spec: { containers: [{ name: "web" }] } });
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, "Invalid")).toBe(true);
      expect((e as Error).message).toBe('Pod "web" is invalid: spec.containers[0].image: Required value');
    }
    c.close();
  });

  it("refuses an apiVersion Kubernetes no longer serves, in Kubernetes' words", () => {
    const c = createTestCluster({ empty: true });
    expect(() => c.api.create({ apiVersion: "extensions/v1beta1", kind: "Deployment", metadata: { name: "x" } })).toThrow(
      'no matches for kind "Deployment" in version "extensions/v1beta1"',
    );
    c.close();
  });

  it("binds a pod once: a second binding is a Conflict", () => {
    const c = createTestCluster({ empty: true });
    c.api.create(pod);
    c.api.bind("default", "web", "n1");
    expect(() => c.api.bind("default", "web", "n2")).toThrow(/already assigned to node "n1"/);
    c.close();
  });

  it("watches from a resourceVersion, replaying what came after it", () => {
    const c = createTestCluster({ empty: true });
    const first = c.api.create(cm("a"));
    c.api.create(cm("b"));
    const seen: string[] = [];
    const stop = c.api.watch("configmaps", { resourceVersion: Number(first.metadata.resourceVersion) }, (ev) => seen.push(`${ev.type} ${ev.object.metadata.name}`));
    c.api.delete("configmaps", "default", "a");
    stop();
    c.api.create(cm("c"));
    expect(seen).toEqual(["ADDED b", "DELETED a"]);
    c.close();
  });
});
