import type { Taint } from "kubernetes-types/core/v1";
import type { KubeObject } from "../api/object.js";
import { rfc3339 } from "../engine/clock.js";

export const KUBELET_VERSION = "v1.33.0";
/** The zones worker nodes are spread over, in turn: worker N is in `ZONES[(N - 1) % 3]`. */
export const ZONES = ["zone-a", "zone-b", "zone-c"] as const;

/** What a node looks like; everything unset takes the defaults. */
export interface NodeShape {
  name: string;
  /** CPU capacity, a quantity (default "4"). */
  cpu?: string;
  /** Memory capacity, a quantity (default "16Gi"). */
  memory?: string;
  /** Pod capacity (default 110). */
  pods?: number;
  /** `topology.kubernetes.io/zone` (and region `kdeck`); omitted: no zone label. */
  zone?: string;
  /** Labels added to the node's own (hostname, os, arch, zone). */
  labels?: Record<string, string>;
  taints?: Taint[];
  controlPlane?: boolean;
}

/**
 * A Ready node object as a registering kubelet would create it. `index` picks its
 * addresses: pod CIDR 10.244.<index>.0/24 and InternalIP 172.18.<hi>.<lo>.
 */
export function nodeObject(shape: NodeShape, index: number, now: number): KubeObject {
  const cpu = shape.cpu ?? "4";
  const memory = shape.memory ?? "16Gi";
  const pods = String(shape.pods ?? 110);
  const labels: Record<string, string> = {
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": shape.name,
    "kubernetes.io/os": "linux",
    ...(shape.zone ? { "topology.kubernetes.io/zone": shape.zone, "topology.kubernetes.io/region": "kdeck" } : {}),
    ...(shape.controlPlane ? { "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" } : {}),
    ...shape.labels,
  };
  const taints = [
    ...(shape.controlPlane ? [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] : []),
    ...(shape.taints ?? []),
  ];
  const ip = `172.18.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}`;
  const t = rfc3339(now);
  const resources = { cpu, memory, pods, "ephemeral-storage": "100Gi", "hugepages-1Gi": "0", "hugepages-2Mi": "0" };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
    reason,
    message,
  });
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: shape.name, labels, annotations: { "node.alpha.kubernetes.io/ttl": "0" } },
    spec: {
      podCIDR: `10.244.${index % 256}.0/24`,
      podCIDRs: [`10.244.${index % 256}.0/24`],
      providerID: `kdeck://${shape.name}`,
      ...(taints.length > 0 ? { taints } : {}),
    },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      addresses: [
        { type: "InternalIP", address: ip },
        { type: "Hostname", address: shape.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: shape.name.replace(/[^a-z0-9]/g, "").padEnd(32, "0").slice(0, 32),
        systemUUID: shape.name,
        bootID: `${shape.name}-boot`,
        kernelVersion: "6.1.0-kdeck",
        osImage: "kdeck simulated node",
        containerRuntimeVersion: "containerd://2.0.3",
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: "",
        operatingSystem: "linux",
        architecture: "amd64",
      },
      images: [],
    },
  };
}
