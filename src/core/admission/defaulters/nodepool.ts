import { DEFAULT_POOL_CAPACITY, DEFAULT_PROVISIONING_DELAY } from "../../api/nodepool.js";
import type { KubeObject } from "../../api/object.js";
import { ZONES } from "../../nodes/node-object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";

/**
 * A NodePool's defaults: a provisioning delay of 1m0s, the bootstrap workers' shape
 * (4 CPUs, 16Gi, 110 pods) for whatever the template's capacity leaves out, written as
 * quantity strings, and the first zone. As a registry strategy's PrepareForCreate, a
 * new pool starts without status: the pool controller writes it.
 */
export function defaultNodePool(obj: KubeObject, ctx: DefaultingContext): void {
  if (!ctx.old) delete obj.status;
  if (!isRecord(obj.spec)) return;
  const spec = obj.spec;
  if (spec.provisioningDelay === undefined || spec.provisioningDelay === null || spec.provisioningDelay === "") spec.provisioningDelay = DEFAULT_PROVISIONING_DELAY;
  if (spec.template === undefined || spec.template === null) spec.template = {};
  if (!isRecord(spec.template)) return;
  const template = spec.template;
  if (template.zone === undefined || template.zone === null || template.zone === "") template.zone = ZONES[0];
  if (template.capacity === undefined || template.capacity === null) template.capacity = {};
  if (!isRecord(template.capacity)) return;
  const capacity = template.capacity;
  for (const [name, value] of Object.entries(capacity)) if (typeof value === "number") capacity[name] = String(value);
  for (const [name, value] of Object.entries(DEFAULT_POOL_CAPACITY)) if (capacity[name] === undefined || capacity[name] === null) capacity[name] = value;
}
