import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { formatJson, goJsonCompact } from "../../../src/client/output/json.js";
import { formatName } from "../../../src/client/output/name.js";

const cm = (name: string): KubeObject => ({
  kind: "ConfigMap",
  apiVersion: "v1",
  metadata: { name, namespace: "default" },
  data: { b: "2", a: "<tag> & co" },
});

describe("formatJson", () => {
  it("prints one named object as itself, keys sorted, four-space indent", () => {
    expect(formatJson([cm("one")], true)).toBe(
      [
        "{",
        '    "apiVersion": "v1",',
        '    "data": {',
        '        "a": "\\u003ctag\\u003e \\u0026 co",',
        '        "b": "2"',
        "    },",
        '    "kind": "ConfigMap",',
        '    "metadata": {',
        '        "name": "one",',
        '        "namespace": "default"',
        "    }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("wraps several objects, or a list request, in a v1 List", () => {
    const parsed = JSON.parse(formatJson([cm("one"), cm("two")], false)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["apiVersion", "items", "kind", "metadata"]);
    expect(parsed).toMatchObject({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" } });
    expect((parsed.items as KubeObject[]).map((o) => o.metadata.name)).toEqual(["one", "two"]);
    expect(JSON.parse(formatJson([cm("one")], false))).toMatchObject({ kind: "List", items: [{ metadata: { name: "one" } }] });
  });

  it("prints an empty list as an empty items array", () => {
    expect(formatJson([], false)).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });

  it("writes compact JSON as Go's json.Marshal does", () => {
    expect(goJsonCompact({ z: [1, 2.5, true, null], a: {} })).toBe('{"a":{},"z":[1,2.5,true,null]}');
  });
});

describe("formatName", () => {
  it("prints resource/name per object", () => {
    const out = formatName([cm("one"), cm("two")], () => "configmap");
    expect(out).toBe("configmap/one\nconfigmap/two\n");
    const deploy: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } };
    expect(formatName([deploy], () => "deployment.apps")).toBe("deployment.apps/web\n");
  });
});
