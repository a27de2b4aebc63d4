import type { Node, Pod } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { objectKey } from "../engine/reconciler.js";

/** An IPv4 range in host order: the first and last address a pod may get. */
interface HostRange {
  first: number;
  last: number;
}

/**
 * Pod IPs per node, as the host-local IPAM plugin hands them out from the node's
 * spec.podCIDR: the lowest free address, never the network address, the bridge's
 * gateway (`.1`) or the broadcast address; free again once the pod has ended.
 *
 * The used addresses are kept in memory, rebuilt from the stored pods on first use:
 * allocating never lists pods.
 */
export class PodIPAllocator {
  private loaded = false;
  /** node → used addresses. */
  private readonly used = new Map<string, Set<number>>();
  /** pod key → its node and address. */
  private readonly byPod = new Map<string, { node: string; ip: number }>();

  constructor(private readonly api: Api) {}

  /**
   * The pod's address, allocating the lowest free one of the node's CIDR when it has
   * none yet. Undefined when the node has no IPv4 pod CIDR or the range is full.
   */
  allocate(podKey: string, node: Node): string | undefined {
    this.load();
    const held = this.byPod.get(podKey);
    if (held) return formatIPv4(held.ip);
    const nodeName = node.metadata?.name ?? "";
    const range = hostRange(node.spec?.podCIDR);
    if (!range) return undefined;
    const used = this.usedOn(nodeName);
    for (let ip = range.first; ip <= range.last; ip++) {
      if (used.has(ip)) continue;
      used.add(ip);
      this.byPod.set(podKey, { node: nodeName, ip });
      return formatIPv4(ip);
    }
    return undefined;
  }

  /** Frees the pod's address, if it holds one. */
  release(podKey: string): void {
    const held = this.byPod.get(podKey);
    if (!held) return;
    this.byPod.delete(podKey);
    this.used.get(held.node)?.delete(held.ip);
  }

  /** The pod's address, if it holds one. */
  ipOf(podKey: string): string | undefined {
    this.load();
    const held = this.byPod.get(podKey);
    return held && formatIPv4(held.ip);
  }

  /** The range the node hands addresses out from, for messages: `10.244.1.2-10.244.1.254`. */
  rangeOf(node: Node): string | undefined {
    const range = hostRange(node.spec?.podCIDR);
    return range && `${formatIPv4(range.first)}-${formatIPv4(range.last)}`;
  }

  private usedOn(nodeName: string): Set<number> {
    let set = this.used.get(nodeName);
    if (!set) {
      set = new Set();
      this.used.set(nodeName, set);
    }
    return set;
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const obj of this.api.list("pods")) {
      const pod = asKind<Pod>(obj);
      const nodeName = pod.spec?.nodeName;
      const ip = parseIPv4(pod.status?.podIP);
      if (!nodeName || ip === undefined || pod.spec?.hostNetwork) continue;
      if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") continue;
      const key = objectKey(pod.metadata?.namespace, pod.metadata?.name ?? "");
      this.usedOn(nodeName).add(ip);
      this.byPod.set(key, { node: nodeName, ip });
    }
  }
}

function hostRange(cidr: string | undefined): HostRange | undefined {
  if (!cidr) return undefined;
  const [addr, bits] = cidr.split("/");
  const base = parseIPv4(addr);
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 30) return undefined;
  const size = 2 ** (32 - prefix);
  const network = base - (base % size);
  return { first: network + 2, last: network + size - 2 };
}

function parseIPv4(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

function formatIPv4(n: number): string {
  return [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 256) % 256, n % 256].join(".");
}
