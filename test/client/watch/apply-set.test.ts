import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/client/cluster.js";
import {
  APPLYSET_GROUP_KINDS,
  APPLYSET_ID,
  APPLYSET_NAMESPACES,
  APPLYSET_TOOLING,
  applySetId,
  applySetRef,
  parentNameForFolder,
  parentObject,
  parseGroupKind,
  readParent,
  WATCH_FOLDER_ANNOTATION,
} from "../../../src/client/watch/apply-set.js";

describe("ApplySet ids and names", () => {
  it("derives kubectl's id for a Secret parent", () => {
    // The value kubectl's own tests expect for secret my-set in namespace test.
    expect(applySetId("my-set", "test")).toBe("applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1");
  });

  it("names the parent after the folder, as a valid object name", () => {
    expect(parentNameForFolder("/work/manifests/")).toBe("kdeck-watch-manifests");
    expect(parentNameForFolder("./My App_Config")).toBe("kdeck-watch-my-app-config");
    expect(parentNameForFolder("/tmp/__")).toBe("kdeck-watch-folder");
  });

  it("parses group-kinds as apimachinery does", () => {
    expect(parseGroupKind("Deployment.apps")).toEqual({ group: "apps", kind: "Deployment" });
    expect(parseGroupKind("Ingress.networking.k8s.io")).toEqual({ group: "networking.k8s.io", kind: "Ingress" });
    expect(parseGroupKind("ConfigMap")).toEqual({ group: "", kind: "ConfigMap" });
  });
});

describe("the parent object", () => {
  const ref = applySetRef("kdeck-watch-app", "default");

  it("records kinds sorted and the other namespaces, as kubectl writes them", () => {
    const p = parentObject(ref, { groupKinds: new Set(["Pod", "Deployment.apps", "ConfigMap"]), namespaces: new Set(["default", "web", "db"]) }, "/srv/app", "0.1.0");
    expect(p.metadata.labels).toEqual({ [APPLYSET_ID]: ref.id });
    expect(p.metadata.annotations).toEqual({
      [APPLYSET_TOOLING]: "kdeck/v0.1.0",
      [APPLYSET_GROUP_KINDS]: "ConfigMap,Deployment.apps,Pod",
      [APPLYSET_NAMESPACES]: "db,web",
      [WATCH_FOLDER_ANNOTATION]: "/srv/app",
    });
  });

  it("reads back what it wrote, with its own namespace included", () => {
    const p = parentObject(ref, { groupKinds: new Set(["Pod"]), namespaces: new Set(["web"]) }, "/srv/app", "0.1.0");
    const r = readParent(p, ref, "/srv/app");
    expect([...r.groupKinds]).toEqual(["Pod"]);
    expect([...r.namespaces].sort()).toEqual(["default", "web"]);
  });

  function secret(labels: Record<string, string>, annotations: Record<string, string>): KubeObject {
    return { apiVersion: "v1", kind: "Secret", metadata: { name: ref.name, namespace: "default", labels, annotations } };
  }

  it("refuses a parent that is not kdeck's or not this set's, in kubectl's words", () => {
    expect(() => readParent(secret({ [APPLYSET_ID]: ref.id }, {}), ref, "/srv/app")).toThrow(/is missing required annotation "applyset.kubernetes.io\/tooling"/);
    expect(() => readParent(secret({ [APPLYSET_ID]: ref.id }, { [APPLYSET_TOOLING]: "kubectl/v1.30.0" }), ref, "/srv/app")).toThrow(
      /is managed by tooling "kubectl" instead of "kdeck"/,
    );
    expect(() => readParent(secret({}, { [APPLYSET_TOOLING]: "kdeck/v0.1.0" }), ref, "/srv/app")).toThrow(/does not have required label applyset.kubernetes.io\/id/);
    expect(() => readParent(secret({ [APPLYSET_ID]: "applyset-x-v1" }, { [APPLYSET_TOOLING]: "kdeck/v0.1.0" }), ref, "/srv/app")).toThrow(/incorrect value for label/);
  });

  it("refuses a parent another folder of the same name owns", () => {
    const p = parentObject(ref, { groupKinds: new Set(), namespaces: new Set() }, "/home/a/app", "0.1.0");
    expect(() => readParent(p, ref, "/home/b/app")).toThrow(/belongs to the folder \/home\/a\/app, not \/home\/b\/app/);
  });
});
