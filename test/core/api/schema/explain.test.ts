import { describe, expect, it } from "vitest";
import { explain } from "../../../../src/core/api/schema/index.js";
import { KINDS, type KindInfo } from "../../../../src/core/api/registry.js";

const kind = (name: string) => KINDS.find((k) => k.kind === name)!;

// kubectl 1.28's output for `kubectl explain pods`, byte for byte.
const EXPLAIN_PODS = `KIND:       Pod
VERSION:    v1

DESCRIPTION:
    Pod is a collection of containers that can run on a host. This resource is
    created by clients and scheduled onto hosts.
    
FIELDS:
  apiVersion\t<string>
    APIVersion defines the versioned schema of this representation of an object.
    Servers should convert recognized schemas to the latest internal value, and
    may reject unrecognized values. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

  kind\t<string>
    Kind is a string value representing the REST resource this object
    represents. Servers may infer this from the endpoint the client submits
    requests to. Cannot be updated. In CamelCase. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds

  metadata\t<ObjectMeta>
    Standard object's metadata. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata

  spec\t<PodSpec>
    Specification of the desired behavior of the pod. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

  status\t<PodStatus>
    Most recently observed status of the pod. This data may not be up to date.
    Populated by the system. Read-only. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status


`;

const EXPLAIN_IMAGE = `KIND:       Pod
VERSION:    v1

FIELD: image <string>

DESCRIPTION:
    Container image name. More info:
    https://kubernetes.io/docs/concepts/containers/images This field is optional
    to allow higher level config management to default or override container
    images in workload controllers like Deployments and StatefulSets.
    

`;

const EXPLAIN_PORTS_RECURSIVE = `KIND:       Pod
VERSION:    v1

FIELD: ports <[]ContainerPort>

DESCRIPTION:
    List of ports to expose from the container. Not specifying a port here DOES
    NOT prevent that port from being exposed. Any port which is listening on the
    default "0.0.0.0" address inside a container will be accessible from the
    network. Modifying this array with strategic merge patch may corrupt the
    data. For more information See
    https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.
    ContainerPort represents a network port in a single container.
    
FIELDS:
  containerPort\t<integer> -required-
  hostIP\t<string>
  hostPort\t<integer>
  name\t<string>
  protocol\t<string>

`;

describe("explain", () => {
  it("prints `kubectl explain pods`", () => {
    expect(explain(kind("Pod"), [])).toBe(EXPLAIN_PODS);
  });

  it("prints a leaf field: `kubectl explain pods.spec.containers.image`", () => {
    expect(explain(kind("Pod"), ["spec", "containers", "image"])).toBe(EXPLAIN_IMAGE);
  });

  it("prints a list field with the item type's description and fields, marking required ones", () => {
    const out = explain(kind("Pod"), ["spec", "containers"]);
    expect(out.startsWith("KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n\nDESCRIPTION:\n")).toBe(true);
    expect(out).toContain("    updated.\n    A single application container that you want to run within a pod.\n    \nFIELDS:\n  args\t<[]string>\n");
    expect(out).toContain("  name\t<string> -required-\n    Name of the container specified as a DNS_LABEL. Each container in a pod must\n    have a unique name (DNS_LABEL). Cannot be updated.\n\n");
    expect(out).toContain("  livenessProbe\t<Probe>\n");
  });

  it("prints every nested field with --recursive", () => {
    expect(explain(kind("Pod"), ["spec", "containers", "ports"], { recursive: true })).toBe(EXPLAIN_PORTS_RECURSIVE);
    const probe = explain(kind("Pod"), ["spec", "containers", "livenessProbe"], { recursive: true });
    expect(probe).toContain("  httpGet\t<HTTPGetAction>\n    host\t<string>\n    httpHeaders\t<[]HTTPHeader>\n      name\t<string> -required-\n      value\t<string> -required-\n    path\t<string>\n    port\t<IntOrString> -required-\n");
  });

  it("names maps, quantities and times as kubectl does", () => {
    expect(explain(kind("Pod"), ["spec", "containers", "resources"])).toContain("  limits\t<map[string]Quantity>\n");
    expect(explain(kind("ConfigMap"), ["data"]).split("\n")[3]).toBe("FIELD: data <map[string]string>");
    const ts = explain(kind("Pod"), ["metadata", "creationTimestamp"]);
    expect(ts).toContain("FIELD: creationTimestamp <string>");
    expect(ts).toContain("    Time is a wrapper around time.Time which supports correct marshaling to YAML\n");
  });

  it("gives kubectl's error for a field that does not exist, naming the last one asked for", () => {
    expect(() => explain(kind("Pod"), ["spec", "containerz"])).toThrow('error: field "containerz" does not exist');
    expect(() => explain(kind("Pod"), ["spec", "nope", "image"])).toThrow('error: field "image" does not exist');
    expect(() => explain(kind("Pod"), ["metadata", "labels", "app"])).toThrow('error: field "app" does not exist');
  });

  it("prints the group of kinds outside the core group", () => {
    const deployment: KindInfo = { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", shortNames: ["deploy"], namespaced: true, categories: [], verbs: [] };
    expect(explain(deployment, ["spec", "replicas"]).split("\n").slice(0, 5)).toEqual(["GROUP:      apps", "KIND:       Deployment", "VERSION:    v1", "", "FIELD: replicas <integer>"]);
  });

  it("stops at a type that contains itself, and knows the API's float fields", () => {
    const crd: KindInfo = { group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions", singular: "customresourcedefinition", shortNames: ["crd"], namespaced: false, categories: [], verbs: [] };
    const out = explain(crd, ["spec", "versions", "schema", "openAPIV3Schema"], { recursive: true });
    expect(out).toContain("FIELD: openAPIV3Schema <JSONSchemaProps>");
    expect(out).toContain("  properties\t<map[string]JSONSchemaProps>\n  required\t<[]string>\n");
    expect(out).toContain("  additionalItems\t<JSONSchemaPropsOrBool>\n");
    expect(out).toContain("  externalDocs\t<ExternalDocumentation>\n    description\t<string>\n    url\t<string>\n");
    expect(out).toContain("  maximum\t<number>\n");
    expect(out).toContain("  maxLength\t<integer>\n");
  });
});
