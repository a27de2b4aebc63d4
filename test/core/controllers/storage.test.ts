import type { Event, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { printTable } from "../../../src/core/printers/table.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

const claim = (c: TestCluster, name: string) => asKind<PersistentVolumeClaim>(c.api.get("persistentvolumeclaims", "default", name));
const volume = (c: TestCluster, name: string) => asKind<PersistentVolume>(c.api.get("persistentvolumes", "", name));
const pod = (c: TestCluster, name: string) => asKind<Pod>(c.api.get("pods", "default", name));

function events(c: TestCluster, name: string): string[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.name === name)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}

function table(c: TestCluster, kind: string, objects: KubeObject[]): string[][] {
  const t = printTable(kind, objects, { now: c.clock.now() });
  return [t.columns.map((col) => col.name.toUpperCase()), ...t.rows.map((r) => r.cells)];
}

function podWithClaim(name: string, claimName: string): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  containers:
  - name: app
    image: nginx:1.27
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: ${claimName} }
`;
}

function claimYaml(name: string, size: string, extra = ""): string {
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: ${name} }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: ${size} } }
${extra}`;
}

function hostPathPV(name: string, size: string, opts: { cls?: string; policy?: string; modes?: string; path?: string } = {}): string {
  return `apiVersion: v1
kind: PersistentVolume
metadata: { name: ${name}, labels: { type: local } }
spec:
  storageClassName: ${opts.cls ?? "manual"}
  capacity: { storage: ${size} }
  accessModes: [${opts.modes ?? "ReadWriteOnce"}]
  persistentVolumeReclaimPolicy: ${opts.policy ?? "Retain"}
  hostPath: { path: ${opts.path ?? `/mnt/${name}`} }
`;
}

describe("StorageClass, dynamic provisioning and WaitForFirstConsumer", () => {
  it("a new cluster has kind's default StorageClass", () => {
    const c = createTestCluster();
    expect(table(c, "StorageClass", c.api.list("storageclasses.storage.k8s.io"))).toEqual([
      ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
      ["standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", "false", "0s"],
    ]);
    c.close();
  });

  it("a claim of the default class waits for its first consumer; the pod stays Pending until the volume is provisioned on its node", () => {
    const c = createTestCluster();
    c.applyYaml(claimYaml("data", "1Gi"));
    expect(claim(c, "data").spec?.storageClassName).toBe("standard");
    expect(claim(c, "data").metadata?.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
    expect(claim(c, "data").status?.phase).toBe("Pending");
    expect(events(c, "data")).toEqual(["Normal WaitForFirstConsumer waiting for first consumer to be created before binding"]);
    expect(c.api.list("persistentvolumes")).toEqual([]);

    c.applyYaml(podWithClaim("app", "data"));
    const selected = claim(c, "data").metadata?.annotations?.["volume.kubernetes.io/selected-node"];
    expect(selected).toMatch(/^kdeck-worker-\d$/);
    expect(pod(c, "app").spec?.nodeName).toBeUndefined();
    expect(pod(c, "app").status?.phase).toBe("Pending");
    c.advance(1_000);
    expect(pod(c, "app").spec?.nodeName).toBeUndefined();

    c.advance(2_000);
    const uid = claim(c, "data").metadata!.uid!;
    const pv = volume(c, `pvc-${uid}`);
    expect(pv.spec).toMatchObject({
      accessModes: ["ReadWriteOnce"],
      capacity: { storage: "1Gi" },
      claimRef: { kind: "PersistentVolumeClaim", namespace: "default", name: "data", uid },
      persistentVolumeReclaimPolicy: "Delete",
      storageClassName: "standard",
      volumeMode: "Filesystem",
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [selected] }] }] } },
    });
    expect(pv.metadata?.annotations?.["pv.kubernetes.io/provisioned-by"]).toBe("rancher.io/local-path");
    expect(pv.status?.phase).toBe("Bound");
    expect(claim(c, "data").status).toMatchObject({ phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "1Gi" } });
    expect(claim(c, "data").spec?.volumeName).toBe(`pvc-${uid}`);
    expect(claim(c, "data").metadata?.annotations).toMatchObject({ "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" });
    expect(pod(c, "app").spec?.nodeName).toBe(selected);
    c.advance(10_000);
    expect(pod(c, "app").status?.phase).toBe("Running");
    expect(events(c, "data")).toEqual([
      "Normal WaitForFirstConsumer waiting for first consumer to be created before binding",
      "Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Normal Provisioning External provisioner is provisioning volume for claim "default/data"',
      `Normal ProvisioningSucceeded Successfully provisioned volume pvc-${uid}`,
    ]);
    expect(table(c, "PersistentVolumeClaim", [c.api.get("persistentvolumeclaims", "default", "data")])).toEqual([
      ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE", "VOLUMEMODE"],
      ["data", "Bound", `pvc-${uid}`, "1Gi", "RWO", "standard", "<unset>", "13s", "Filesystem"],
    ]);
    expect(table(c, "PersistentVolume", [c.api.get("persistentvolumes", "", `pvc-${uid}`)])[1]).toEqual([
      `pvc-${uid}`, "1Gi", "RWO", "Delete", "Bound", "default/data", "standard", "<unset>", "", "11s", "Filesystem",
    ]);

    // Deleting the claim in use waits for the pod; then the dynamically provisioned volume goes with it.
    c.api.delete("persistentvolumeclaims", "default", "data");
    c.settle();
    expect(claim(c, "data").metadata?.deletionTimestamp).toBeDefined();
    expect(table(c, "PersistentVolumeClaim", [c.api.get("persistentvolumeclaims", "default", "data")])[1]![1]).toBe("Terminating");
    c.api.delete("pods", "default", "app");
    c.advance(40_000);
    expect(c.api.tryGet("pods", "default", "app")).toBeUndefined();
    expect(c.api.tryGet("persistentvolumeclaims", "default", "data")).toBeUndefined();
    expect(c.api.tryGet("persistentvolumes", "", `pvc-${uid}`)).toBeUndefined();
    c.close();
  });

  it("local-path refuses claims it cannot serve, as kind's provisioner does", () => {
    const c = createTestCluster();
    c.applyYaml(claimYaml("shared", "1Gi").replace("ReadWriteOnce", "ReadWriteMany") + "---\n" + podWithClaim("app", "shared"));
    c.advance(5_000);
    expect(events(c, "shared")).toContain('Warning ProvisioningFailed failed to provision volume with StorageClass "standard": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes');
    expect(claim(c, "shared").status?.phase).toBe("Pending");
    expect(pod(c, "app").spec?.nodeName).toBeUndefined();
    c.close();
  });
});

