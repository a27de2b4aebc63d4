import type { Command } from "commander";
import type { Cluster, NodeMetrics, PodMetrics } from "../client/cluster.js";
import { ApiError } from "../client/errors.js";
import { asKind } from "../client/kinds.js";
import { GET_TABWRITER, TabWriter } from "../client/output/tabwriter.js";
import type { Node } from "../client/types.js";
import { acceptBoolValues } from "./bool-flags.js";
import { globalsOf, println, withCluster, type CommandContext, type GlobalOptions } from "./context.js";

/** `top pod`'s flags, as commander hands them over. */
interface TopPodFlags {
  selector?: string;
  fieldSelector?: string;
  sortBy?: string;
  containers?: boolean;
  allNamespaces?: boolean;
  /** False with --no-headers. */
  headers?: boolean;
  sum?: boolean;
}

/** `top node`'s flags. */
interface TopNodeFlags {
  selector?: string;
  sortBy?: string;
  headers?: boolean;
  showCapacity?: boolean;
}

/** kubectl's metrics pipeline delay: a pod younger than this may have no metrics yet. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

/** `kdeck top pod|node`: simulated CPU and memory use, in `kubectl top`'s columns. */
export function registerTop(program: Command, ctx: CommandContext): void {
  const top = program
    .command("top")
    .summary("Display resource (CPU/memory) usage")
    .description("Display resource (CPU/memory) usage of pods or nodes, from the simulated containers' usage.")
    .usage("(pod | node) [NAME | -l label] [flags]")
    .argument("[resource]")
    .action((resource: string | undefined, _opts: unknown, cmd: Command) => {
      if (resource !== undefined) cmd.error(`error: unknown command "${resource}" for "kdeck top"`, { code: "commander.unknownCommand", exitCode: 2 });
      cmd.outputHelp();
    });

  const pod = top
    .command("pod")
    .aliases(["pods", "po"])
    .summary("Display resource (CPU/memory) usage of pods")
    .description("Display resource (CPU/memory) usage of pods. Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.")
    .usage("[NAME | -l label] [flags]")
    .argument("[name]", "the pod to show")
    .option("-l, --selector <selector>", "selector (label query) to filter on")
    .option("--field-selector <selector>", "selector (field query) to filter on, e.g. --field-selector spec.nodeName=kdeck-worker-1")
    .option("--sort-by <field>", "sort the pods by cpu or memory")
    .option("--containers", "print usage of containers within a pod")
    .option("-A, --all-namespaces", "list the requested object(s) across all namespaces")
    .option("--no-headers", "print output without headers")
    .option("--sum", "print the sum of the resource usage")
    .action(async (name: string | undefined, flags: TopPodFlags, cmd: Command) => {
      if (flags.sortBy !== undefined && flags.sortBy !== "cpu" && flags.sortBy !== "memory") throw new Error("--sort-by accepts only cpu or memory");
      if (name !== undefined && (flags.selector || flags.fieldSelector)) throw new Error("only one of NAME or selector can be provided");
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => topPods(ctx, cluster, globals, name, flags));
    });
  acceptBoolValues(pod);

  const node = top
    .command("node")
    .aliases(["nodes", "no"])
    .summary("Display resource (CPU/memory) usage of nodes")
    .description("Display resource (CPU/memory) usage of nodes, as a share of what they can allocate.")
    .usage("[NAME | -l label] [flags]")
    .argument("[name]", "the node to show")
    .option("-l, --selector <selector>", "selector (label query) to filter on")
    .option("--sort-by <field>", "sort the nodes by cpu or memory")
    .option("--no-headers", "print output without headers")
    .option("--show-capacity", "print node resources based on capacity instead of allocatable")
    .action(async (name: string | undefined, flags: TopNodeFlags, cmd: Command) => {
      if (flags.sortBy !== undefined && flags.sortBy !== "cpu" && flags.sortBy !== "memory") throw new Error("--sort-by accepts only cpu or memory");
      if (name !== undefined && flags.selector) throw new Error("only one of NAME or --selector can be provided");
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => topNodes(ctx, cluster, name, flags));
    });
  acceptBoolValues(node);

  for (const sub of [pod, node]) {
    sub.helpOption("-h, --help", `help for ${sub.name()}`);
    sub.showHelpAfterError(`See 'kdeck top ${sub.name()} --help' for usage.`);
  }
}

