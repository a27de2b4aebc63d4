import type { Cluster, KubeObject } from "../client/cluster.js";
import { asKind, resolveResourceArg, resourceOf, type KindInfo } from "../client/kinds.js";
import type { Container, ContainerStatus, Pod } from "../client/types.js";
import { labelSelectorText } from "../client/labels.js";

/**
 * What `logs` and `exec` (and the console) aim at when the user names `POD`,
 * `pod/NAME` or `TYPE/NAME`: kubectl's polymorphic helpers (`LogsForObject`,
 * `AttachablePodForObject`, `SelectorsForObject`) over kdeck's registry of kinds.
 */

/** A `POD` or `TYPE/NAME` argument, resolved through the registry. */
export interface TargetRef {
  kind: KindInfo;
  name: string;
}

/** How a verb ranks a workload's pods to pick one: `logs` prefers the busiest, `exec` the most settled. */
export type PodOrder = "logging" | "attach";

/** The kubectl annotation that names the container verbs default to. */
export const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

/** `nginx` and `pod/nginx` name pods; `deploy/web`, `job/pi`, `sts/db` name workloads. */
export function parseTarget(arg: string): TargetRef {
  const i = arg.indexOf("/");
  if (i < 0) return { kind: resolveResourceArg("pods"), name: arg };
  const type = arg.slice(0, i);
  const name = arg.slice(i + 1);
  if (!type || !name || name.includes("/")) throw new Error("arguments in resource/name form must have a single resource and name");
  return { kind: resolveResourceArg(type), name };
}

/** True when the target is a pod itself rather than something that selects pods. */
export function isPodTarget(ref: TargetRef): boolean {
  return ref.kind.kind === "Pod" && ref.kind.group === "";
}

/** Go's `%T` of the typed object kubectl would hold: `*v1.Node`, `*v1.Deployment`. */
export function goTypeOf(kind: Pick<KindInfo, "kind" | "version">): string {
  return `*${kind.version}.${kind.kind}`;
}

/** A `spec.selector` read from JSON: matchLabels and matchExpressions, as `metav1.LabelSelector`. */
interface LabelSelectorShape {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === "string") out[k] = val;
  return out;
}

/** `a=b,c=d` with keys sorted, as `labels.SelectorFromSet(...).String()` prints a map. */
function setSelector(set: Record<string, string>): string {
  return Object.keys(set)
    .sort()
    .map((k) => `${k}=${set[k]}`)
    .join(",");
}

/**
 * `metav1.LabelSelectorAsSelector(...).String()`: requirements sorted by key, values
 * sorted inside `in`/`notin`. `undefined` selects nothing (a nil selector), `{}` everything.
 */
