import type { LimitRange, Namespace, ResourceQuota } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { describeLimitRange } from "../../../src/client/describe/limitrange.js";
import { describeNamespace } from "../../../src/client/describe/namespace.js";
import { describeResourceQuota } from "../../../src/client/describe/resourcequota.js";
import { expectGolden } from "../output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);

const COMPUTE: ResourceQuota = {
  metadata: { name: "compute-resources", namespace: "team-a" },
  spec: { hard: { "requests.cpu": "1", "requests.memory": "1G", "limits.cpu": "2", "limits.memory": "2Gi", pods: "4" } },
  status: {
    hard: { "limits.cpu": "2", "limits.memory": "2Gi", pods: "4", "requests.cpu": "1", "requests.memory": "1G" },
    used: { "limits.cpu": "1500m", "limits.memory": "0", pods: "2", "requests.cpu": "750m", "requests.memory": "512Mi" },
  },
};

const BEST_EFFORT: ResourceQuota = {
  metadata: { name: "best-effort", namespace: "team-a" },
  spec: { hard: { pods: "10" }, scopes: ["BestEffort"] },
  status: { hard: { pods: "10" }, used: { pods: "1" } },
};

const LIMITS: LimitRange = {
  metadata: { name: "defaults", namespace: "team-a" },
  spec: {
    limits: [
      { type: "Container", max: { cpu: "1", memory: "1Gi" }, min: { cpu: "100m" }, default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "250m", memory: "256Mi" } },
      { type: "Pod", max: { cpu: "2" }, maxLimitRequestRatio: { memory: "2" } },
      { type: "PersistentVolumeClaim", min: { storage: "1Gi" } },
    ],
  },
};

describe("describe resourcequota and limitrange", () => {
  it("describes a quota: Resource Used Hard, sorted, used shown in its limit's format", () => {
    expectGolden(new URL("./testdata/describe-resourcequota.golden", import.meta.url), describeResourceQuota(COMPUTE));
    // 512Mi against a limit written in decimal units prints as bytes, as kubectl prints it.
    expect(describeResourceQuota(COMPUTE)).toContain("requests.memory  536870912  1G\n");
  });

  it("explains the scopes of a scoped quota", () => {
    expect(describeResourceQuota(BEST_EFFORT)).toBe(
      [
        "Name:       best-effort",
        "Namespace:  team-a",
        "Scopes:     BestEffort",
        " * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
        "Resource  Used  Hard",
        "--------  ----  ----",
        "pods      1     10",
        "",
      ].join("\n"),
    );
  });

  it("describes a limit range: one row per item and resource, '-' where unset", () => {
    expectGolden(new URL("./testdata/describe-limitrange.golden", import.meta.url), describeLimitRange(LIMITS));
  });

  it("lists a namespace's quotas and limit ranges in describe namespace", () => {
    const ns: Namespace = { metadata: { name: "team-a", labels: { "kubernetes.io/metadata.name": "team-a" } }, status: { phase: "Active" } };
    expectGolden(new URL("./testdata/describe-namespace-policy.golden", import.meta.url), describeNamespace(ns, [], { now: NOW }, { quotas: [COMPUTE, BEST_EFFORT], limitRanges: [LIMITS] }));
  });
});
