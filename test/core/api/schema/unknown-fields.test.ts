import { describe, expect, it } from "vitest";
import { strictDecodingError, unknownFields } from "../../../../src/core/api/schema/index.js";
import type { KubeObject } from "../../../../src/core/api/object.js";
import { KINDS, type KindInfo } from "../../../../src/core/api/registry.js";

const kind = (name: string) => KINDS.find((k) => k.kind === name)!;
const pod = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", labels: { app: "web", "example.com/anything": "goes" }, annotations: { note: "x" } }, spec, ...extra }) as KubeObject;

describe("unknownFields", () => {
  it("finds nothing in a valid pod, whatever its labels and annotations", () => {
    expect(unknownFields(pod({ containers: [{ name: "a", image: "nginx", imagePullPolicy: "Always", resources: { limits: { cpu: "1", "example.com/gpu": "1" } } }] }), kind("Pod"))).toEqual([]);
  });

  it("reports a typo in a container with its index, as strict decoding does", () => {
    const obj = pod({ containers: [{ name: "a", image: "nginx" }, { name: "b", image: "nginx", imagePullPolic: "Always" }] });
    expect(unknownFields(obj, kind("Pod"))).toEqual(["spec.containers[1].imagePullPolic"]);
    expect(strictDecodingError(kind("Pod"), unknownFields(obj, kind("Pod")))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[1].imagePullPolic"',
    );
  });

  it("reports typos at the top level and in metadata, in document order", () => {
    const obj = { apiVersion: "v1", kind: "Pod", metdata: { name: "x" }, metadata: { name: "x", lables: { a: "b" } }, spec: { containers: [] }, extra: 1 } as unknown as KubeObject;
    expect(unknownFields(obj, kind("Pod"))).toEqual(["metdata", "metadata.lables", "extra"]);
  });

  it("looks into nested structs of every depth", () => {
    const obj = pod({
      containers: [{ name: "a", image: "nginx", livenessProbe: { httpGet: { port: 80, pth: "/" } } }],
      volumes: [{ name: "v", configMap: { nme: "cfg" } }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "a", operator: "In", value: ["x"] }] }] } } },
    });
    expect(unknownFields(obj, kind("Pod"))).toEqual([
      "spec.containers[0].livenessProbe.httpGet.pth",
      "spec.volumes[0].configMap.nme",
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].value",
    ]);
  });

  it("accepts any content in free-form fields such as managedFields' fieldsV1", () => {
    const obj = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", managedFields: [{ manager: "kubectl", fieldsV1: { "f:data": { "f:a": {} } } }] }, data: { a: "1" } } as unknown as KubeObject;
    expect(unknownFields(obj, kind("ConfigMap"))).toEqual([]);
  });

  it("checks every served kind against its own schema", () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { a: "b" }, typ: "Opaque" } as unknown as KubeObject;
    expect(unknownFields(secret, kind("Secret"))).toEqual(["typ"]);
    const node = { apiVersion: "v1", kind: "Node", metadata: { name: "n" }, spec: { taints: [{ key: "a", effect: "NoSchedule", efect: "x" }], unschedulable: true } } as unknown as KubeObject;
    expect(unknownFields(node, kind("Node"))).toEqual(["spec.taints[0].efect"]);
  });

  it("gives nothing for kinds the schema does not know", () => {
    const custom: KindInfo = { group: "example.com", version: "v1", kind: "Widget", plural: "widgets", singular: "widget", shortNames: [], namespaced: true, categories: [], verbs: [] };
    expect(unknownFields({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, anything: 1 }, custom)).toEqual([]);
  });
});