export function labelSelectorString(sel: LabelSelectorShape | undefined): string | undefined {
  if (sel === undefined) return undefined;
  try {
    return labelSelectorText(sel);
  } catch (e) {
    throw new Error(`invalid label selector: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Kinds whose `spec.selector` is a `metav1.LabelSelector` that picks their pods. */
const LABEL_SELECTOR_KINDS = new Set(["apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "apps/DaemonSet", "batch/Job"]);

/**
 * kubectl's `SelectorsForObject`: the label selector an object picks its pods with,
 * or kubectl's error for kinds that have none. `undefined` selects no pod at all.
 */
export function podSelectorOf(obj: KubeObject, kind: KindInfo): string | undefined {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  const key = `${kind.group}/${kind.kind}`;
  if (LABEL_SELECTOR_KINDS.has(key)) {
    const sel = spec["selector"];
    return labelSelectorString(isRecord(sel) ? (sel as LabelSelectorShape) : undefined);
  }
  if (key === "/ReplicationController") return setSelector(stringMap(spec["selector"]));
  if (key === "/Service") {
    const set = stringMap(spec["selector"]);
    if (Object.keys(set).length === 0) throw new Error(`invalid service '${obj.metadata.name ?? ""}': Service is defined without a selector`);
    return setSelector(set);
  }
  throw new Error(`selector for ${goTypeOf(kind)} not implemented`);
}

/** The pods an object selects, in its namespace, in the API's order (by name). */
export function selectedPods(cluster: Cluster, obj: KubeObject, kind: KindInfo): Pod[] {
  const selector = podSelectorOf(obj, kind);
  if (selector === undefined) return [];
  const namespace = obj.metadata.namespace ?? "";
  return cluster.list("pods", { namespace, ...(selector ? { labelSelector: selector } : {}) }).map((p) => asKind<Pod>(p));
}

/**
 * The pods behind `TYPE/NAME`, best first for `order`, waiting up to `timeoutMs`
 * (`--pod-running-timeout`, virtual) for one to appear as kubectl's `GetPodList` does.
 * A pod argument is that pod alone. Errors are kubectl's: NotFound from the API,
 * `cannot get the logs from *v1.Node: …` or `cannot attach to …` for kinds without pods.
 */
export async function podsForTarget(cluster: Cluster, namespace: string, ref: TargetRef, order: PodOrder, timeoutMs: number): Promise<Pod[]> {
  const ns = ref.kind.namespaced ? namespace : "";
  const obj = cluster.get(resourceOf(ref.kind), ns, ref.name);
  if (isPodTarget(ref)) return [asKind<Pod>(obj)];
  let pods: Pod[];
  try {
    pods = selectedPods(cluster, obj, ref.kind);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(order === "logging" ? `cannot get the logs from ${goTypeOf(ref.kind)}: ${why}` : `cannot attach to ${goTypeOf(ref.kind)}: ${why}`, { cause: e });
  }
  if (pods.length === 0) {
    await cluster.waitFor(() => selectedPods(cluster, obj, ref.kind).length > 0, timeoutMs);
    pods = selectedPods(cluster, obj, ref.kind);
    if (pods.length === 0) throw new Error("timed out waiting for the condition");
  }
  return sortPods(pods, order);
}

/** `pods` sorted best first: `podutils.ByLogging` for logs, reversed `podutils.ActivePods` for exec and attach. */
export function sortPods(pods: readonly Pod[], order: PodOrder): Pod[] {
  const cmp = order === "logging" ? (a: Pod, b: Pod) => lessToCompare(loggingLess, a, b) : (a: Pod, b: Pod) => lessToCompare(activeLess, b, a);
  return [...pods].sort(cmp);
}

function lessToCompare(less: (a: Pod, b: Pod) => boolean, a: Pod, b: Pod): number {
  if (less(a, b)) return -1;
  if (less(b, a)) return 1;
  return 0;
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** When the pod became ready; 0 for never (Go's zero time). */
function readyTime(pod: Pod): number {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === "Ready" && x.status === "True");
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

function created(pod: Pod): number {
  return pod.metadata?.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : 0;
}

/** Go's `afterOrZero`: t1 after t2, a zero time counting as after any other. */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/** `podutils.ByLogging.Less`: assigned, running, ready, ready longest, most restarts, oldest. */
function loggingLess(a: Pod, b: Pod): boolean {
  const na = a.spec?.nodeName ?? "";
  const nb = b.spec?.nodeName ?? "";
  if (na !== nb && (na === "" || nb === "")) return na !== "";
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const pa = rank[a.status?.phase ?? ""] ?? 0;
  const pb = rank[b.status?.phase ?? ""] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isReady(a) !== isReady(b)) return isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  if (created(a) !== created(b)) return afterOrZero(created(b), created(a));
  return false;
}

/** `podutils.ActivePods.Less`: unassigned, pending, not ready, ready shortest, most restarts, newest. */
function activeLess(a: Pod, b: Pod): boolean {
  const na = a.spec?.nodeName ?? "";
  const nb = b.spec?.nodeName ?? "";
  if (na !== nb && (na === "" || nb === "")) return na === "";
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const pa = rank[a.status?.phase ?? ""] ?? 0;
  const pb = rank[b.status?.phase ?? ""] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isReady(a) !== isReady(b)) return !isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  if (created(a) !== created(b)) return afterOrZero(created(a), created(b));
  return false;
}

/** Every container of a pod, in kubectl's `FindContainerByName` order: init, regular, ephemeral. */
export function podContainers(pod: Pod): Container[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...((pod.spec?.ephemeralContainers ?? []) as Container[])];
}

/** A container's status, whichever list (regular, init, ephemeral) it is in. */
export function findContainerStatus(pod: Pod, container: string): ContainerStatus | undefined {
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  return all.find((s) => s.name === container);
}

export function hasContainer(pod: Pod, name: string): boolean {
  return podContainers(pod).some((c) => c.name === name);
}

/** kubectl's `podcmd.AllContainerNames`: the list in the "Defaulted container" note. */
export function allContainerNames(pod: Pod): string {
  return [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(", ");
}

/** The container a verb defaults to, and what kubectl says on stderr about it. */
export interface DefaultedContainer {
  name: string;
  /** Lines kubectl prints to stderr (none when the choice is unambiguous). */
  notes: string[];
}

/**
 * The container kubectl picks when none is named: the `kubectl.kubernetes.io/default-container`
 * annotation's (logs says so when it names no container), else the first, with
 * `Defaulted container "x" out of: …` when the pod has others.
 */
export function defaultContainer(pod: Pod, opts: { quiet?: boolean; reportBadAnnotation?: boolean } = {}): DefaultedContainer {
  const notes: string[] = [];
  const podName = pod.metadata?.name ?? "";
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 0) throw new Error(`pod ${pod.metadata?.namespace ?? ""}/${podName} does not have any containers`);
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated) {
    if (hasContainer(pod, annotated)) return { name: annotated, notes };
    if (opts.reportBadAnnotation) notes.push(`Default container name "${annotated}" not found in pod ${podName}`);
  }
  const first = containers[0]!.name;
  const others = containers.length > 1 || (pod.spec?.initContainers?.length ?? 0) > 0 || (pod.spec?.ephemeralContainers?.length ?? 0) > 0;
  if (others && !opts.quiet) notes.push(`Defaulted container "${first}" out of: ${allContainerNames(pod)}`);
  return { name: first, notes };
}
