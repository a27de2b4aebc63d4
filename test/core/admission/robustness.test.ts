import { describe, expect, it } from "vitest";
import { applyDefaults } from "../../../src/core/admission/defaults.js";
import { validateObject } from "../../../src/core/admission/validation.js";
import type { KubeObject } from "../../../src/core/api/object.js";
import { KINDS } from "../../../src/core/api/registry.js";

// Shapes a hand-written manifest can have before anything checked its types.
const ODD_VALUES: unknown[] = [null, 0, 1.5, "x", true, [], [null], [1, "a"], {}, { a: null }, [{}]];

function* oddObjects(kind: string): Generator<Record<string, unknown>> {
  const fields = ["spec", "status", "data", "binaryData", "stringData", "type", "immutable", "involvedObject", "metadata"];
  for (const f of fields) for (const v of ODD_VALUES) yield { apiVersion: "v1", kind, metadata: { name: "a", namespace: "default" }, [f]: v };
  const specFields = ["containers", "initContainers", "volumes", "tolerations", "affinity", "nodeSelector", "taints", "podCIDRs", "finalizers", "securityContext", "dnsConfig", "topologySpreadConstraints"];
  for (const f of specFields) for (const v of ODD_VALUES) yield { apiVersion: "v1", kind, metadata: { name: "a", namespace: "default" }, spec: { [f]: v } };
  for (const v of ODD_VALUES) {
    yield { apiVersion: "v1", kind, metadata: { name: v, labels: v, annotations: v, finalizers: v, ownerReferences: v } };
    yield { apiVersion: "v1", kind, metadata: { name: "a" }, spec: { containers: [{ name: "a", image: "b", ports: v, env: v, resources: { limits: v, requests: v }, livenessProbe: v, volumeMounts: v }] } };
  }
}

describe("admission on malformed input", () => {
  it("reports problems and never throws", () => {
    for (const k of KINDS) {
      for (const obj of oddObjects(k.kind)) {
        expect(() => {
          const d = applyDefaults(obj as KubeObject, k);
          validateObject(d, k);
          validateObject(d, k, d);
          validateObject(obj as KubeObject, k);
        }, `${k.kind} ${JSON.stringify(obj)}`).not.toThrow();
      }
    }
  });
});
