import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { Status, type PreFilterResult } from "../../../../src/core/scheduler/interface.js";
import { newNodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { VolumeBinding, type VolumeListers } from "../../../../src/core/scheduler/plugins/volume-binding.js";

function listers(claims: PersistentVolumeClaim[], volumes: PersistentVolume[] = [], classes: StorageClass[] = []): VolumeListers {
  return {
    claim: (ns, name) => claims.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    volume: (name) => volumes.find((v) => v.metadata?.name === name),
    volumes: () => volumes,
    storageClass: (name) => classes.find((c) => c.metadata?.name === name),
  };
}

function pod(...claims: string[]): Pod {
  return {
    metadata: { name: "p", namespace: "default" },
    spec: { containers: [{ name: "c" }], volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })) },
  };
}

function claim(name: string, cls: string, bound?: string): PersistentVolumeClaim {
  return {
    metadata: { name, namespace: "default", uid: `uid-${name}` },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: cls, ...(bound ? { volumeName: bound } : {}) },
    status: { phase: bound ? "Bound" : "Pending" },
  };
}

const node = (name: string): Node => ({ metadata: { name, labels: { "kubernetes.io/hostname": name } }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } });
const wffc: StorageClass = { metadata: { name: "local" }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "WaitForFirstConsumer" };

function preFilter(plugin: VolumeBinding, p: Pod): { state: CycleState; result: Status | PreFilterResult | null } {
  const state = new CycleState();
  return { state, result: plugin.preFilter(state, p) };
}

describe("VolumeBinding", () => {
  it("skips pods without claims and rejects missing or unbound Immediate claims", () => {
    expect(preFilter(new VolumeBinding(listers([])), pod()).result).toBe(Status.skip);
    const missing = preFilter(new VolumeBinding(listers([])), pod("data")).result as Status;
    expect([missing.code, missing.message()]).toEqual(["UnschedulableAndUnresolvable", 'persistentvolumeclaim "data" not found']);
    const unbound = preFilter(new VolumeBinding(listers([claim("data", "")])), pod("data")).result as Status;
    expect(unbound.message()).toBe("pod has unbound immediate PersistentVolumeClaims");
  });

  it("filters nodes by a bound volume's node affinity and by where a delayed claim can bind", () => {
    const pinned: PersistentVolume = {
      metadata: { name: "pv-a" },
      spec: {
        capacity: { storage: "5Gi" },
        accessModes: ["ReadWriteOnce"],
        storageClassName: "local",
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["a"] }] }] } },
      },
      status: { phase: "Available" },
    };
    const plugin = new VolumeBinding(listers([claim("data", "local")], [pinned], [wffc]));
    const { state, result } = preFilter(plugin, pod("data"));
    expect(result).toBeNull();
    expect(plugin.filter(state, pod("data"), newNodeInfo(node("a")))).toBeNull();
    expect(plugin.filter(state, pod("data"), newNodeInfo(node("b")))?.message()).toBe("node(s) didn't find available persistent volumes to bind");

    const bound = new VolumeBinding(listers([claim("data", "local", "pv-a")], [{ ...pinned, status: { phase: "Bound" } }], [wffc]));
    const s2 = preFilter(bound, pod("data")).state;
    expect(bound.filter(s2, pod("data"), newNodeInfo(node("b")))?.message()).toBe("node(s) had volume node affinity conflict");
  });
});
