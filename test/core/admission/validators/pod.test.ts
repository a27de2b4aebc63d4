import { describe, expect, it } from "vitest";
import { admit, container, pod } from "../helpers.js";

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const KEY_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe("Pod validation", () => {
  it("accepts a minimal pod once defaulted", () => {
    expect(admit(pod())).toEqual([]);
  });

  it("requires containers, their names and images", () => {
    expect(admit(pod({ containers: [] }))).toEqual(["spec.containers: Required value"]);
    expect(admit(pod({ containers: [{ image: "nginx" }] }))).toEqual(["spec.containers[0].name: Required value"]);
    expect(admit(pod({ containers: [{ name: "app" }] }))).toEqual(["spec.containers[0].image: Required value"]);
    expect(admit(pod({ containers: [container({ image: " nginx" })] }))).toEqual([
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
  });

  it("checks container names as DNS labels and refuses duplicates, across init containers too", () => {
    expect(admit(pod({ containers: [container({ name: "App_1" })] }))).toEqual([`spec.containers[0].name: Invalid value: "App_1": ${LABEL_MSG}`]);
    expect(admit(pod({ containers: [container(), container()] }))).toEqual(['spec.containers[1].name: Duplicate value: "app"']);
    expect(admit(pod({ initContainers: [container()] }))).toEqual(['spec.initContainers[0].name: Duplicate value: "app"']);
  });

  it("checks port numbers, protocols and names", () => {
    expect(admit(pod({ containers: [container({ ports: [{ containerPort: 70000, protocol: "XTP" }] })] }))).toEqual([
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.containers[0].ports[0].protocol: Unsupported value: "XTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
    expect(admit(pod({ containers: [container({ ports: [{ name: "http", containerPort: 80 }, { name: "http", containerPort: 81 }, { name: "8080", containerPort: 82 }] })] }))).toEqual([
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
      'spec.containers[0].ports[2].name: Invalid value: "8080": must contain at least one letter (a-z)',
    ]);
    expect(admit(pod({ containers: [container({ ports: [{ hostPort: 8080, containerPort: 80 }] }), container({ name: "b", ports: [{ hostPort: 8080, containerPort: 81 }] })] }))).toEqual([
      'spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
    ]);
  });

  it("checks resource quantities and that requests do not exceed limits", () => {
    expect(admit(pod({ containers: [container({ resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } })] }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
    expect(admit(pod({ containers: [container({ resources: { requests: { memory: "2048Mi" }, limits: { memory: "1Gi" } } })] }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
    ]);
    expect(admit(pod({ containers: [container({ resources: { limits: { cpu: "-1" } } })] }))).toEqual([
      'spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
    expect(admit(pod({ containers: [container({ resources: { requests: { cpus: "1" } } })] }))).toEqual([
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers',
    ]);
    expect(admit(pod({ containers: [container({ resources: { requests: { "example.com/gpu": "1" } } })] }))).toEqual([
      "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
    ]);
    expect(admit(pod({ containers: [container({ resources: { requests: { "example.com/gpu": "1" }, limits: { "example.com/gpu": "2" } } })] }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
    ]);
  });

  it("checks restartPolicy, dnsPolicy and imagePullPolicy against their values", () => {
    expect(admit(pod({ restartPolicy: "Sometimes", dnsPolicy: "Google", containers: [container({ imagePullPolicy: "Maybe" })] }))).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it("checks volumes and the mounts that refer to them", () => {
    expect(admit(pod({ containers: [container({ volumeMounts: [{ name: "data", mountPath: "/data" }] })] }))).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]);
    expect(admit(pod({ volumes: [{ name: "a", emptyDir: {} }, { name: "a", emptyDir: {} }] }))).toEqual(['spec.volumes[1].name: Duplicate value: "a"']);
    expect(admit(pod({ volumes: [{ name: "a", emptyDir: {}, hostPath: { path: "/x" } }] }))).toEqual([
      "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
    ]);
    expect(admit(pod({ volumes: [{ name: "cfg", configMap: {} }, { name: "Data", emptyDir: {} }] }))).toEqual([
      "spec.volumes[0].configMap.name: Required value",
      `spec.volumes[1].name: Invalid value: "Data": ${LABEL_MSG}`,
    ]);
    expect(
      admit(pod({ volumes: [{ name: "data", emptyDir: {} }], containers: [container({ volumeMounts: [{ name: "data", mountPath: "/d" }, { name: "data", mountPath: "/d", subPath: "../x" }] })] })),
    ).toEqual([
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique',
      "spec.containers[0].volumeMounts.subPath: Invalid value: \"../x\": must not contain '..'",
    ]);
  });

  it("checks env names and valueFrom sources", () => {
    expect(
      admit(
        pod({
          containers: [
            container({
              env: [
                { name: "1BAD" },
                { name: "X", valueFrom: {} },
                { name: "Y", value: "v", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                { name: "Z", valueFrom: { fieldRef: { fieldPath: "spec.restartPolicy" } } },
                { name: "K", valueFrom: { configMapKeyRef: { name: "cfg", key: "bad key" } } },
              ],
            }),
          ],
        }),
      ),
    ).toEqual([
      "spec.containers[0].env[0].name: Invalid value: \"1BAD\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
      'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      "spec.containers[0].env[4].valueFrom.configMapKeyRef.key: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it("allows exactly one probe handler and checks probe fields", () => {
    expect(admit(pod({ containers: [container({ livenessProbe: { exec: { command: ["true"] }, httpGet: { port: 80 } } })] }))).toEqual([
      "spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
    ]);
    expect(admit(pod({ containers: [container({ readinessProbe: { periodSeconds: 5 } })] }))).toEqual([
      "spec.containers[0].readinessProbe: Required value: must specify a handler type",
    ]);
    expect(admit(pod({ containers: [container({ livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2, initialDelaySeconds: -1 } })] }))).toEqual([
      "spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
    ]);
    expect(admit(pod({ containers: [container({ startupProbe: { httpGet: { port: "web server" } } })] }))).toEqual([
      'spec.containers[0].startupProbe.httpGet.port: Invalid value: "web server": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it("keeps probes and hooks off plain init containers but allows them on sidecars", () => {
    const probe = { exec: { command: ["true"] } };
    expect(admit(pod({ initContainers: [container({ name: "init", livenessProbe: probe })] }))).toEqual([
      "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
    ]);
    expect(admit(pod({ initContainers: [container({ name: "init", restartPolicy: "Always", livenessProbe: probe })] }))).toEqual([]);
    expect(admit(pod({ initContainers: [container({ name: "init", restartPolicy: "Never" })] }))).toEqual([
      'spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    expect(admit(pod({ containers: [container({ restartPolicy: "Always" })] }))).toEqual([
      "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
    ]);
    expect(admit(pod({ initContainers: [container({ name: "init", image: "" })] }))).toEqual(["spec.initContainers[0].image: Required value"]);
  });

  it("checks toleration operators and effects", () => {
    expect(
      admit(
        pod({
          tolerations: [
            { operator: "Exists", value: "x" },
            { key: "a", operator: "Maybe", effect: "Sometimes" },
            { key: "b", effect: "NoSchedule", tolerationSeconds: 5 },
            { value: "v" },
          ],
        }),
      ),
    ).toEqual([
      "spec.tolerations[0].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'",
      'spec.tolerations[1].operator: Unsupported value: "Maybe": supported values: "Equal", "Exists"',
      'spec.tolerations[1].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      'spec.tolerations[3].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ]);
  });

  it("checks nodeSelector labels", () => {
    expect(admit(pod({ nodeSelector: { "bad key!": "v", disk: "fast ssd" } }))).toEqual([
      `spec.nodeSelector: Invalid value: "bad key!": ${KEY_NAME_MSG}`,
      "spec.nodeSelector: Invalid value: \"fast ssd\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it("checks the shape of affinity terms", () => {
    expect(
      admit(
        pod({
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In" }, { key: "gpu", operator: "Exists", values: ["x"] }] }] },
              preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: "zone", operator: "Near", values: ["a"] }] } }],
            },
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }] },
            podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: "zone", labelSelector: { matchExpressions: [{ key: "app", operator: "In" }] } } }] },
          },
        }),
      ),
    ).toEqual([
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100",
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
      "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
    expect(admit(pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }))).toEqual([
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term",
    ]);
  });

  it("checks names the spec refers to", () => {
    expect(admit(pod({ serviceAccountName: "Builder", nodeName: "node_1", hostname: "a.b" }))).toEqual([
      "spec.serviceAccountName: Invalid value: \"Builder\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.nodeName: Invalid value: \"node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.hostname: Invalid value: "a.b": must not contain dots',
    ]);
    expect(admit(pod({ activeDeadlineSeconds: 0 }))).toEqual(["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"]);
  });

  it("checks topology spread constraints", () => {
    expect(admit(pod({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: "zone", whenUnsatisfiable: "Whatever" }] }))).toEqual([
      "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Whatever": supported values: "DoNotSchedule", "ScheduleAnyway"',
    ]);
  });

  it("refuses ephemeral containers on create", () => {
    expect(admit(pod({ ephemeralContainers: [{ name: "debug", image: "busybox" }] }))).toEqual(["spec.ephemeralContainers: Forbidden: cannot be set on create"]);
  });
});
