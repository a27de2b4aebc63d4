/** `kubectl describe resourcequota`, and the quota summary of `describe namespace`. */
import type { ResourceQuota, ResourceQuotaSpec } from "kubernetes-types/core/v1";
import { canonicalQuantity, formatAmount, parseAmount, wholeAmount, wholeValue } from "./quantity.js";
import { LEVEL_0, LEVEL_1, PrefixWriter } from "./prefix-writer.js";

/** What kubectl says each scope matches. */
function helpTextForScope(scope: string): string {
  switch (scope) {
    case "Terminating":
      return "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.";
    case "NotTerminating":
      return "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.";
    case "BestEffort":
      return "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.";
    case "NotBestEffort":
      return "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.";
    default:
      return "";
  }
}

function writeScopes(w: PrefixWriter, level: number, spec: ResourceQuotaSpec | undefined, bullet: string): void {
  const scopes = [...(spec?.scopes ?? [])].sort();
  if (scopes.length === 0) return;
  w.write(level, `Scopes:\t${scopes.join(", ")}\n`);
  for (const scope of scopes) {
    const help = helpTextForScope(scope);
    if (help) w.write(level, `${bullet}${help}\n`);
  }
}

/**
 * Name, namespace, scopes with their meaning, then `Resource Used Hard` for every
 * resource of `status.hard`, sorted. A used value written in another format than its
 * hard limit is shown as a whole number in the limit's format, as kubectl does.
 */
export function describeResourceQuota(rq: ResourceQuota): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rq.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${rq.metadata?.namespace ?? ""}\n`);
  writeScopes(w, LEVEL_0, rq.spec, " * ");
  w.write(LEVEL_0, "Resource\tUsed\tHard\n");
  w.write(LEVEL_0, "--------\t----\t----\n");
  const hard = rq.status?.hard ?? {};
  const used = rq.status?.used ?? {};
  for (const name of Object.keys(hard).sort()) {
    const h = parseAmount(hard[name]);
    let u = parseAmount(used[name] ?? "0");
    if (u.format !== h.format) u = wholeAmount(wholeValue(u), h.format);
    w.write(LEVEL_0, `${name}\t${formatAmount(u)}\t${formatAmount(h)}\n`);
  }
  return w.toString();
}

/** DescribeResourceQuotas: the `Resource Quotas` block of `describe namespace`. */
export function writeResourceQuotas(w: PrefixWriter, quotas: readonly ResourceQuota[]): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, "No resource quota.\n");
    return;
  }
  w.write(LEVEL_0, "Resource Quotas\n");
  const sorted = [...quotas].sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1));
  for (const q of sorted) {
    w.write(LEVEL_1, `Name:\t${q.metadata?.name ?? ""}\n`);
    writeScopes(w, LEVEL_1, q.spec, "* ");
    w.write(LEVEL_1, "Resource\tUsed\tHard\n");
    w.write(LEVEL_1, "--------\t---\t---\n");
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    for (const name of Object.keys(hard).sort()) w.write(LEVEL_1, `${name}\t${canonicalQuantity(used[name] ?? "0")}\t${canonicalQuantity(hard[name])}\n`);
  }
}