describe("the scheduler sees a pod's claims", () => {
  it("a missing claim and an unbound Immediate claim keep the pod Pending with the scheduler's message", () => {
    const c = createTestCluster();
    c.applyYaml(podWithClaim("orphan", "nope"));
    const scheduled = (name: string) => pod(c, name).status?.conditions?.find((x) => x.type === "PodScheduled");
    expect(scheduled("orphan")).toMatchObject({ status: "False", reason: "Unschedulable", message: '0/4 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..' });

    c.applyYaml(claimYaml("static", "2Gi", '  storageClassName: ""\n') + "---\n" + podWithClaim("app", "static"));
    expect(events(c, "static")).toContain("Normal FailedBinding no persistent volumes available for this claim and no storage class is set");
    expect(scheduled("app")).toMatchObject({ status: "False", message: "0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.." });

    // A volume that fits appears: the claim binds, and the pod is scheduled.
    c.applyYaml(hostPathPV("pv-5g", "5Gi", { cls: '""' }));
    expect(claim(c, "static").status?.phase).toBe("Bound");
    expect(claim(c, "static").spec?.volumeName).toBe("pv-5g");
    expect(pod(c, "app").spec?.nodeName).toBeDefined();
    c.close();
  });
});

describe("local volumes with WaitForFirstConsumer", () => {
  it("the scheduler binds the local volume on the node it picks; without one, no node fits", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: local-storage }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: local-w2 }
spec:
  capacity: { storage: 10Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local-storage
  local: { path: /mnt/disks/ssd1 }
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [kdeck-worker-2] }]
---
${claimYaml("fast", "5Gi", "  storageClassName: local-storage\n")}---
${podWithClaim("app", "fast")}---
${claimYaml("fast2", "5Gi", "  storageClassName: local-storage\n")}---
${podWithClaim("app2", "fast2")}`);
    expect(claim(c, "fast").status?.phase).toBe("Bound");
    expect(claim(c, "fast").spec?.volumeName).toBe("local-w2");
    expect(pod(c, "app").spec?.nodeName).toBe("kdeck-worker-2");
    expect(pod(c, "app2").status?.conditions?.find((x) => x.type === "PodScheduled")?.message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't find available persistent volumes to bind." +
        " preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..",
    );
    expect(events(c, "fast2")).toContain("Normal WaitForPodScheduled waiting for pod app2 to be scheduled");
    c.close();
  });
});

describe("static binding and reclaim policies", () => {
  it("binds the smallest volume of the class that has the capacity and access modes", () => {
    const c = createTestCluster();
    c.applyYaml(
      [
        hostPathPV("pv-1g", "1Gi"),
        hostPathPV("pv-10g", "10Gi"),
        hostPathPV("pv-5g", "5Gi"),
        hostPathPV("pv-5g-rox", "5Gi", { modes: "ReadOnlyMany" }),
        hostPathPV("pv-4g-other", "4Gi", { cls: "fast" }),
      ].join("---\n"),
    );
    expect(c.api.list("persistentvolumes").map((v) => asKind<PersistentVolume>(v).status?.phase)).toEqual(["Available", "Available", "Available", "Available", "Available"]);
    c.applyYaml(claimYaml("want-3g", "3Gi", "  storageClassName: manual\n"));
    expect(claim(c, "want-3g").spec?.volumeName).toBe("pv-5g");
    expect(claim(c, "want-3g").status).toMatchObject({ phase: "Bound", capacity: { storage: "5Gi" } });
    expect(volume(c, "pv-5g").status?.phase).toBe("Bound");
    expect(volume(c, "pv-5g").spec?.claimRef).toMatchObject({ namespace: "default", name: "want-3g", uid: claim(c, "want-3g").metadata?.uid });
    expect(table(c, "PersistentVolume", [c.api.get("persistentvolumes", "", "pv-5g")])[1]!.slice(0, 9)).toEqual([
      "pv-5g", "5Gi", "RWO", "Retain", "Bound", "default/want-3g", "manual", "<unset>", "",
    ]);
    c.applyYaml(claimYaml("want-20g", "20Gi", "  storageClassName: manual\n"));
    expect(claim(c, "want-20g").status?.phase).toBe("Pending");
    c.close();
  });

  it("Retain keeps a Released volume; Delete of a static hostPath outside /tmp fails; a claim whose volume vanished is Lost", () => {
    const c = createTestCluster();
    c.applyYaml([hostPathPV("keep", "1Gi"), hostPathPV("drop", "2Gi", { policy: "Delete", path: "/mnt/data" }), claimYaml("a", "1Gi", "  storageClassName: manual\n")].join("---\n"));
    c.applyYaml(claimYaml("b", "2Gi", "  storageClassName: manual\n"));
    expect(claim(c, "a").spec?.volumeName).toBe("keep");
    expect(claim(c, "b").spec?.volumeName).toBe("drop");
    c.api.delete("persistentvolumeclaims", "default", "a");
    c.api.delete("persistentvolumeclaims", "default", "b");
    c.settle();
    expect(volume(c, "keep").status?.phase).toBe("Released");
    expect(volume(c, "keep").spec?.claimRef?.name).toBe("a");
    expect(volume(c, "drop").status).toMatchObject({ phase: "Failed", message: "host_path deleter only supports /tmp/.+ but received provided /mnt/data" });
    expect(events(c, "drop")).toEqual(["Warning VolumeFailedDelete host_path deleter only supports /tmp/.+ but received provided /mnt/data"]);
    // A released volume does not bind again until its claimRef is cleared.
    c.applyYaml(claimYaml("again", "1Gi", "  storageClassName: manual\n"));
    expect(claim(c, "again").status?.phase).toBe("Pending");

    // Lost: the bound volume is removed behind the claim's back.
    c.applyYaml(hostPathPV("gone", "1Gi", { cls: "lost" }) + "---\n" + claimYaml("orphaned", "1Gi", "  storageClassName: lost\n"));
    expect(claim(c, "orphaned").status?.phase).toBe("Bound");
    c.api.delete("persistentvolumes", "", "gone");
    c.settle();
    expect(volume(c, "gone").metadata?.deletionTimestamp).toBeDefined(); // pv-protection: still bound
    const pv = c.api.get("persistentvolumes", "", "gone");
    c.api.update({ ...pv, metadata: { ...pv.metadata, finalizers: [] } });
    c.settle();
    expect(claim(c, "orphaned").status?.phase).toBe("Lost");
    expect(events(c, "orphaned")).toContain("Warning ClaimLost Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    c.close();
  });

  it("validates claims, volumes and classes with Kubernetes' messages", () => {
    const c = createTestCluster();
    const refuse = (obj: KubeObject) => {
      try {
        c.api.create(obj);
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(refuse({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "x", namespace: "default" }, spec: { resources: { requests: { storage: "1Gi" } } } })).toBe(
      'PersistentVolumeClaim "x" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
    );
    expect(refuse({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "x", namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"] } })).toBe(
      'PersistentVolumeClaim "x" is invalid: spec.resources[storage]: Required value',
    );
    expect(refuse({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "x" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] } })).toBe(
      'PersistentVolume "x" is invalid: spec: Required value: must specify a volume type',
    );
    expect(refuse({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "x" }, provisioner: "p.io/x", volumeBindingMode: "Later" })).toBe(
      'StorageClass.storage.k8s.io "x" is invalid: volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    );
    c.applyYaml(claimYaml("fixed", "1Gi", "  storageClassName: manual\n"));
    const pvc = c.api.get("persistentvolumeclaims", "default", "fixed");
    expect(() => c.api.update({ ...pvc, spec: { ...(pvc.spec as object), accessModes: ["ReadWriteMany"] } })).toThrow(
      'PersistentVolumeClaim "fixed" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    );
    c.close();
  });
});
