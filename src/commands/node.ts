/**
 * `kdeck node add|delete|stop|start`: kdeck's own verbs for rehearsing node failure and
 * changes of capacity. `stop` makes a node's simulated kubelet fall silent, as a crashed
 * kubelet or a lost machine does: the node goes NotReady after the node lifecycle
 * controller's grace period, and its pods are evicted once their tolerations run out.
 */
import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { asKind } from "../client/kinds.js";
import { KUBELET_STOPPED_ANNOTATION, kubeletStopped, newWorkerNode, nextWorkerName, NODE_MONITOR_GRACE_PERIOD_MS } from "../client/nodes.js";
import { rfc3339 } from "../client/time.js";
import type { Node, Taint } from "../client/types.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext } from "./context.js";
import { collect, parseIntFlag } from "./flags.js";
import { reportFailure } from "./report.js";
import { parseTaint, TaintSpecError } from "./taint-spec.js";

interface AddOptions {
  cpu?: string;
  memory?: string;
  pods?: number;
  zone?: string;
  labels?: string[];
  taints?: string[];
}

export function registerNode(program: Command, ctx: CommandContext): void {
  const node = program
    .command("node")
    .summary("Add, delete, stop or start the cluster's nodes (kdeck)")
    .description(
      "Add, delete, stop or start the cluster's nodes.\n\n" +
        `A stopped node's kubelet no longer reports: after ${NODE_MONITOR_GRACE_PERIOD_MS / 1000}s the node is NotReady and\n` +
        "tainted node.kubernetes.io/unreachable; its pods are evicted when their toleration runs out\n" +
        "(300s by default) and replaced on other nodes by their controllers. `start` brings the\n" +
        "kubelet back.\n\n" +
        "Examples:\n" +
        "  kdeck node stop kdeck-worker-2\n" +
        "  kdeck advance 6m\n" +
        "  kdeck node start kdeck-worker-2\n" +
        "  kdeck node add --cpu 8 --memory 32Gi --zone zone-b --labels pool=big --taints gpu=true:NoSchedule\n" +
        "  kdeck node delete kdeck-worker-4",
    );

  node
    .command("add")
    .summary("Add a worker node")
    .description("Add a worker node, registered and Ready as a joining kubelet makes it. Without NAME: the next kdeck-worker-N.")
    .argument("[name]", "the node's name")
    .option("--cpu <quantity>", "CPU capacity", "4")
    .option("--memory <quantity>", "memory capacity", "16Gi")
    .option("--pods <count>", "pod capacity", parseIntFlag, 110)
    .option("--zone <zone>", "topology.kubernetes.io/zone (default: the zone worker N gets)")
    .option("--labels <k=v,...>", "extra labels", collect)
    .option("--taints <k=v:Effect,...>", "taints", collect)
    .action(async (name: string | undefined, opts: AddOptions, cmd: Command) => {
      const labels = parseLabels(opts.labels ?? []);
      const taints = parseTaintList(opts.taints ?? []);
      await withCluster(
        ctx,
        globalsOf(cmd),
        (cluster) => {
          const nodeName = name ?? nextWorkerName(cluster.list("nodes").map((n) => n.metadata.name ?? ""));
          const spec = {
            name: nodeName,
            ...(opts.cpu !== undefined ? { cpu: opts.cpu } : {}),
            ...(opts.memory !== undefined ? { memory: opts.memory } : {}),
            ...(opts.pods !== undefined ? { pods: opts.pods } : {}),
            ...(opts.zone !== undefined ? { zone: opts.zone } : {}),
            labels,
            ...(taints.length > 0 ? { taints } : {}),
          };
          cluster.create(newWorkerNode(spec));
          println(ctx.io.stdout, `node/${nodeName} created`);
        },
        { mutating: true },
      );
    });

  node
    .command("delete")
    .summary("Delete nodes")
    .description("Delete nodes. Their pods are garbage-collected 40s later (PodGC) and replaced by their controllers.")
    .argument("<names...>", "node names")
    .action(async (names: string[], _opts: unknown, cmd: Command) => {
      const failed = await withCluster(ctx, globalsOf(cmd), (cluster) => eachNode(ctx, cluster, names, (n) => deleteNode(ctx, cluster, n)), { mutating: true });
      if (failed) throw new ExitStatus(1);
    });

  for (const [verb, stop] of [
    ["stop", true],
    ["start", false],
  ] as const) {
    node
      .command(verb)
      .summary(stop ? "Stop nodes' kubelets (the nodes go NotReady)" : "Start nodes' kubelets again")
      .description(
        stop
          ? `Stop the simulated kubelet of each node: it stops posting status and running pods.\nAfter ${NODE_MONITOR_GRACE_PERIOD_MS / 1000}s the node is NotReady; its pods are evicted when their tolerations\nrun out (300s by default).`
          : "Start the simulated kubelet of each node again: the node becomes Ready, its taints go,\nand pods deleted meanwhile finish terminating.",
      )
      .argument("[names...]", "node names")
      .option("-l, --selector <selector>", "label selector to filter nodes on")
      .action(async (names: string[], opts: { selector?: string }, cmd: Command) => {
        if (names.length === 0 && !opts.selector) throw new UsageError(`USAGE: node ${verb} NODE [flags]`, "node");
        if (names.length > 0 && opts.selector) throw new UsageError("cannot specify both a node name and a selector", "node");
        const failed = await withCluster(
          ctx,
          globalsOf(cmd),
          (cluster) => {
            const targets: (KubeObject | string)[] = opts.selector ? cluster.list("nodes", { labelSelector: opts.selector }) : names;
            if (opts.selector && targets.length === 0) println(ctx.io.stderr, "No resources found");
            return eachNode(ctx, cluster, targets, (n) => setKubelet(ctx, cluster, n, stop));
          },
          { mutating: true },
        );
        if (failed) throw new ExitStatus(1);
      });
  }
  node.helpCommand(false);
  for (const sub of node.commands) sub.helpOption("-h, --help", `help for ${sub.name()}`);
}

