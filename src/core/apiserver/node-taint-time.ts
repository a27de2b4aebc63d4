import type { Node, Taint } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { rfc3339, type Clock } from "../engine/clock.js";
import type { AdmissionPlugin } from "./admission.js";

/**
 * Stamps `timeAdded` on a Node's NoExecute taints that arrive without one (`kubectl
 * taint` sends none), keeping the time of a taint that was already there. The taint
 * eviction controller counts tolerationSeconds from it, so that an eviction happens at
 * the same virtual time whichever kdeck process runs the engine and however often it
 * restarted (a real kube-controller-manager counts from when it saw the taint, in
 * memory). Other effects are left as they are.
 */
export function nodeTaintTimeAdded(clock: Clock): AdmissionPlugin {
  return {
    name: "NodeTaintTimeAdded",
    mutate(obj, kind, old) {
      if (kind.kind !== "Node" || kind.group !== "") return obj;
      const taints = asKind<Node>(obj).spec?.taints;
      if (!taints?.some((t) => t.effect === "NoExecute" && !t.timeAdded)) return obj;
      const before = old ? (asKind<Node>(old).spec?.taints ?? []) : [];
      const now = rfc3339(clock.now());
      const stamped = taints.map((t): Taint => {
        if (t.effect !== "NoExecute" || t.timeAdded) return t;
        const prior = before.find((b) => b.key === t.key && b.effect === t.effect)?.timeAdded;
        return { ...t, timeAdded: prior ?? now };
      });
      return { ...obj, spec: { ...(obj.spec as object), taints: stamped } } as KubeObject;
    },
  };
}
