/**
 * Scripted traffic for a workload: `sim.kdeck.dev/load` on a Deployment, StatefulSet,
 * ReplicaSet or ReplicationController is the CPU its requests cost in total, shared
 * evenly by its Ready pods, as a Service spreads traffic. Scaling out lowers each pod's
 * share, which is what makes a HorizontalPodAutoscaler settle.
 *
 * The value is a schedule in the syntax of `sim.kdeck.dev/cpu` (`900m`,
 * `300m, 1800m after 2m, 300m after 12m`, `300m, 2 over 5m`) whose times count from the
 * workload's creation. Each pod's share goes to its first container;
 * `sim.kdeck.dev/load.<container>` puts it on another.
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import type { KubeObject } from "../api/object.js";
import { kindForObject, RegistryError, resourceOf } from "../api/registry.js";
import type { Api } from "../apiserver/types.js";
import { parseTime } from "../engine/clock.js";
import { cpuMillis, parseSchedule, scheduleAt, SIM_PREFIX, type Schedule } from "./sim-annotations.js";

export const LOAD_ANNOTATION = `${SIM_PREFIX}load`;

/** What a workload's load script says, and for which container. */
interface LoadSource {
  uid: string;
  schedule: Schedule;
  /** The container that does the work; undefined for the pod's first. */
  container: string | undefined;
  createdAt: number;
}

/** A pod's share of its workload's load at one scrape. */
export interface LoadShare {
  container: string;
  cpuMillis: number;
}

/** How far up the controller chain a load may be (pod → ReplicaSet → Deployment). */
const MAX_DEPTH = 3;

function loadOf(obj: KubeObject): LoadSource | undefined {
  const annotations = obj.metadata.annotations ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (key !== LOAD_ANNOTATION && !key.startsWith(`${LOAD_ANNOTATION}.`)) continue;
    const schedule = parseSchedule(value, cpuMillis);
    if (!schedule) continue;
    return {
      uid: obj.metadata.uid ?? "",
      schedule,
      container: key === LOAD_ANNOTATION ? undefined : key.slice(LOAD_ANNOTATION.length + 1),
      createdAt: parseTime(obj.metadata.creationTimestamp),
    };
  }
  return undefined;
}

function controllerOf(obj: { metadata?: { ownerReferences?: readonly OwnerReference[] } }): OwnerReference | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

function isServing(pod: Pod): boolean {
  if (pod.status?.phase !== "Running" || pod.metadata?.deletionTimestamp) return false;
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/**
 * Resolves pods' shares of their workloads' load at one scrape time. Built for one
 * metrics request: it caches owners and counts each namespace's Ready pods once.
 */
export class LoadShares {
  private readonly owners = new Map<string, KubeObject | null>();
  private readonly sources = new Map<string, LoadSource | null>();
  private readonly serving = new Map<string, Map<string, number>>();

  constructor(
    private readonly api: Api,
    private readonly at: number,
  ) {}

  /** The pod's share now, or undefined when no workload above it scripts a load or it is not Ready. */
  shareFor(pod: Pod): LoadShare | undefined {
    if (!isServing(pod)) return undefined;
    const source = this.sourceOf(pod);
    if (!source) return undefined;
    const ready = this.servingCount(pod.metadata?.namespace ?? "", source.uid);
    if (ready === 0) return undefined;
    const total = scheduleAt(source.schedule, Math.max(0, this.at - source.createdAt));
    const container = source.container ?? pod.spec?.containers?.[0]?.name ?? "";
    return { container, cpuMillis: total / ready };
  }

  /** The top-most controller above the pod that carries a load script. */
  private sourceOf(pod: Pod): LoadSource | undefined {
    const key = pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    const cached = this.sources.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found: LoadSource | undefined;
    let ref = controllerOf(pod);
    const ns = pod.metadata?.namespace ?? "";
    for (let depth = 0; ref && depth < MAX_DEPTH; depth++) {
      const owner = this.owner(ns, ref);
      if (!owner) break;
      found = loadOf(owner) ?? found;
      ref = controllerOf(owner);
    }
    this.sources.set(key, found ?? null);
    return found;
  }

  private owner(namespace: string, ref: OwnerReference): KubeObject | undefined {
    const key = `${namespace}/${ref.uid}`;
    if (this.owners.has(key)) return this.owners.get(key) ?? undefined;
    let obj: KubeObject | undefined;
    try {
      obj = this.api.tryGet(resourceOf(kindForObject(ref.apiVersion, ref.kind)), namespace, ref.name);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
    }
    if (obj && obj.metadata.uid !== ref.uid) obj = undefined;
    this.owners.set(key, obj ?? null);
    return obj;
  }

  /** Ready pods in the namespace whose load comes from `uid`. */
  private servingCount(namespace: string, uid: string): number {
    let counts = this.serving.get(namespace);
    if (!counts) {
      counts = new Map();
      for (const obj of this.api.list("pods", { namespace })) {
        const pod = obj as unknown as Pod;
        if (!isServing(pod)) continue;
        const source = this.sourceOf(pod);
        if (source) counts.set(source.uid, (counts.get(source.uid) ?? 0) + 1);
      }
      this.serving.set(namespace, counts);
    }
    return counts.get(uid) ?? 0;
  }
}
