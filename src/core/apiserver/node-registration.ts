import type { KubeObject } from "../api/object.js";
import type { Clock } from "../engine/clock.js";
import { nodeObject } from "../nodes/node-object.js";
import type { Store } from "../store.js";
import type { AdmissionPlugin } from "./admission.js";

/**
 * A Node applied from a manifest has no kubelet to report its status. kdeck registers
 * it as a simulated kubelet would: default capacity, a free pod CIDR, addresses and a
 * Ready condition, keeping whatever the manifest did say.
 */
export function nodeRegistration(store: Store, clock: Clock): AdmissionPlugin {
  return {
    name: "NodeRegistration",
    mutate(obj, kind, old) {
      if (kind.kind !== "Node" || old) return obj;
      const used = new Set(store.list("nodes").map((n) => (n.spec as { podCIDR?: string } | undefined)?.podCIDR));
      let index = 0;
      while (used.has(`10.244.${index}.0/24`)) index++;
      const registered = nodeObject({ name: obj.metadata.name ?? "" }, index, clock.now());
      const status = (obj.status ?? {}) as Record<string, unknown>;
      const regStatus = registered.status as Record<string, unknown>;
      const spec = (obj.spec ?? {}) as Record<string, unknown>;
      const regSpec = registered.spec as Record<string, unknown>;
      const out: KubeObject = {
        ...obj,
        metadata: { ...obj.metadata, labels: { ...registered.metadata.labels, ...obj.metadata.labels } },
        spec: { ...regSpec, ...spec, ...(spec.taints ? {} : { taints: undefined }) },
        status: { ...regStatus, ...status },
      };
      if ((out.spec as { taints?: unknown }).taints === undefined) delete (out.spec as { taints?: unknown }).taints;
      return out;
    },
  };
}
