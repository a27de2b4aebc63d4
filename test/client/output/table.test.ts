import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import type { Table } from "../../../src/core/printers/types.js";
import { formatLabels, renderTable } from "../../../src/client/output/table.js";

const pod = (name: string, namespace: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
});

const table: Table = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Status", priority: 0 },
    { name: "Node", priority: 1 },
  ],
  rows: [
    { cells: ["web-1", "Running", "worker-1"], object: pod("web-1", "default", { app: "web", tier: "frontend" }) },
    { cells: ["coredns-5d78c9869d-abcde", "Running", "control-plane"], object: pod("coredns-5d78c9869d-abcde", "kube-system", { "k8s-app": "kube-dns" }) },
    { cells: ["bare", "Pending", "<none>"], object: pod("bare", "default") },
  ],
};

describe("renderTable", () => {
  it("prints upper-case headers and drops wide columns", () => {
    expect(renderTable(table, { wide: false, withNamespace: false, showLabels: false })).toBe(
      "NAME                       STATUS\n" + "web-1                      Running\n" + "coredns-5d78c9869d-abcde   Running\n" + "bare                       Pending\n",
    );
  });

  it("puts NAMESPACE first with -A and LABELS last with --show-labels", () => {
    expect(renderTable(table, { wide: true, withNamespace: true, showLabels: true })).toBe(
      "NAMESPACE     NAME                       STATUS    NODE            LABELS\n" +
        "default       web-1                      Running   worker-1        app=web,tier=frontend\n" +
        "kube-system   coredns-5d78c9869d-abcde   Running   control-plane   k8s-app=kube-dns\n" +
        "default       bare                       Pending   <none>          <none>\n",
    );
  });

  it("adds one column per -L label, headed by the key's last segment", () => {
    expect(renderTable(table, { wide: false, withNamespace: false, showLabels: false, labelColumns: ["app", "example.com/tier"] })).toBe(
      "NAME                       STATUS    APP   TIER\n" + "web-1                      Running   web   \n" + "coredns-5d78c9869d-abcde   Running         \n" + "bare                       Pending         \n",
    );
  });

  it("omits headers with --no-headers", () => {
    expect(renderTable(table, { wide: false, withNamespace: false, showLabels: false, noHeaders: true }).split("\n")[0]).toBe("web-1                      Running");
  });

  it("prints nothing for an empty table", () => {
    expect(renderTable({ columns: table.columns, rows: [] }, { wide: false, withNamespace: true, showLabels: false })).toBe("");
  });

  it("cuts a multi-line cell at its first line break", () => {
    const t: Table = { columns: [{ name: "Name", priority: 0 }, { name: "Message", priority: 0 }], rows: [{ cells: ["a", "first line\nsecond"], object: pod("a", "default") }] };
    expect(renderTable(t, { wide: false, withNamespace: false, showLabels: false })).toBe("NAME   MESSAGE\na      first line...\n");
  });

  it("shows ESC as ^[ so a cell cannot drive the terminal", () => {
    const t: Table = { columns: [{ name: "Name", priority: 0 }, { name: "Message", priority: 0 }], rows: [{ cells: ["a", "\u001b[31mred"], object: pod("a", "default") }] };
    expect(renderTable(t, { wide: false, withNamespace: false, showLabels: false })).toBe("NAME   MESSAGE\na      ^[[31mred\n");
  });
});

describe("formatLabels", () => {
  it("sorts keys and prints <none> for no labels", () => {
    expect(formatLabels({ tier: "y", app: "x" })).toBe("app=x,tier=y");
    expect(formatLabels({})).toBe("<none>");
    expect(formatLabels(undefined)).toBe("<none>");
  });
});
