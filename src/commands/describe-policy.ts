/** What `describe` gathers for the namespace policy kinds: LimitRanges and ResourceQuotas. */
import type { Cluster, KubeObject } from "../client/cluster.js";
import { describeLimitRange, describeResourceQuota } from "../client/describe/index.js";
import { asKind, type KindInfo } from "../client/kinds.js";
import type { LimitRange, ResourceQuota } from "../client/types.js";

/** The describe of a LimitRange or ResourceQuota, or undefined for other kinds. */
export function describePolicy(kind: KindInfo, obj: KubeObject): string | undefined {
  if (kind.group !== "") return undefined;
  if (kind.kind === "LimitRange") return describeLimitRange(asKind<LimitRange>(obj));
  if (kind.kind === "ResourceQuota") return describeResourceQuota(asKind<ResourceQuota>(obj));
  return undefined;
}

/** A namespace's quotas and limit ranges, for `describe namespace`. */
export function namespacePolicy(cluster: Cluster, namespace: string): { quotas: ResourceQuota[]; limitRanges: LimitRange[] } {
  return {
    quotas: cluster.list("resourcequotas", { namespace }).map((o) => asKind<ResourceQuota>(o)),
    limitRanges: cluster.list("limitranges", { namespace }).map((o) => asKind<LimitRange>(o)),
  };
}
