import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { formatEventSource } from "../../../src/core/printers/event.js";
import { printTable } from "../../../src/core/printers/table.js";
import { renderTable } from "../../../src/client/output/table.js";
import { expectGolden, readFixture } from "../../client/output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);
const events = readFixture<KubeObject[]>(new URL("./testdata/events.json", import.meta.url));

describe("kubectl get events", () => {
  const table = printTable("Event", events, { now: NOW });
  const row = (name: string): string[] => table.rows.find((r) => r.object.metadata.name === name)!.cells;

  it("takes LAST SEEN and COUNT from the series of an events.k8s.io event", () => {
    const cells = row("web-notready.17e1");
    expect(cells[0]).toBe("8s");
    expect(cells[7]).toBe("2m30s");
    expect(cells[8]).toBe("12");
    expect(cells[5]).toBe("kubelet, worker-1");
    expect(cells[6]).toBe("Readiness probe failed: HTTP probe failed with statuscode: 503");
  });

  it("names the involved object as kind/name", () => {
    expect(row("worker-3.17d1")[3]).toBe("node/worker-3");
    expect(row("crash-loop.17b1")[3]).toBe("pod/crash-loop");
  });

  it("formats the source as component, host", () => {
    expect(formatEventSource({ component: "kubelet", host: "worker-1" })).toBe("kubelet, worker-1");
    expect(formatEventSource({ component: "default-scheduler" })).toBe("default-scheduler");
    expect(formatEventSource({}, "kubelet", "worker-2")).toBe("kubelet, worker-2");
  });

  it("lays out as kubectl does", () => {
    expectGolden(new URL("./testdata/get-events.golden", import.meta.url), renderTable(table, { wide: false, withNamespace: false, showLabels: false }));
  });
  it("lays out -o wide as kubectl does", () => {
    expectGolden(new URL("./testdata/get-events-wide.golden", import.meta.url), renderTable(table, { wide: true, withNamespace: false, showLabels: false }));
  });
});
