import type { Node } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { nodeRoles, nodeStatus } from "../../../src/core/printers/node.js";
import { printTable } from "../../../src/core/printers/table.js";
import { renderTable } from "../../../src/client/output/table.js";
import { expectGolden, readFixture } from "../../client/output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);
const nodes = readFixture<KubeObject[]>(new URL("./testdata/nodes.json", import.meta.url));
const byName = (name: string): Node => nodes.find((n) => n.metadata.name === name) as unknown as Node;

describe("node STATUS and ROLES", () => {
  it.each([
    ["control-plane", "Ready"],
    ["worker-2", "Ready,SchedulingDisabled"],
    ["worker-3", "NotReady"],
    ["worker-4", "Unknown"],
  ])("%s is %s", (name, want) => {
    expect(nodeStatus(byName(name))).toBe(want);
  });

  it("reads roles from node-role.kubernetes.io/* and kubernetes.io/role labels", () => {
    expect(nodeRoles(byName("control-plane"))).toEqual(["control-plane"]);
    expect(nodeRoles(byName("worker-2"))).toEqual(["infra"]);
    expect(nodeRoles(byName("worker-1"))).toEqual([]);
  });
});

describe("kubectl get nodes", () => {
  const table = printTable("Node", nodes, { now: NOW });
  it("lays out as kubectl does", () => {
    expectGolden(new URL("./testdata/get-nodes.golden", import.meta.url), renderTable(table, { wide: false, withNamespace: false, showLabels: false }));
  });
  it("lays out -o wide as kubectl does", () => {
    expectGolden(new URL("./testdata/get-nodes-wide.golden", import.meta.url), renderTable(table, { wide: true, withNamespace: false, showLabels: false }));
  });
});
