import type { EndpointPort, EndpointSubset } from "kubernetes-types/core/v1";
import type { EndpointPort as SlicePort } from "kubernetes-types/discovery/v1";
import type { KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { objectsOf } from "../validators/values.js";

/** Endpoints as Kubernetes defaults them: each subset port's protocol TCP. */
export function defaultEndpoints(obj: KubeObject, _ctx: DefaultingContext): void {
  for (const subset of objectsOf(obj.subsets as EndpointSubset[] | undefined)) {
    for (const port of objectsOf(subset.ports) as EndpointPort[]) if (!port.protocol) port.protocol = "TCP";
  }
}

/** An EndpointSlice as Kubernetes defaults it: each port's name `""` and protocol TCP. */
export function defaultEndpointSlice(obj: KubeObject, _ctx: DefaultingContext): void {
  for (const port of objectsOf(obj.ports as SlicePort[] | undefined)) {
    if (port.name === undefined || port.name === null) port.name = "";
    if (!port.protocol) port.protocol = "TCP";
  }
}