function topPods(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, name: string | undefined, flags: TopPodFlags): void {
  const all = flags.allNamespaces === true;
  let metrics = cluster.podMetrics(all ? {} : { namespace: globals.namespace });
  if (name !== undefined) {
    metrics = metrics.filter((m) => m.name === name);
    if (metrics.length === 0) throw new ApiError("NotFound", `podmetrics.metrics.k8s.io "${name}" not found`);
  } else if (flags.selector || flags.fieldSelector) {
    const picked = new Set(podsInScope(cluster, globals.namespace, all, flags).map((p) => `${p.namespace}/${p.name}`));
    metrics = metrics.filter((m) => picked.has(`${m.namespace}/${m.name}`));
  }
  if (metrics.length === 0) {
    explainNoMetrics(cluster, globals.namespace, all, flags);
    println(ctx.io.stderr, all ? "No resources found" : `No resources found in ${globals.namespace} namespace.`);
    return;
  }
  ctx.io.stdout.write(formatPodMetrics(metrics, { containers: flags.containers === true, withNamespace: all, noHeaders: flags.headers === false, sortBy: flags.sortBy, sum: flags.sum === true }));
}

function podsInScope(cluster: Cluster, namespace: string, all: boolean, flags: TopPodFlags): { namespace: string; name: string; created: number }[] {
  return cluster
    .list("pods", { ...(all ? {} : { namespace }), ...(flags.selector ? { labelSelector: flags.selector } : {}), ...(flags.fieldSelector ? { fieldSelector: flags.fieldSelector } : {}) })
    .map((p) => ({ namespace: p.metadata.namespace ?? "", name: p.metadata.name ?? "", created: Date.parse(p.metadata.creationTimestamp ?? "") || 0 }));
}

/**
 * kubectl's `verifyEmptyMetrics`: no metrics for pods that exist is "not yet" while they
 * are young, and an error naming the first old one otherwise. No pods at all is fine.
 */
function explainNoMetrics(cluster: Cluster, namespace: string, all: boolean, flags: TopPodFlags): void {
  const pods = podsInScope(cluster, namespace, all, flags);
  if (pods.length === 0) return;
  const now = cluster.now();
  for (const p of pods) {
    const age = now - p.created;
    if (age > METRICS_CREATION_DELAY_MS) throw new Error(`Metrics not available for pod ${p.namespace}/${p.name}, age: ${goDuration(age)}`);
  }
  throw new Error("metrics not available yet");
}

/** How `top pod` lays its rows out. */
export interface PodMetricsLayout {
  containers: boolean;
  withNamespace: boolean;
  noHeaders: boolean;
  sortBy?: string | undefined;
  sum: boolean;
}

/**
 * kubectl's `TopCmdPrinter.PrintPodMetrics`: NAME, CPU(cores), MEMORY(bytes) (POD first
 * with --containers, NAMESPACE first with -A); every cell tab-terminated, so that, as
 * in kubectl, the last column is padded too.
 */
