import type { KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";

/** A Node as Kubernetes defaults it: allocatable equal to capacity when not reported. */
export function defaultNode(obj: KubeObject, _ctx: DefaultingContext): void {
  const status = obj.status;
  if (!isRecord(status)) return;
  if ((status.allocatable === undefined || status.allocatable === null) && isRecord(status.capacity)) {
    status.allocatable = { ...status.capacity };
  }
}
