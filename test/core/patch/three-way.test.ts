import { describe, expect, it } from "vitest";
import { deepFreeze, type KubeObject } from "../../../src/core/api/object.js";
import {
  isEmptyPatch,
  jsonMergePatch,
  PatchPreconditionError,
  strategicMergePatch,
  threeWayMergePatch,
  twoWayMergePatch,
} from "../../../src/core/patch/index.js";

/** A Deployment manifest as a user writes it. */
function manifest(over: { labels?: Record<string, string>; image?: string; env?: { name: string; value: string }[]; replicas?: number } = {}): KubeObject {
  const spec: Record<string, unknown> = {
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          {
            name: "web",
            image: over.image ?? "nginx:1.25",
            ports: [{ containerPort: 80 }],
            env: over.env ?? [
              { name: "MODE", value: "prod" },
              { name: "DEBUG", value: "false" },
            ],
          },
        ],
      },
    },
  };
  if (over.replicas !== undefined) spec.replicas = over.replicas;
  return deepFreeze({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels: over.labels ?? { app: "web", tier: "frontend" } },
    spec,
  });
}

/** What the server holds after applying `m` and others touching it: defaults, status, uid… */
function live(m: KubeObject, extra: (o: Record<string, unknown>) => void = () => {}): KubeObject {
  const o = structuredClone(m) as Record<string, unknown> & KubeObject;
  o.metadata = { ...o.metadata, uid: "u-1", resourceVersion: "42", generation: 3, creationTimestamp: "2024-01-01T00:00:00Z" };
  const spec = o.spec as Record<string, unknown> & { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } };
  spec.replicas ??= 1;
  spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } };
  spec.template.spec.restartPolicy = "Always";
  for (const c of spec.template.spec.containers) {
    c.imagePullPolicy = "IfNotPresent";
    c.terminationMessagePath = "/dev/termination-log";
  }
  o.status = { replicas: 1, readyReplicas: 1, conditions: [{ type: "Available", status: "True" }] };
  extra(o);
  return deepFreeze(o);
}

function apply(lastApplied: KubeObject | undefined, next: KubeObject, current: KubeObject): { patch: Record<string, unknown>; result: KubeObject } {
  const patch = threeWayMergePatch(lastApplied, next, current, next.kind);
  return { patch, result: strategicMergePatch(current, patch) };
}

