import type { KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { dropStatusOnCreate } from "./pod-template.js";

/** The VPA CRD has no defaults of its own; its status subresource is the recommender's. */
export function defaultVerticalPodAutoscaler(obj: KubeObject, ctx: DefaultingContext): void {
  dropStatusOnCreate(obj, !ctx.old);
}
