/**
 * The Priority admission plugin (plugin/pkg/admission/priority), the system classes
 * kube-apiserver keeps in every cluster, and the rule that they cannot be deleted.
 */
import type { Pod, PodSpec } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { ApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import {
  DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS,
  defaultPriorityClass,
  PREEMPT_LOWER_PRIORITY,
  PRIORITY_CLASSES,
  SYSTEM_PRIORITY_CLASSES,
  systemPriorityClass,
} from "../api/priority.js";
import { resourceOf, type KindInfo } from "../api/registry.js";
import type { Store } from "../store.js";
import type { AdmissionPlugin } from "./admission.js";
import type { Api } from "./types.js";

/** What a pod's class resolves to. */
interface Resolved {
  /** The class name to store: the global default's when the pod named none. */
  className: string;
  priority: number;
  preemptionPolicy: string;
}

/**
 * `admission.NewForbidden`: `pods "x" is forbidden: …`. Before the name is generated
 * Kubernetes names the object by its generateName, and so does kdeck (which generates
 * it before admission).
 */
function forbidden(kind: KindInfo, obj: KubeObject, message: string): ApiError {
  const meta = obj.metadata;
  const generated = meta.generateName && meta.name?.startsWith(meta.generateName) && meta.name.length === meta.generateName.length + 5;
  const name = generated ? meta.generateName : (meta.name ?? meta.generateName ?? "Unknown");
  return new ApiError("Forbidden", `${resourceOf(kind)} "${name}" is forbidden: ${message}`);
}

function classes(store: Store): PriorityClass[] {
  return store.list(PRIORITY_CLASSES).map((o) => asKind<PriorityClass>(o));
}

/**
 * The class a new pod runs at: the one it names (a system class resolves even in a
 * cluster whose stored copy is missing, as kube-apiserver recreates those on start), or
 * the global default, or priority 0.
 */
function resolve(store: Store, kind: KindInfo, obj: KubeObject, name: string): Resolved {
  if (!name) {
    const dpc = defaultPriorityClass(classes(store));
    if (dpc === undefined) return { className: "", priority: DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS, preemptionPolicy: PREEMPT_LOWER_PRIORITY };
    return { className: dpc.metadata?.name ?? "", priority: dpc.value ?? 0, preemptionPolicy: dpc.preemptionPolicy ?? PREEMPT_LOWER_PRIORITY };
  }
  const stored = store.get(PRIORITY_CLASSES, "", name);
  if (stored) {
    const pc = asKind<PriorityClass>(stored);
    return { className: name, priority: pc.value ?? 0, preemptionPolicy: pc.preemptionPolicy ?? PREEMPT_LOWER_PRIORITY };
  }
  const system = systemPriorityClass(name);
  if (system) return { className: name, priority: system.value, preemptionPolicy: PREEMPT_LOWER_PRIORITY };
  throw forbidden(kind, obj, `no PriorityClass with name ${name} was found`);
}

/**
 * A new pod gets `spec.priority` and `spec.preemptionPolicy` from its class; a pod that
 * states either differently is refused, as Kubernetes refuses it.
 */
function admitPod(store: Store, kind: KindInfo, obj: KubeObject): KubeObject {
  if (obj.spec === null || typeof obj.spec !== "object") return obj;
  const spec = asKind<Pod>(obj).spec as PodSpec;
  const named = typeof spec.priorityClassName === "string" ? spec.priorityClassName : "";
  const r = resolve(store, kind, obj, named);
  if (typeof spec.priority === "number" && spec.priority !== r.priority) {
    throw forbidden(
      kind,
      obj,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${r.priority} from the given PriorityClass name`,
    );
  }
  if (typeof spec.preemptionPolicy === "string" && spec.preemptionPolicy !== r.preemptionPolicy) {
    throw forbidden(
      kind,
      obj,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${r.preemptionPolicy} from the given PriorityClass name`,
    );
  }
  const next: PodSpec = { ...spec, priority: r.priority, preemptionPolicy: r.preemptionPolicy };
  if (r.className) next.priorityClassName = r.className;
  return { ...obj, spec: next };
}

/** Only one class may be the global default. */
function validatePriorityClass(store: Store, kind: KindInfo, obj: KubeObject, old: KubeObject | undefined): void {
  const pc = asKind<PriorityClass>(obj);
  if (pc.globalDefault !== true) return;
  const dpc = defaultPriorityClass(classes(store));
  if (dpc === undefined) return;
  if (old === undefined || dpc.metadata?.name !== pc.metadata?.name) {
    throw forbidden(kind, obj, `PriorityClass ${dpc.metadata?.name ?? ""} is already marked as default. Only one default can exist`);
  }
}

/**
 * The Priority admission plugin. It runs before defaulting: it must see whether the
 * client itself set `spec.priority`, which defaulting would otherwise fill in.
 */
export function priorityAdmission(store: Store): AdmissionPlugin {
  return {
    name: "Priority",
    mutate(obj, kind, old) {
      if (old || kind.group !== "" || kind.kind !== "Pod") return obj;
      return admitPod(store, kind, obj);
    },
    validate(obj, kind, old) {
      if (kind.group === "scheduling.k8s.io" && kind.kind === "PriorityClass") validatePriorityClass(store, kind, obj, old);
      return [];
    },
  };
}

/** The system classes cannot be deleted (the PriorityClass registry's Delete). */
export function checkPriorityClassDeletion(kind: KindInfo, name: string): void {
  if (kind.group !== "scheduling.k8s.io" || kind.kind !== "PriorityClass" || !systemPriorityClass(name)) return;
  throw new ApiError("Forbidden", `${resourceOf(kind)} "${name}" is forbidden: this is a system priority class and cannot be deleted`);
}

/** Creates `system-node-critical` and `system-cluster-critical` where they are missing, as kube-apiserver does on start. */
export function bootstrapPriorityClasses(api: Api): void {
  for (const spc of SYSTEM_PRIORITY_CLASSES) {
    if (api.tryGet(PRIORITY_CLASSES, "", spc.name)) continue;
    api.create({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: spc.name }, value: spc.value, description: spc.description });
  }
}