const containerOf = (o: KubeObject): Record<string, unknown> =>
  (o.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;

describe("threeWayMergePatch: what makes kubectl apply behave", () => {
  it("gives an empty patch when the manifest has not changed", () => {
    const m = manifest();
    const patch = threeWayMergePatch(m, m, live(m), "Deployment");
    expect(patch).toEqual({});
    expect(isEmptyPatch(patch)).toBe(true);
  });

  it("removes from the live object a field the manifest dropped", () => {
    const before = manifest();
    const after = manifest({ labels: { app: "web" } });
    const { patch, result } = apply(before, after, live(before));
    expect(patch).toEqual({ metadata: { labels: { tier: null } } });
    expect(result.metadata.labels).toEqual({ app: "web" });
  });

  it("keeps what others set when the manifest never had it: replicas, status, a label, defaults", () => {
    const m = manifest();
    const current = live(m, (o) => {
      (o.spec as Record<string, unknown>).replicas = 5;
      (o.metadata as { labels: Record<string, string> }).labels.team = "payments";
    });
    const next = manifest({ image: "nginx:1.27" });
    const { result } = apply(m, next, current);
    expect((result.spec as { replicas: number }).replicas).toBe(5);
    expect(result.metadata.labels).toEqual({ app: "web", tier: "frontend", team: "payments" });
    expect(result.status).toEqual(current.status);
    expect(containerOf(result)).toMatchObject({ image: "nginx:1.27", imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log" });
    expect(result.metadata.uid).toBe("u-1");
  });

  it("changes a container image with a by-name patch", () => {
    const m = manifest();
    const { patch } = apply(m, manifest({ image: "nginx:1.27" }), live(m));
    expect(patch).toEqual({
      spec: {
        template: {
          spec: {
            containers: [{ name: "web", image: "nginx:1.27" }],
            "$setElementOrder/containers": [{ name: "web" }],
          },
        },
      },
    });
  });

  it("removes an env var the manifest dropped and only that one", () => {
    const m = manifest();
    const next = manifest({ env: [{ name: "MODE", value: "prod" }] });
    const current = live(m, (o) => {
      const c = (o.spec as { template: { spec: { containers: { env: unknown[] }[] } } }).template.spec.containers[0]!;
      c.env.push({ name: "INJECTED", value: "by-webhook" });
    });
    const { patch, result } = apply(m, next, current);
    const c = (patch.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
    expect(c.env).toEqual([{ name: "DEBUG", $patch: "delete" }]);
    expect(containerOf(result).env).toEqual([
      { name: "MODE", value: "prod" },
      { name: "INJECTED", value: "by-webhook" },
    ]);
  });

  it("sets replicas once the manifest takes them over, and releases them when it drops them", () => {
    const m = manifest();
    const current = live(m, (o) => ((o.spec as Record<string, unknown>).replicas = 5));
    const withReplicas = manifest({ replicas: 2 });
    const first = apply(m, withReplicas, current);
    expect((first.result.spec as { replicas: number }).replicas).toBe(2);
    const second = apply(withReplicas, manifest(), first.result);
    expect(second.patch).toEqual({ spec: { replicas: null } });
  });

  it("deletes a container the manifest no longer lists but keeps one injected by others", () => {
    const two = deepFreeze({
      ...manifest(),
      spec: {
        ...(manifest().spec as object),
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }, { name: "log", image: "fluentbit" }] } },
      },
    }) as KubeObject;
    const one = deepFreeze({ ...two, spec: { ...(two.spec as object), template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } } }) as KubeObject;
    const current = live(two, (o) => {
      (o.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({ name: "istio-proxy", image: "proxyv2" });
    });
    const { result } = apply(two, one, current);
    const names = (result.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map((c) => c.name);
    expect(names).toEqual(["web", "istio-proxy"]);
  });

  it("brings the live object to the manifest when there is no last-applied annotation", () => {
    const m = manifest();
    const current = live(m, (o) => ((o.metadata as { labels: Record<string, string> }).labels.tier = "old"));
    const { result } = apply(undefined, m, current);
    expect(result.metadata.labels).toEqual({ app: "web", tier: "frontend" });
  });

  it("switches a Deployment to Recreate, clearing the defaulted rollingUpdate through $retainKeys", () => {
    const m = manifest();
    const recreate = deepFreeze({ ...m, spec: { ...(m.spec as object), strategy: { type: "Recreate" } } }) as KubeObject;
    const { patch, result } = apply(m, recreate, live(m));
    expect((patch.spec as Record<string, unknown>).strategy).toEqual({ type: "Recreate", $retainKeys: ["type"] });
    expect((result.spec as Record<string, unknown>).strategy).toEqual({ type: "Recreate" });
  });

  it("refuses a patch that would rename the object", () => {
    const m = manifest();
    const renamed = deepFreeze({ ...m, metadata: { ...m.metadata, name: "other" } }) as KubeObject;
    expect(() => threeWayMergePatch(m, renamed, live(m), "Deployment")).toThrow(PatchPreconditionError);
  });

  it("uses a JSON merge patch for custom resources", () => {
    const last = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { sizes: [1, 2], color: "red", old: true } };
    const next = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { sizes: [1], color: "blue" } };
    const current = { ...last, metadata: { name: "w", uid: "x" }, spec: { ...last.spec, addedByController: 1 }, status: { ok: true } };
    const patch = threeWayMergePatch(last, next, current, "Widget");
    expect(patch).toEqual({ spec: { sizes: [1], color: "blue", old: null } });
    expect(jsonMergePatch(current, patch)).toEqual({ ...current, spec: { sizes: [1], color: "blue", addedByController: 1 } });
  });
});

describe("twoWayMergePatch and isEmptyPatch", () => {
  it("builds a label patch like kubectl label does", () => {
    const m = live(manifest());
    const labelled = { ...m, metadata: { ...m.metadata, labels: { ...m.metadata.labels, team: "x" } } };
    expect(twoWayMergePatch(m, labelled, "Deployment")).toEqual({ metadata: { labels: { team: "x" } } });
  });

  it("treats nested empty objects as empty and anything else as a change", () => {
    expect(isEmptyPatch({ spec: { template: {} } })).toBe(true);
    expect(isEmptyPatch([])).toBe(true);
    expect(isEmptyPatch({ spec: { replicas: null } })).toBe(false);
    expect(isEmptyPatch({ "$setElementOrder/containers": [{ name: "a" }] })).toBe(false);
  });
});
