/** `kubectl describe priorityclass`. */
import type { Event } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { formatLabels } from "../../core/printers/workload-cells.js";
import type { DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, PrefixWriter } from "./prefix-writer.js";

/** Name, value, whether it is the global default, its preemption policy and description, annotations on one line. */
export function describePriorityClass(pc: PriorityClass, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pc.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Value:\t${pc.value ?? 0}\n`);
  w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
  w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ""}\n`);
  w.write(LEVEL_0, `Description:\t${pc.description ?? ""}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata?.annotations)}\n`);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
