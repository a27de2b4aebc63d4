import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { formatYaml, toKubectlYaml } from "../../../src/client/output/yaml.js";
import { expectGolden, readFixture } from "./golden.js";

const pods = readFixture<KubeObject[]>(new URL("../../core/printers/testdata/pods.json", import.meta.url));

describe("formatYaml", () => {
  it("prints a pod as kubectl -o yaml does", () => {
    const pod = structuredClone(pods.find((p) => p.metadata.name === "web-pending")!);
    pod.metadata.annotations = {
      "kubectl.kubernetes.io/last-applied-configuration": '{"apiVersion":"v1","kind":"Pod"}\n',
      "example.com/script": "#!/bin/sh\necho hi",
    };
    (pod.spec as Record<string, unknown>).tolerations = [];
    expectGolden(new URL("./testdata/pod.yaml.golden", import.meta.url), formatYaml([pod], true));
  });

  it("wraps several objects in a List", () => {
    const objs: KubeObject[] = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { port: "8080" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b" } },
    ];
    expect(formatYaml(objs, false)).toBe(
      [
        "apiVersion: v1",
        "items:",
        "- apiVersion: v1",
        "  data:",
        '    port: "8080"',
        "  kind: ConfigMap",
        "  metadata:",
        "    name: a",
        "- apiVersion: v1",
        "  kind: ConfigMap",
        "  metadata:",
        "    name: b",
        "kind: List",
        "metadata:",
        '  resourceVersion: ""',
        "",
      ].join("\n"),
    );
  });

  it("quotes strings as go-yaml does", () => {
    const out = toKubectlYaml({
      a: "true",
      b: "yes",
      c: "2024-01-01T00:00:00Z",
      d: "1.5",
      e: "",
      f: "- item",
      g: "key: value",
      h: "it's",
      i: "tab\there",
      j: "100m",
      k: "10.244.0.0/24",
      l: "0x1F",
      m: "~",
    });
    expect(out).toBe(
      [
        'a: "true"',
        'b: "yes"',
        'c: "2024-01-01T00:00:00Z"',
        'd: "1.5"',
        'e: ""',
        "f: '- item'",
        "g: 'key: value'",
        "h: it's",
        'i: "tab\\there"',
        "j: 100m",
        "k: 10.244.0.0/24",
        'l: "0x1F"',
        'm: "~"',
        "",
      ].join("\n"),
    );
  });

  it("sorts keys as strings, numbers included", () => {
    expect(toKubectlYaml({ "10": 1, "2": 2, b: 3 })).toBe('"10": 1\n"2": 2\nb: 3\n');
  });

  it("prints empty collections and nulls as kubectl does", () => {
    expect(toKubectlYaml({ a: {}, b: [], c: null, d: [[1, 2]] })).toBe("a: {}\nb: []\nc: null\nd:\n- - 1\n  - 2\n");
  });

  it("folds a long message past 80 columns at a space", () => {
    const out = toKubectlYaml({ status: { message: `${"word ".repeat(30)}end` } });
    const lines = out.split("\n");
    expect(lines[1]!.startsWith("  message: word")).toBe(true);
    expect(lines[2]!.startsWith("    word")).toBe(true);
    expect(lines[1]!.length).toBeGreaterThan(80);
  });
});
