import { describe, expect, it } from "vitest";
import { deepFreeze, type KubeObject } from "../../../src/core/api/object.js";
import { StrategicMergePatchError, strategicMergePatch } from "../../../src/core/patch/index.js";

function pod(containers: unknown[], extra: Record<string, unknown> = {}): KubeObject {
  return deepFreeze({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web", tier: "fe" }, finalizers: ["a/x", "b/y"] },
    spec: { containers, ...extra },
  });
}

const nginx = { name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80, protocol: "TCP" }], env: [{ name: "A", value: "1" }] };
const sidecar = { name: "sidecar", image: "busybox:1.36" };

type PodSpecish = { containers: Record<string, unknown>[]; [k: string]: unknown };
const specOf = (o: KubeObject): PodSpecish => o.spec as PodSpecish;
const names = (o: KubeObject): unknown[] => specOf(o).containers.map((c) => c.name);

describe("strategicMergePatch: containers merge by name", () => {
  it("changes one container's image and keeps everything else", () => {
    const out = strategicMergePatch(pod([nginx, sidecar]), { spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } });
    expect(specOf(out).containers).toEqual([{ ...nginx, image: "nginx:1.27" }, sidecar]);
  });

  it("adds a container; without $setElementOrder it goes first, as on a real API server", () => {
    const out = strategicMergePatch(pod([nginx]), { spec: { containers: [sidecar] } });
    expect(names(out)).toEqual(["sidecar", "nginx"]);
  });

  it("adds a container where $setElementOrder says", () => {
    const out = strategicMergePatch(pod([nginx]), {
      spec: { containers: [sidecar], "$setElementOrder/containers": [{ name: "nginx" }, { name: "sidecar" }] },
    });
    expect(names(out)).toEqual(["nginx", "sidecar"]);
  });

  it("deletes a container with $patch: delete", () => {
    const out = strategicMergePatch(pod([nginx, sidecar]), { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } });
    expect(specOf(out).containers).toEqual([nginx]);
  });

  it("merges env by name and ports by containerPort inside a container", () => {
    const out = strategicMergePatch(pod([nginx]), {
      spec: {
        containers: [
          {
            name: "nginx",
            env: [{ name: "B", value: "2" }, { name: "A", value: "changed" }],
            ports: [{ containerPort: 443 }],
            "$setElementOrder/env": [{ name: "A" }, { name: "B" }],
          },
        ],
      },
    });
    const c = specOf(out).containers[0]!;
    expect(c.env).toEqual([
      { name: "A", value: "changed" },
      { name: "B", value: "2" },
    ]);
    expect(c.ports).toEqual([{ containerPort: 443 }, { containerPort: 80, protocol: "TCP" }]);
  });

  it("replaces a whole merge list with a $patch: replace item", () => {
    const out = strategicMergePatch(pod([nginx, sidecar]), { spec: { containers: [{ $patch: "replace" }, { name: "only", image: "x" }] } });
    expect(specOf(out).containers).toEqual([{ name: "only", image: "x" }]);
  });

  it("refuses a list item without its merge key, in apimachinery's words", () => {
    expect(() => strategicMergePatch(pod([nginx]), { spec: { containers: [{ image: "nginx" }] } })).toThrow(
      new StrategicMergePatchError("map: map[image:nginx] does not contain declared merge key: name"),
    );
  });

  it("leaves the frozen inputs untouched", () => {
    const original = pod([nginx]);
    const patch = deepFreeze({ spec: { containers: [{ name: "nginx", image: "nginx:2" }] } });
    expect(() => strategicMergePatch(original, patch)).not.toThrow();
    expect(specOf(original).containers[0]!.image).toBe("nginx:1.25");
  });
});

describe("strategicMergePatch: maps, atomic lists and directives", () => {
  it("deletes a map key with null and ignores nulls for absent keys", () => {
    const out = strategicMergePatch(pod([nginx]), { metadata: { labels: { tier: null, ghost: null, env: "prod" } } });
    expect(out.metadata.labels).toEqual({ app: "web", env: "prod" });
  });

  it("replaces lists without patch metadata (tolerations) whole", () => {
    const original = pod([nginx], { tolerations: [{ key: "a", operator: "Exists" }, { key: "b", operator: "Exists" }] });
    const out = strategicMergePatch(original, { spec: { tolerations: [{ key: "c", operator: "Exists" }] } });
    expect(specOf(out).tolerations).toEqual([{ key: "c", operator: "Exists" }]);
  });

  it("merges metadata.finalizers as a set and removes with $deleteFromPrimitiveList", () => {
    const added = strategicMergePatch(pod([nginx]), { metadata: { finalizers: ["c/z", "a/x"] } });
    expect(added.metadata.finalizers).toEqual(["c/z", "a/x", "b/y"]);
    const removed = strategicMergePatch(pod([nginx]), { metadata: { "$deleteFromPrimitiveList/finalizers": ["a/x"] } });
    expect(removed.metadata.finalizers).toEqual(["b/y"]);
  });

  it("replaces a map with $patch: replace and empties it with $patch: delete", () => {
    const replaced = strategicMergePatch(pod([nginx]), { metadata: { labels: { $patch: "replace", only: "me" } } });
    expect(replaced.metadata.labels).toEqual({ only: "me" });
    const deleted = strategicMergePatch(pod([nginx]), { metadata: { labels: { $patch: "delete" } } });
    expect(deleted.metadata.labels).toEqual({});
  });

  it("clears the other member of a union with $retainKeys (Deployment strategy)", () => {
    const deploy = deepFreeze({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } },
    });
    const out = strategicMergePatch(deploy, { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } });
    expect(out.spec).toEqual({ strategy: { type: "Recreate" } });
    expect(() => strategicMergePatch(deploy, { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: {} } } })).toThrow(/retainKeys/);
  });

  it("switches a volume's source with $retainKeys on the volume item", () => {
    const original = pod([nginx], { volumes: [{ name: "data", emptyDir: {} }] });
    const out = strategicMergePatch(original, {
      spec: { volumes: [{ name: "data", configMap: { name: "cfg" }, $retainKeys: ["configMap", "name"] }] },
    });
    expect(specOf(out).volumes).toEqual([{ name: "data", configMap: { name: "cfg" } }]);
  });

  it("reorders with $setElementOrder alone", () => {
    const out = strategicMergePatch(pod([nginx, sidecar]), { spec: { "$setElementOrder/containers": [{ name: "sidecar" }, { name: "nginx" }] } });
    expect(names(out)).toEqual(["sidecar", "nginx"]);
  });

  it("uses the same keys under pod templates (Deployment, CronJob)", () => {
    const cron = deepFreeze({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "hello" },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [nginx, sidecar] } } } } },
    });
    const out = strategicMergePatch(cron, {
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "sidecar", image: "busybox:1.37" }] } } } } },
    });
    const containers = (out.spec as { jobTemplate: { spec: { template: { spec: PodSpecish } } } }).jobTemplate.spec.template.spec.containers;
    expect(containers.map((c) => c.image)).toEqual(["nginx:1.25", "busybox:1.37"]);
  });

  it("drops directives and nulls inside values that are new to the object", () => {
    const out = strategicMergePatch(pod([nginx]), {
      spec: { initContainers: [{ name: "init", image: "busybox", env: [{ name: "X", value: "1" }, { name: "Y", $patch: "delete" }], args: null }] },
    });
    expect(specOf(out).initContainers).toEqual([{ name: "init", image: "busybox", env: [{ name: "X", value: "1" }] }]);
  });
});
