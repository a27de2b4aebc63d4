import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { hasPrinter, printTable } from "../../../src/core/printers/table.js";
import { renderTable } from "../../../src/client/output/table.js";
import { expectGolden } from "../../client/output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);
const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), creationTimestamp: "2024-01-01T00:00:00Z" });
const plain = { wide: false, withNamespace: false, showLabels: false };

describe("small kinds", () => {
  it("namespaces: NAME STATUS AGE", () => {
    const objs: KubeObject[] = [
      { apiVersion: "v1", kind: "Namespace", metadata: meta("default"), status: { phase: "Active" } },
      { apiVersion: "v1", kind: "Namespace", metadata: meta("kube-system") },
      { apiVersion: "v1", kind: "Namespace", metadata: { ...meta("old"), deletionTimestamp: "2024-01-01T00:59:00Z" }, status: { phase: "Terminating" } },
    ];
    expect(renderTable(printTable("Namespace", objs, { now: NOW }), plain)).toBe(
      "NAME          STATUS        AGE\n" + "default       Active        60m\n" + "kube-system   Active        60m\n" + "old           Terminating   60m\n",
    );
  });

  it("configmaps count data and binaryData keys; secrets show their type", () => {
    const cms: KubeObject[] = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: meta("kube-root-ca.crt", "default"), data: { "ca.crt": "x" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: meta("game-config", "default"), data: { a: "1", b: "2" }, binaryData: { c: "AA==" } },
    ];
    const secrets: KubeObject[] = [
      { apiVersion: "v1", kind: "Secret", metadata: meta("db", "default"), type: "Opaque", data: { user: "YQ==", password: "Yg==" } },
      { apiVersion: "v1", kind: "Secret", metadata: meta("tls", "default"), type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" }, stringData: { "tls.crt": "x" } },
    ];
    const sas: KubeObject[] = [
      { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("default", "default") },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("builder", "default"), secrets: [{ name: "builder-token" }] },
    ];
    const out = [
      renderTable(printTable("ConfigMap", cms, { now: NOW }), plain),
      renderTable(printTable("Secret", secrets, { now: NOW }), plain),
      renderTable(printTable("ServiceAccount", sas, { now: NOW }), { ...plain, withNamespace: true }),
    ].join("\n");
    expectGolden(new URL("./testdata/get-small-kinds.golden", import.meta.url), out);
  });

  it("falls back to NAME AGE for a kind without a printer", () => {
    expect(hasPrinter("Lease")).toBe(false);
    const table = printTable("Lease", [{ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: meta("worker-1", "kube-node-lease") }], { now: NOW });
    expect(table.columns.map((c) => c.name)).toEqual(["Name", "Age"]);
    expect(renderTable(table, plain)).toBe("NAME       AGE\nworker-1   60m\n");
  });

  it("prints <unknown> for an object without a creation timestamp", () => {
    const table = printTable("Widget", [{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }], { now: NOW });
    expect(table.rows[0]!.cells).toEqual(["w", "<unknown>"]);
  });
});