export function formatPodMetrics(metrics: readonly PodMetrics[], layout: PodMetricsLayout): string {
  const tw = new TabWriter(GET_TABWRITER);
  const cells = (values: string[]): void => tw.write(values.map((v) => `${v}\t`).join("") + "\n");
  let columnWidth = 3;
  if (!layout.noHeaders) {
    const head: string[] = [];
    if (layout.withNamespace) {
      head.push("NAMESPACE");
      columnWidth++;
    }
    if (layout.containers) {
      head.push("POD");
      columnWidth++;
    }
    cells([...head, "NAME", "CPU(cores)", "MEMORY(bytes)"]);
  }
  const rows = [...metrics].map((m) => ({ m, cpu: sum(m.containers.map((c) => cpuMilli(c.cpuMillis))), memory: sum(m.containers.map((c) => c.memoryBytes)) }));
  rows.sort((a, b) => {
    if (layout.sortBy === "cpu") return b.cpu - a.cpu;
    if (layout.sortBy === "memory") return b.memory - a.memory;
    if (layout.withNamespace && a.m.namespace !== b.m.namespace) return a.m.namespace < b.m.namespace ? -1 : 1;
    return a.m.name < b.m.name ? -1 : a.m.name > b.m.name ? 1 : 0;
  });
  for (const { m, cpu, memory } of rows) {
    const ns = layout.withNamespace ? [m.namespace] : [];
    if (!layout.containers) {
      cells([...ns, m.name, formatCpu(cpu), formatMemory(memory)]);
      continue;
    }
    const containers = [...m.containers].sort((a, b) => {
      if (layout.sortBy === "cpu") return cpuMilli(b.cpuMillis) - cpuMilli(a.cpuMillis);
      if (layout.sortBy === "memory") return b.memoryBytes - a.memoryBytes;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    for (const c of containers) cells([...ns, m.name, c.name, formatCpu(cpuMilli(c.cpuMillis)), formatMemory(c.memoryBytes)]);
  }
  if (layout.sum) {
    // kubectl's printPodResourcesSum, including its counting of columns only when headers print.
    const cpu = sum(rows.map((r) => r.cpu));
    const memory = sum(rows.map((r) => r.memory));
    cells([...Array<string>(Math.max(0, columnWidth - 2)).fill(""), "________", "________"]);
    cells([...Array<string>(Math.max(0, columnWidth - 3)).fill(""), "", formatCpu(cpu), formatMemory(memory)]);
  }
  return tw.toString();
}

function topNodes(ctx: CommandContext, cluster: Cluster, name: string | undefined, flags: TopNodeFlags): void {
  let metrics = cluster.nodeMetrics();
  let nodes: Node[];
  if (name !== undefined) {
    metrics = metrics.filter((m) => m.name === name);
    if (metrics.length === 0) throw new ApiError("NotFound", `nodemetrics.metrics.k8s.io "${name}" not found`);
    nodes = [asKind<Node>(cluster.get("nodes", "", name))];
  } else {
    nodes = cluster.list("nodes", flags.selector ? { labelSelector: flags.selector } : {}).map((n) => asKind<Node>(n));
    const names = new Set(nodes.map((n) => n.metadata?.name ?? ""));
    metrics = metrics.filter((m) => names.has(m.name));
  }
  if (metrics.length === 0) throw new Error("metrics not available yet");
  const available = new Map(nodes.map((n) => [n.metadata?.name ?? "", flags.showCapacity ? n.status?.capacity : n.status?.allocatable]));
  ctx.io.stdout.write(formatNodeMetrics(metrics, available, { noHeaders: flags.headers === false, sortBy: flags.sortBy }));
}

/** What a node can give, as `status.allocatable` (or `capacity`) lists it. */
export type NodeResources = Record<string, string> | undefined;

/**
 * kubectl's `TopCmdPrinter.PrintNodeMetrics`: usage and its share of what the node can
 * allocate (percent truncated), then `<unknown>` rows for nodes without metrics.
 */
export function formatNodeMetrics(metrics: readonly NodeMetrics[], available: Map<string, NodeResources>, layout: { noHeaders: boolean; sortBy?: string | undefined }): string {
  const tw = new TabWriter(GET_TABWRITER);
  const cells = (values: string[]): void => tw.write(values.map((v) => `${v}\t`).join("") + "\n");
  if (!layout.noHeaders) cells(["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]);
  const sorted = [...metrics].sort((a, b) => {
    if (layout.sortBy === "cpu") return cpuMilli(b.cpuMillis) - cpuMilli(a.cpuMillis);
    if (layout.sortBy === "memory") return b.memoryBytes - a.memoryBytes;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  const left = new Map(available);
  for (const m of sorted) {
    const res = left.get(m.name);
    const cpu = cpuMilli(m.cpuMillis);
    const row = [m.name, formatCpu(cpu)];
    const cpuAvailable = res ? milliOf(res["cpu"], true) : undefined;
    if (res) row.push(percent(cpu, cpuAvailable ?? 0));
    row.push(formatMemory(m.memoryBytes));
    if (res) row.push(percent(m.memoryBytes, milliOf(res["memory"], false) ?? 0));
    cells(row);
    left.delete(m.name);
  }
  for (const nodeName of left.keys()) cells([nodeName, "<unknown>", "<unknown>", "<unknown>", "<unknown>"]);
  return tw.toString();
}

/** Quantity.MilliValue() rounds up. */
function cpuMilli(millis: number): number {
  return Math.ceil(millis);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** `250m`: CPU always in millicores. */
export function formatCpu(millis: number): string {
  return `${millis}m`;
}

/** `128Mi`: memory always in whole mebibytes, rounded down. */
export function formatMemory(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))}Mi`;
}

function percent(used: number, available: number): string {
  return `${available === 0 ? 0 : Math.trunc((used / available) * 100)}%`;
}

/** A ResourceList value in the unit usage is counted in: millicores for CPU, bytes for memory. */
function milliOf(q: string | undefined, cpu: boolean): number | undefined {
  if (q === undefined) return undefined;
  const m = /^([0-9]*\.?[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return undefined;
  const factor: Record<string, number> = { "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  const value = Number(m[1]) * factor[m[2] ?? ""]!;
  return cpu ? Math.ceil(value * 1000) : Math.ceil(value);
}

/** Go's `time.Duration.String()`: `2m3.5s`, `1h0m0s`, `500ms`. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 0) return "-" + goDuration(-ms);
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, "");
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
