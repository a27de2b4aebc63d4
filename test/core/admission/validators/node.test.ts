import { describe, expect, it } from "vitest";
import { admit } from "../helpers.js";

const node = (spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ apiVersion: "v1", kind: "Node", metadata: { name: "worker-1" }, spec, ...extra });

describe("Node validation", () => {
  it("accepts a node with taints, a pod CIDR and capacity", () => {
    expect(
      admit(node({ podCIDR: "10.244.1.0/24", unschedulable: true, taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] }, { status: { capacity: { cpu: "4", memory: "8Gi", pods: "110" } } })),
    ).toEqual([]);
  });

  it("checks taint keys, values and effects, reported under metadata as Kubernetes does", () => {
    expect(
      admit(
        node({
          taints: [
            { key: "dedicated", value: "db", effect: "Sometimes" },
            { key: "bad key", effect: "NoExecute" },
            { key: "gpu" },
            { key: "dedicated", value: "web", effect: "Sometimes" },
          ],
        }),
      ),
    ).toEqual([
      'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      "metadata.taints[1].key: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.taints[2].effect: Required value",
      'metadata.taints[3].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'metadata.taints[3]: Duplicate value: {"key":"dedicated","value":"web","effect":"Sometimes"}: taints must be unique by key and effect pair',
    ]);
  });

  it("checks pod CIDRs", () => {
    expect(admit(node({ podCIDR: "10.244.1.0/33" }))).toEqual(['spec.podCIDRs[0]: Invalid value: "10.244.1.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
    expect(admit(node({ podCIDRs: ["10.244.1.0/24", "10.244.2.0/24"] }))).toEqual([
      'spec.podCIDRs: Invalid value: ["10.244.1.0/24","10.244.2.0/24"]: may specify no more than one CIDR for each IP family',
    ]);
  });

  it("lets the pod CIDR be set once and unschedulable change freely", () => {
    const old = node();
    const withCidr = node({ podCIDR: "10.244.1.0/24" });
    expect(admit(withCidr, old)).toEqual([]);
    expect(admit(node({ podCIDR: "10.244.1.0/24", unschedulable: true }), withCidr)).toEqual([]);
    expect(admit(node({ podCIDR: "10.244.9.0/24" }), withCidr)).toEqual(['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
  });

  it("checks capacity quantities and the name", () => {
    expect(admit(node({}, { status: { capacity: { cpu: "-2" } } }))).toEqual([
      'status.capacity.cpu: Invalid value: "-2": must be greater than or equal to 0',
      'status.allocatable.cpu: Invalid value: "-2": must be greater than or equal to 0',
    ]);
    expect(admit({ ...node(), metadata: { name: "Worker_1" } })[0]).toMatch(/^metadata\.name: Invalid value: "Worker_1": a lowercase RFC 1123 subdomain/);
  });
});
