import { describe, expect, it } from "vitest";
import { applyDefaults } from "../../../../src/core/admission/defaults.js";
import type { KubeObject } from "../../../../src/core/api/object.js";
import { admit, kind } from "../helpers.js";

const rq = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q", namespace: "default" }, spec });

describe("ResourceQuota validation", () => {
  it("accepts the docs' quotas, object counts included", () => {
    expect(admit(rq({ hard: { "requests.cpu": "1", "requests.memory": "1Gi", "limits.cpu": "2", "limits.memory": "2Gi" } }))).toEqual([]);
    expect(admit(rq({ hard: { "count/deployments.apps": "2", "count/widgets.example.com": "1", pods: "10", "requests.nvidia.com/gpu": "4" } }))).toEqual([]);
    expect(admit(rq({ hard: { pods: "5" }, scopes: ["BestEffort"] }))).toEqual([]);
  });

  it("refuses resources quota does not know, negative and fractional counts", () => {
    expect(admit(rq({ hard: { widgets: "1", pods: "1.5", "requests.cpu": "-1" } }))).toEqual([
      'spec.hard[widgets]: Invalid value: "widgets": must be a standard resource type or fully qualified',
      'spec.hard[widgets]: Invalid value: "widgets": must be a standard resource for quota',
      'spec.hard[pods]: Invalid value: "1500m": must be an integer',
      'spec.hard[requests.cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });

  it("checks scopes against the resources and each other", () => {
    expect(admit(rq({ hard: { "requests.cpu": "1" }, scopes: ["BestEffort"] }))).toEqual(['spec.scopes: Invalid value: ["BestEffort"]: unsupported scope applied to resource']);
    expect(admit(rq({ hard: { pods: "1" }, scopes: ["Terminating", "NotTerminating"] }))).toEqual(['spec.scopes: Invalid value: ["Terminating","NotTerminating"]: conflicting scopes']);
    expect(admit(rq({ hard: { pods: "1" }, scopes: ["Sometimes"] }))).toEqual(['spec.scopes: Invalid value: ["Sometimes"]: unsupported scope']);
    expect(admit(rq({ hard: { pods: "1" }, scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "In" }] } }))).toEqual([
      "spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
    ]);
    expect(admit(rq({ hard: { pods: "1" }, scopeSelector: { matchExpressions: [{ scopeName: "BestEffort", operator: "In", values: ["x"] }] } }))).toEqual([
      'spec.scopeSelector.matchExpressions.operator: Invalid value: "In": must be \'Exist\' only operator when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort and ResourceQuotaScopeNotBestEffort',
    ]);
  });

  it("keeps scopes as they were on update", () => {
    const old = rq({ hard: { pods: "1" }, scopes: ["BestEffort"] });
    expect(admit(rq({ hard: { pods: "2" }, scopes: ["BestEffort"] }), old)).toEqual([]);
    expect(admit(rq({ hard: { pods: "2" }, scopes: ["NotBestEffort"] }), old)).toEqual(['spec.scopes: Invalid value: ["NotBestEffort"]: field is immutable']);
  });

  it("drops a status the manifest carries: the controller fills it", () => {
    const d = applyDefaults({ ...rq({ hard: { pods: "1" } }), status: { used: { pods: "0" } } } as KubeObject, kind("ResourceQuota"));
    expect(d.status).toBeUndefined();
  });

  it("reports malformed specs instead of throwing", () => {
    for (const spec of [null, "x", { hard: [1] }, { hard: { pods: null } }, { scopes: "x" }, { scopeSelector: { matchExpressions: ["x", null, 1] } }]) {
      expect(() => admit({ ...rq({}), spec })).not.toThrow();
    }
  });
});