/** Runs `fn` on each node (read by name when given one); API failures are printed; returns true when any failed. */
function eachNode(ctx: CommandContext, cluster: Cluster, nodes: readonly (KubeObject | string)[], fn: (node: KubeObject) => void): boolean {
  let failed = false;
  for (const entry of nodes) {
    try {
      fn(typeof entry === "string" ? cluster.get("nodes", "", entry) : entry);
    } catch (e) {
      if (!isApiError(e)) throw e;
      reportFailure(e, ctx.io);
      failed = true;
    }
  }
  return failed;
}

function setKubelet(ctx: CommandContext, cluster: Cluster, obj: KubeObject, stop: boolean): void {
  const name = obj.metadata.name ?? "";
  if (kubeletStopped(asKind<Node>(obj)) === stop) {
    println(ctx.io.stdout, `node/${name} already ${stop ? "stopped" : "started"}`);
    return;
  }
  // The annotation records when the kubelet was last heard from: the grace period counts from there.
  const value = stop ? rfc3339(cluster.now()) : null;
  cluster.patch("nodes", "", name, { metadata: { annotations: { [KUBELET_STOPPED_ANNOTATION]: value } } }, "merge");
  println(ctx.io.stdout, `node/${name} ${stop ? "stopped" : "started"}`);
}

function deleteNode(ctx: CommandContext, cluster: Cluster, obj: KubeObject): void {
  const name = obj.metadata.name ?? "";
  cluster.delete("nodes", "", name);
  println(ctx.io.stdout, `node "${name}" deleted`);
}

function parseLabels(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of specs) {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new UsageError(`invalid label spec: ${s} (want key=value)`, "node");
    out[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return out;
}

function parseTaintList(specs: readonly string[]): Taint[] {
  return specs.map((s) => {
    try {
      const t = parseTaint(s);
      if (!t.effect) throw new TaintSpecError(`invalid taint spec: ${s}`);
      return t;
    } catch (e) {
      if (e instanceof TaintSpecError) throw new UsageError(e.message, "node");
      throw e;
    }
  });
}
