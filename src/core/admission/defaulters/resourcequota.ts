import type { KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";

/**
 * A new ResourceQuota starts without status (the strategy's PrepareForCreate): `hard`
 * and `used` are the quota controller's to fill, and what a manifest carried is dropped.
 */
export function defaultResourceQuota(obj: KubeObject, ctx: DefaultingContext): void {
  if (!ctx.old) delete obj.status;
}
