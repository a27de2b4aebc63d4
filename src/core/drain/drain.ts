/**
 * The drain service: what `kubectl drain` does (staging/src/k8s.io/kubectl/pkg/drain and
 * pkg/cmd/drain), as one engine-side routine that the CLI and the console both run.
 * It cordons every node first, then for each node lists its pods, refuses with
 * kubectl's reasons (bare pods without --force, DaemonSet pods without
 * --ignore-daemonsets, emptyDir data without --delete-emptydir-data), evicts the rest
 * through the Eviction subresource (so PodDisruptionBudgets hold) retrying refusals
 * every 5 s, waits for each pod to be gone, and reports `node/x drained` — or the
 * kubectl summary of what is left. Progress is a stream of typed lines.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import { ApiError, isApiError } from "../api/errors.js";
import { asKind } from "../api/object.js";
import { deletePods, evictPods, type DrainError, type EvictContext } from "./evict-pods.js";
import { deletablePods, deleteErrors, deleteWarnings, podsForDeletion } from "./filters.js";
import type { DrainApi, DrainClock, DrainEvent, DrainHandle, DrainOptions, DrainResult, DrainTarget } from "./types.js";

/** The name printer's suffix for a dry run (`node/x cordoned (dry run)`). */
function dryRunSuffix(opts: DrainOptions): string {
  return opts.dryRun === "client" ? " (dry run)" : opts.dryRun === "server" ? " (server dry run)" : "";
}

