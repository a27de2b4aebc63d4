/** `kubectl describe poddisruptionbudget` (describePodDisruptionBudgetV1). */
import type { Event } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { formatLabelSelector, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, LEVEL_2, PrefixWriter } from "./prefix-writer.js";

/**
 * Name, namespace, the budget's figure (Min available, else Max unavailable), the
 * selector (`<unset>` without one), then Status: allowed disruptions and the current,
 * desired and total pod counts, and the budget's events.
 */
export function describePodDisruptionBudget(pdb: PodDisruptionBudget, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pdb.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${pdb.metadata?.namespace ?? ""}\n`);
  const spec = pdb.spec ?? {};
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.write(LEVEL_0, `Min available:\t${String(spec.minAvailable)}\n`);
  else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.write(LEVEL_0, `Max unavailable:\t${String(spec.maxUnavailable)}\n`);
  if (spec.selector) w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  else w.write(LEVEL_0, "Selector:\t<unset>\n");
  const status = pdb.status;
  w.write(LEVEL_0, "Status:\n");
  w.write(LEVEL_2, `Allowed disruptions:\t${status?.disruptionsAllowed ?? 0}\n`);
  w.write(LEVEL_2, `Current:\t${status?.currentHealthy ?? 0}\n`);
  w.write(LEVEL_2, `Desired:\t${status?.desiredHealthy ?? 0}\n`);
  w.write(LEVEL_2, `Total:\t${status?.expectedPods ?? 0}\n`);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
