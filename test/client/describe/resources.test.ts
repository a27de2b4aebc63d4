import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { podQOSClass, podRequestsAndLimits } from "../../../src/client/describe/resources.js";
import { formatAmount } from "../../../src/client/describe/quantity.js";

const pod = (containers: Pod["spec"] extends infer S ? (S extends { containers: infer C } ? C : never) : never, extra: Partial<NonNullable<Pod["spec"]>> = {}): Pod => ({
  metadata: { name: "p" },
  spec: { containers, ...extra },
});

describe("podQOSClass", () => {
  it("is BestEffort without requests or limits", () => {
    expect(podQOSClass(pod([{ name: "a" }]))).toBe("BestEffort");
  });
  it("is Guaranteed when every container's cpu and memory limits equal its requests", () => {
    expect(podQOSClass(pod([{ name: "a", resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "1000m", memory: "1Gi" } } }]))).toBe("Guaranteed");
  });
  it("is Burstable otherwise", () => {
    expect(podQOSClass(pod([{ name: "a", resources: { requests: { cpu: "100m" } } }]))).toBe("Burstable");
    expect(podQOSClass(pod([{ name: "a", resources: { limits: { cpu: "1", memory: "1Gi" } } }, { name: "b" }]))).toBe("Burstable");
  });
  it("prefers status.qosClass", () => {
    expect(podQOSClass({ ...pod([{ name: "a" }]), status: { qosClass: "Guaranteed" } })).toBe("Guaranteed");
  });
});

describe("podRequestsAndLimits", () => {
  it("sums containers, takes the largest init container, and adds sidecars and overhead", () => {
    const p = pod(
      [
        { name: "a", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m" } } },
        { name: "b", resources: { requests: { cpu: "250m" } } },
      ],
      {
        initContainers: [
          { name: "init", resources: { requests: { cpu: "2" } } },
          { name: "sidecar", restartPolicy: "Always", resources: { requests: { cpu: "100m", memory: "32Mi" } } },
        ],
        overhead: { cpu: "10m" },
      },
    );
    const { requests, limits } = podRequestsAndLimits(p);
    expect(formatAmount(requests.get("cpu")!)).toBe("2010m");
    expect(formatAmount(requests.get("memory")!)).toBe("96Mi");
    expect(formatAmount(limits.get("cpu")!)).toBe("510m");
    expect(limits.get("memory")).toBeUndefined();
  });
});