/** utilerrors.Aggregate's Error(): one message as it is, several deduplicated in brackets. */
export function aggregateText(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

function errorText(err: DrainError): string {
  return err.aggregate ? aggregateText(err.messages) : err.messages[0] ?? "";
}

/**
 * cmdutil.CheckErr's rendering of the drain's final error: an aggregate prints one
 * message a line (an aggregate of one is unwrapped first), a plain error as `error: …`.
 */
export function finalErrorLines(fatal: readonly DrainError[]): string[] {
  if (fatal.length === 0) return [];
  if (fatal.length > 1) return fatal.map(errorText);
  const only = fatal[0]!;
  return only.aggregate ? only.messages : [`error: ${only.messages[0] ?? ""}`];
}

/** The nodes a target names, looked up before anything changes (a missing one stops the drain). */
function resolveNodes(api: DrainApi, target: DrainTarget): Node[] {
  if ("selector" in target) return api.list("nodes", { labelSelector: target.selector }).map((n) => asKind<Node>(n));
  const seen = new Set<string>();
  const nodes: Node[] = [];
  for (const name of target.nodes) {
    if (seen.has(name)) continue;
    seen.add(name);
    const node = api.tryGet("nodes", "", name);
    if (!node) throw ApiError.notFound("nodes", name);
    nodes.push(asKind<Node>(node));
  }
  return nodes;
}

/**
 * Starts draining. Node lookups happen before the first change, so a missing node
 * rejects `done` with the API's NotFound and leaves every node as it was.
 */
export function startDrain(api: DrainApi, clock: DrainClock, target: DrainTarget, opts: DrainOptions, onEvent: (e: DrainEvent) => void): DrainHandle {
  let cancelled = false;
  const done = Promise.resolve().then(() => runDrain(api, clock, target, opts, onEvent, () => cancelled));
  return {
    done,
    cancel: () => {
      cancelled = true;
    },
  };
}

async function runDrain(
  api: DrainApi,
  clock: DrainClock,
  target: DrainTarget,
  opts: DrainOptions,
  onEvent: (e: DrainEvent) => void,
  isCancelled: () => boolean,
): Promise<DrainResult> {
  const nodes = resolveNodes(api, target);
  const suffix = dryRunSuffix(opts);
  const emit = (kind: DrainEvent["kind"], text: string, stream: DrainEvent["stream"], node?: string, pod?: Pod): void => {
    onEvent({
      kind,
      text,
      stream,
      ...(node !== undefined ? { node } : {}),
      ...(pod ? { pod: { namespace: pod.metadata?.namespace ?? "", name: pod.metadata?.name ?? "" } } : {}),
      at: clock.now(),
    });
  };

  for (const node of nodes) cordon(api, node, opts, suffix, emit);

  const result: DrainResult = { drained: [], pending: [], cancelled: false };
  const fatal: DrainError[] = [];
  for (const node of nodes) {
    const name = node.metadata?.name ?? "";
    if (isCancelled()) break;
    const ctx: EvictContext = { api, clock, opts, node: name, emit: (k, t, s, p) => emit(k, t, s, name, p), cancelled: isCancelled };
    const err = await drainNode(ctx, name);
    if (err === "cancelled") break;
    if (!err) {
      result.drained.push(name);
      emit("drained", `node/${name} drained${suffix}`, "stdout", name);
      continue;
    }
    emit("error", `error: unable to drain node "${name}" due to error: ${errorText(err)}, continuing command...`, "stderr", name);
    result.pending.push(name);
    fatal.push(err);
  }
  if (isCancelled()) return { ...result, cancelled: true };
  if (result.pending.length > 0) {
    emit("error", "There are pending nodes to be drained:", "stderr");
    for (const name of result.pending) emit("error", ` ${name}`, "stderr", name);
  }
  for (const line of finalErrorLines(fatal)) emit("error", line, "stderr");
  return result;
}

/** RunCordonOrUncordon(true): marks the node unschedulable unless it already is. */
function cordon(api: DrainApi, node: Node, opts: DrainOptions, suffix: string, emit: (kind: DrainEvent["kind"], text: string, stream: DrainEvent["stream"], node?: string) => void): void {
  const name = node.metadata?.name ?? "";
  if (node.spec?.unschedulable === true) {
    emit("cordoned", `node/${name} already cordoned${suffix}`, "stdout", name);
    return;
  }
  if (opts.dryRun !== "client") {
    try {
      api.patch("nodes", "", name, { spec: { unschedulable: true } }, "strategic", opts.dryRun === "server" ? { dryRun: true } : {});
    } catch (e) {
      if (!isApiError(e)) throw e;
      emit("error", `error: unable to cordon node "${name}": ${e.message}`, "stderr", name);
      return;
    }
  }
  emit("cordoned", `node/${name} cordoned${suffix}`, "stdout", name);
}

/** deleteOrEvictPodsSimple for one node; undefined when every pod it had to move is gone. */
async function drainNode(ctx: EvictContext, node: string): Promise<DrainError | undefined | "cancelled"> {
  const { api, clock, opts } = ctx;
  const list = podsForDeletion(api, node, opts, clock.now());
  const refusals = deleteErrors(list);
  if (refusals.length > 0) return { messages: refusals, aggregate: true };
  const warnings = deleteWarnings(list);
  if (warnings) ctx.emit("warning", `Warning: ${warnings}`, "stderr");
  const pods = deletablePods(list);
  if (opts.dryRun === "client") {
    for (const pod of pods) ctx.emit("evicting", `evicting pod ${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""} (dry run)`, "stdout", pod);
    return undefined;
  }
  if (pods.length === 0) return undefined;
  const err = opts.disableEviction ? await deletePods(ctx, pods) : await evictPods(ctx, pods);
  if (!err || err === "cancelled") return err;
  // What is still there, as kubectl lists it when a drain fails.
  const pendingList = podsForDeletion(api, node, opts, clock.now());
  const pending = deletablePods(pendingList);
  if (pending.length > 0) {
    ctx.emit(err.timeout ? "timeout" : "error", `There are pending pods in node "${node}" when an error occurred: ${errorText(err)}`, "stderr");
    for (const pod of pending) ctx.emit(err.timeout ? "timeout" : "error", `pod/${pod.metadata?.name ?? ""}`, "stderr", pod);
  }
  const newErrs = deleteErrors(pendingList);
  if (newErrs.length > 0) ctx.emit("error", `Following errors occurred while getting the list of pods to delete:\n${aggregateText(newErrs)}`, "stderr");
  return err;
}

