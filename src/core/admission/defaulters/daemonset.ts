import type { DaemonSet } from "kubernetes-types/apps/v1";
import { asKind, type KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";
import { semanticEqual } from "../semantic-equal.js";
import { defaultPodTemplate, dropStatusOnCreate, isObject } from "./pod-template.js";

const TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

/**
 * SetDefaults_DaemonSet (apps/v1): RollingUpdate with max unavailable 1 and max surge 0,
 * ten revisions kept, and the pod template's PodSpec defaults.
 */
export function defaultDaemonSet(obj: KubeObject, ctx: DefaultingContext): void {
  const ds = asKind<DaemonSet>(obj);
  if (!isRecord(ds.spec)) ds.spec = {} as DaemonSet["spec"];
  const spec = ds.spec!;
  if (!isObject(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy;
  strategy.type ||= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    if (!isObject(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    strategy.rollingUpdate.maxUnavailable ??= 1;
    strategy.rollingUpdate.maxSurge ??= 0;
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  spec.template = defaultPodTemplate(spec.template);
  dropStatusOnCreate(obj, !ctx.old);
  // The API server counts template changes in templateGeneration, kept in apps/v1 as an annotation.
  const old = ctx.old ? asKind<DaemonSet>(ctx.old) : undefined;
  const oldGeneration = Number(old?.metadata?.annotations?.[TEMPLATE_GENERATION] ?? 0) || 0;
  const generation = !old ? 1 : semanticEqual(old.spec?.template, spec.template) ? oldGeneration || 1 : oldGeneration + 1;
  ds.metadata = { ...ds.metadata, annotations: { ...(ds.metadata?.annotations ?? {}), [TEMPLATE_GENERATION]: String(generation) } };
}
