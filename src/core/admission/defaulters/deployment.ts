import type { Deployment } from "kubernetes-types/apps/v1";
import { asKind, type KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";
import { defaultPodTemplate, dropStatusOnCreate, isObject } from "./pod-template.js";

/**
 * SetDefaults_Deployment (apps/v1): one replica, RollingUpdate with 25% max unavailable
 * and 25% max surge, ten old ReplicaSets kept, a 600 s progress deadline, and the pod
 * template's PodSpec defaults.
 */
export function defaultDeployment(obj: KubeObject, ctx: DefaultingContext): void {
  const d = asKind<Deployment>(obj);
  if (!isRecord(d.spec)) d.spec = {} as Deployment["spec"];
  const spec = d.spec!;
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (!isObject(spec.strategy)) spec.strategy = {};
  const strategy = spec.strategy;
  strategy.type ||= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    if (!isObject(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    strategy.rollingUpdate.maxUnavailable ??= "25%";
    strategy.rollingUpdate.maxSurge ??= "25%";
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) spec.progressDeadlineSeconds = 600;
  spec.template = defaultPodTemplate(spec.template);
  dropStatusOnCreate(obj, !ctx.old);
}
