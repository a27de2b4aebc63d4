import type { Namespace, NamespaceSpec, NamespaceStatus } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord, listOf } from "../validators/values.js";

/**
 * A Namespace as Kubernetes stores it: the `kubernetes.io/metadata.name` label naming
 * it, phase Active, and on create the `kubernetes` finalizer that makes deletion wait
 * for the namespace's contents to go.
 */
export function defaultNamespace(obj: KubeObject, ctx: DefaultingContext): void {
  const ns = asKind<Namespace>(obj) as { metadata: Namespace["metadata"] & object; spec?: NamespaceSpec; status?: NamespaceStatus };
  const name = ns.metadata?.name;
  if (name) ns.metadata.labels = { ...(isRecord(ns.metadata.labels) ? ns.metadata.labels : {}), "kubernetes.io/metadata.name": name };
  if (!ctx.old) {
    const spec: NamespaceSpec = isRecord(ns.spec) ? ns.spec : {};
    const finalizers = listOf(spec.finalizers);
    if (!finalizers.includes("kubernetes")) spec.finalizers = [...finalizers, "kubernetes"];
    ns.spec = spec;
  }
  const status: NamespaceStatus = isRecord(ns.status) ? ns.status : {};
  status.phase ||= "Active";
  ns.status = status;
}
