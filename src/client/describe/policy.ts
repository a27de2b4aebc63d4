/** What describe gathers for the namespace policy kinds: LimitRanges and ResourceQuotas. */
import type { LimitRange, ResourceQuota } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../../core/api/object.js";
import type { KindInfo } from "../../core/api/registry.js";
import { describeLimitRange } from "./limitrange.js";
import type { DescribeReader } from "./networking-storage.js";
import { describeResourceQuota } from "./resourcequota.js";

/** The describe of a LimitRange or ResourceQuota, or undefined for other kinds. */
export function describePolicy(kind: KindInfo, obj: KubeObject): string | undefined {
  if (kind.group !== "") return undefined;
  if (kind.kind === "LimitRange") return describeLimitRange(asKind<LimitRange>(obj));
  if (kind.kind === "ResourceQuota") return describeResourceQuota(asKind<ResourceQuota>(obj));
  return undefined;
}

/** A namespace's quotas and limit ranges, for `describe namespace`. */
export function namespacePolicy(reader: Pick<DescribeReader, "list">, namespace: string): { quotas: ResourceQuota[]; limitRanges: LimitRange[] } {
  return {
    quotas: reader.list("resourcequotas", { namespace }).map((o) => asKind<ResourceQuota>(o)),
    limitRanges: reader.list("limitranges", { namespace }).map((o) => asKind<LimitRange>(o)),
  };
}
