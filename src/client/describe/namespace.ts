/** `kubectl describe namespace`. */
import type { Event, LimitRange, Namespace, ResourceQuota } from "kubernetes-types/core/v1";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type DescribeContext } from "./common.js";
import { writeLimitRanges } from "./limitrange.js";
import { LEVEL_0, LEVEL_1, PrefixWriter } from "./prefix-writer.js";
import { writeResourceQuotas } from "./resourcequota.js";

/**
 * Name, labels, annotations, status and conditions, then the namespace's quotas and
 * limit ranges (`No resource quota.`, `No LimitRange resource.` when it has none).
 * kubectl prints no events for a namespace; `_events` is accepted so every describer
 * takes the same arguments.
 */
export function describeNamespace(
  ns: Namespace,
  _events: readonly Event[],
  _ctx: DescribeContext,
  policy: { quotas?: readonly ResourceQuota[]; limitRanges?: readonly LimitRange[] } = {},
): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ""}\n`);
  printLabelsMultiline(w, "Labels", ns.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", ns.metadata?.annotations);
  // The API server sets Active on create.
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? "Active"}\n`);
  if ((ns.status?.conditions ?? []).length > 0) {
    w.write(LEVEL_0, "Conditions:\n");
    w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
    w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
    for (const c of ns.status!.conditions!) {
      w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
    }
  }
  w.write(LEVEL_0, "\n");
  writeResourceQuotas(w, policy.quotas ?? []);
  w.write(LEVEL_0, "\n");
  writeLimitRanges(w, policy.limitRanges ?? []);
  return w.toString();
}
