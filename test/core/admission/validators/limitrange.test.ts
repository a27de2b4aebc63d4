import { describe, expect, it } from "vitest";
import { applyDefaults } from "../../../../src/core/admission/defaults.js";
import type { KubeObject } from "../../../../src/core/api/object.js";
import { admit, kind } from "../helpers.js";

const lr = (...limits: Record<string, unknown>[]) => ({ apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits", namespace: "default" }, spec: { limits } });

describe("LimitRange defaulting", () => {
  it("gives Container items a default limit from max, then a default request from the limit, else from min", () => {
    const d = applyDefaults(lr({ type: "Container", max: { cpu: "1" }, min: { memory: "64Mi" }, default: { memory: "128Mi" } }) as KubeObject, kind("LimitRange"));
    expect((d.spec as { limits: unknown[] }).limits[0]).toEqual({
      type: "Container",
      max: { cpu: "1" },
      min: { memory: "64Mi" },
      default: { memory: "128Mi", cpu: "1" },
      defaultRequest: { memory: "128Mi", cpu: "1" },
    });
  });

  it("leaves Pod and claim items as they are", () => {
    const d = applyDefaults(lr({ type: "Pod", max: { cpu: "2" } }, { type: "PersistentVolumeClaim", max: { storage: "1Gi" } }) as KubeObject, kind("LimitRange"));
    expect((d.spec as { limits: unknown[] }).limits).toEqual([{ type: "Pod", max: { cpu: "2" } }, { type: "PersistentVolumeClaim", max: { storage: "1Gi" } }]);
  });
});

describe("LimitRange validation", () => {
  it("accepts the docs' ranges", () => {
    expect(admit(lr({ type: "Container", default: { cpu: "1" }, defaultRequest: { cpu: "500m" }, max: { cpu: "2" }, min: { cpu: "100m" }, maxLimitRequestRatio: { cpu: "4" } }))).toEqual([]);
    expect(admit(lr({ type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "2Gi" } }))).toEqual([]);
  });

  it("keeps min ≤ defaultRequest ≤ default ≤ max, with Kubernetes' messages", () => {
    expect(admit(lr({ type: "Container", min: { cpu: "2" }, max: { cpu: "1" }, default: { cpu: "3" }, defaultRequest: { cpu: "4" } }))).toEqual([
      'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "4": default request value 4 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "4": default request value 4 is greater than default limit value 3',
      'spec.limits[0].default[cpu]: Invalid value: "1": default value 3 is greater than max value 1',
    ]);
    expect(admit(lr({ type: "Container", min: { memory: "1Gi" }, defaultRequest: { memory: "512Mi" } }))).toEqual([
      'spec.limits[0].defaultRequest[memory]: Invalid value: "512Mi": min value 1Gi is greater than default request value 512Mi',
    ]);
    expect(admit(lr({ type: "Container", min: { memory: "1Gi" }, default: { memory: "512Mi" }, defaultRequest: { memory: "1Gi" } }))).toEqual([
      'spec.limits[0].defaultRequest[memory]: Invalid value: "1Gi": default request value 1Gi is greater than default limit value 512Mi',
      'spec.limits[0].default[memory]: Invalid value: "1Gi": min value 1Gi is greater than default value 512Mi',
    ]);
  });

  it("checks ratios, item types, duplicates, Pod defaults and claim bounds", () => {
    expect(admit(lr({ type: "Container", maxLimitRequestRatio: { cpu: "500m" } }))).toEqual(['spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1']);
    expect(admit(lr({ type: "Container", min: { cpu: "1" }, max: { cpu: "2" }, maxLimitRequestRatio: { cpu: "3" } }))).toEqual([
      'spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "3": ratio 3 is greater than max/min = 2.000000',
    ]);
    expect(admit(lr({ type: "Node", max: { cpu: "1" } }))).toEqual(['spec.limits[0].type: Invalid value: "Node": must be a standard limit type or fully qualified']);
    expect(admit(lr({ type: "Pod", max: { cpu: "1" } }, { type: "Pod", max: { cpu: "2" }, default: { cpu: "1" } }))).toEqual([
      'spec.limits[1].type: Duplicate value: "Pod"',
      "spec.limits[1].default: Forbidden: may not be specified when `type` is 'Pod'",
    ]);
    expect(admit(lr({ type: "PersistentVolumeClaim", max: { cpu: "1" } }))).toEqual([
      "spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided",
    ]);
    expect(admit(lr({ type: "Pod", max: { storage: "1Gi" } }))).toEqual(['spec.limits[0].max[storage]: Invalid value: "storage": must be a standard resource for containers']);
    expect(admit(lr({ type: "Pod", max: { cpu: "lots" } }))).toEqual([
      "spec.limits[0].max[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  it("reports malformed items instead of throwing", () => {
    for (const limits of [null, "x", 1, [null], [1], [{ type: 1, max: "x", min: [1], default: null }]]) {
      expect(() => admit({ ...lr(), spec: { limits } })).not.toThrow();
    }
  });
});
