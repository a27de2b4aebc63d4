/**
 * `kdeck expose (-f FILE | TYPE NAME | TYPE/NAME) [--port=P] [--target-port=T]
 * [--type=ClusterIP|NodePort|LoadBalancer] [--name=N] [--protocol=TCP]`: kubectl's
 * expose, a Service selecting what a pod, Deployment, ReplicaSet, ReplicationController
 * or Service selects.
 */
import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { resourceOf, type KindInfo } from "../client/kinds.js";
import { formatJson, formatYaml } from "../client/output/index.js";
import { globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { addGeneratorFlags, dryRunOf, type GeneratorFlags } from "./create-objects.js";
import { parseOutputFormat } from "./output-format.js";
import { namespaceFor, objectRef, parseResourceArgs } from "./resource-args.js";

interface ExposeFlags extends GeneratorFlags {
  port?: string;
  targetPort?: string;
  type?: string;
  name?: string;
  protocol?: string;
  selector?: string;
  labels?: string;
  externalIp?: string;
  clusterIp?: string;
  sessionAffinity?: string;
  loadBalancerIp?: string;
}

/** The kinds kubectl can expose (`CanBeExposed`). */
const EXPOSABLE = new Set(["/Pod", "/Service", "/ReplicationController", "apps/Deployment", "apps/ReplicaSet"]);
const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
const DNS1035_LABEL_MAX = 63;

interface PortSpec {
  port: string;
  protocol: string;
}

/** `MapBasedSelectorForObject`: the label map a Service for this object selects by. */
export function selectorForObject(kind: KindInfo, obj: KubeObject): Record<string, string> {
  const spec = (obj.spec ?? {}) as {
    selector?: Record<string, string> | { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  };
  switch (`${kind.group}/${kind.kind}`) {
    case "/Pod": {
      const labels = obj.metadata.labels ?? {};
      if (Object.keys(labels).length === 0) throw new Error("the pod has no labels and cannot be exposed");
      return { ...labels };
    }
    case "/Service": {
      if (!spec.selector) throw new Error("the service has no pod selector set");
      return { ...(spec.selector as Record<string, string>) };
    }
    case "/ReplicationController":
      return { ...((spec.selector as Record<string, string> | undefined) ?? {}) };
    default: {
      const sel = spec.selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
      if ((sel?.matchExpressions ?? []).length > 0) {
        throw new Error(`couldn't convert expressions - "${JSON.stringify(sel!.matchExpressions)}" to map-based selector format`);
      }
      return { ...(sel?.matchLabels ?? {}) };
    }
  }
}

/** `PortsForObject` with `MultiProtocolsForObject`: the container (or Service) ports and their protocols. */
export function portsForObject(kind: KindInfo, obj: KubeObject): PortSpec[] {
  const out: PortSpec[] = [];
  const add = (port: number | undefined, protocol: string | undefined) => {
    if (port === undefined) return;
    const p = String(port);
    const proto = protocol ?? "TCP";
    if (!out.some((x) => x.port === p && x.protocol === proto)) out.push({ port: p, protocol: proto });
  };
  if (kind.kind === "Service") {
    for (const p of (obj.spec as { ports?: { port: number; protocol?: string }[] } | undefined)?.ports ?? []) add(p.port, p.protocol);
    return out;
  }
  const podSpec =
    kind.kind === "Pod"
      ? (obj.spec as { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] } | undefined)
      : (obj.spec as { template?: { spec?: { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] } } } | undefined)?.template?.spec;
  for (const c of podSpec?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return out;
}

/** kubectl's `parseLabels`: `a=b,c=d`. */
function parseLabels(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of spec.split(",")) {
    const kv = part.split("=");
    if (kv.length !== 2) throw new Error(`unexpected label spec: ${part}`);
    if (!kv[0]) throw new Error("unexpected empty label key");
    labels[kv[0]] = kv[1]!;
  }
  return labels;
}

/** The Service `kubectl expose` generates (`createService`). */
export function buildExposedService(kind: KindInfo, obj: KubeObject, flags: ExposeFlags): KubeObject {
  const selector = flags.selector ? parseLabels(flags.selector) : selectorForObject(kind, obj);
  if (Object.keys(selector).length === 0) throw new Error("selector must be specified");
  const headless = flags.clusterIp === "None";
  let ports: PortSpec[];
  if (flags.port) {
    const introspected = portsForObject(kind, obj);
    ports = flags.port.split(",").map((p) => ({ port: p, protocol: flags.protocol ?? introspected.find((x) => x.port === p)?.protocol ?? "TCP" }));
  } else {
    ports = portsForObject(kind, obj);
    if (ports.length === 0 && !headless) throw new Error("couldn't find port via --port flag or introspection");
    if (flags.protocol) ports = ports.map((p) => ({ ...p, protocol: flags.protocol! }));
  }
  const labels = flags.labels ? parseLabels(flags.labels) : { ...(obj.metadata.labels ?? {}) };
  const name = flags.name || (obj.metadata.name ?? "").slice(0, DNS1035_LABEL_MAX);
  if (!name) throw new Error("name must be specified");
  const distinctPorts = [...new Set(ports.map((p) => p.port))];
  const servicePorts = ports.map((p) => {
    const number = Number(p.port);
    if (!Number.isInteger(number)) throw new Error(`strconv.Atoi: parsing "${p.port}": invalid syntax`);
    const i = distinctPorts.indexOf(p.port);
    const sameNumber = ports.filter((x) => x.port === p.port).length > 1;
    const portName = sameNumber ? `port-${i + 1}-${p.protocol.toLowerCase()}` : distinctPorts.length > 1 ? `port-${i + 1}` : "";
    const targetPort = flags.targetPort ? (/^\d+$/.test(flags.targetPort) ? Number(flags.targetPort) : flags.targetPort) : number;
    return { ...(portName ? { name: portName } : {}), port: number, protocol: p.protocol, targetPort };
  });
  const spec: Record<string, unknown> = { ports: servicePorts, selector };
  if (flags.externalIp) spec.externalIPs = [flags.externalIp];
  if (flags.type) spec.type = flags.type;
  if (flags.type === "LoadBalancer" && flags.loadBalancerIp) spec.loadBalancerIP = flags.loadBalancerIp;
  if (flags.sessionAffinity) {
    if (flags.sessionAffinity !== "None" && flags.sessionAffinity !== "ClientIP") throw new Error(`unknown session affinity: ${flags.sessionAffinity}`);
    spec.sessionAffinity = flags.sessionAffinity;
  }
  if (flags.clusterIp) spec.clusterIP = flags.clusterIp;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
    spec,
  };
}

export function registerExpose(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("expose")
    .summary("Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service")
    .description(
      "Expose a resource as a new Kubernetes service: the service selects the pods the resource selects (a pod's own labels,\n" +
        "a workload's selector), on the given port or the ports its containers declare.\n\n" +
        "Possible resources include (case insensitive): pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)\n\n" +
        "Examples:\n" +
        "  kdeck expose deployment nginx --port=80 --target-port=8000\n" +
        "  kdeck expose deploy/nginx --port=80 --type=NodePort\n" +
        "  kdeck expose pod valid-pod --port=444 --name=frontend",
    )
    .usage("(TYPE NAME | TYPE/NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]")
    .argument("[resources...]", "TYPE NAME or TYPE/NAME")
    .option("--port <port>", "the port that the service should serve on; copied from the resource being exposed, if unspecified")
    .option("--target-port <port>", "name or number for the port on the container that the service should direct traffic to")
    .option("--type <type>", "type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName (default 'ClusterIP')")
    .option("--name <name>", "the name for the newly created object")
    .option("--protocol <protocol>", "the network protocol for the service to be created (default 'TCP')")
    .option("--selector <selector>", "a label selector to use for this service (only equality-based selectors: key=value,…)")
    .option("-l, --labels <labels>", "labels to apply to the service created by this call")
    .option("--external-ip <ip>", "additional external IP address (not managed by Kubernetes) to accept for the service")
    .option("--cluster-ip <ip>", "ClusterIP to be assigned to the service; empty to auto-allocate, 'None' for a headless service")
    .option("--session-affinity <affinity>", "if non-empty, the session affinity for the service: 'None' or 'ClientIP'")
    .option("--load-balancer-ip <ip>", "IP to assign to the LoadBalancer; empty for an ephemeral IP");
  addGeneratorFlags(cmd).action(async (args: string[], flags: ExposeFlags, self: Command) => {
    if (args.length === 0) throw new UsageError("You must provide one or more resources by argument or filename.", "expose");
    if (flags.type !== undefined && !SERVICE_TYPES.includes(flags.type)) {
      throw new Error(`invalid service type: ${flags.type}, must be one of: ${SERVICE_TYPES.map((t) => JSON.stringify(t)).join(", ")}`);
    }
    const dryRun = dryRunOf(flags, "expose");
    const format = parseOutputFormat(flags.output, "expose");
    if (format.type === "table" && flags.output) throw new UsageError(`unable to match a printer suitable for the output format "${flags.output}", allowed formats are: json,name,yaml`, "expose");
    const requests = parseResourceArgs(args, "expose");
    const globals = globalsOf(self);
    await withCluster(ctx, globals, (cluster) => runExpose(ctx, cluster, globals, requests, flags, dryRun, format.type), { mutating: dryRun === "none" });
  });
}

function runExpose(
  ctx: CommandContext,
  cluster: Cluster,
  globals: GlobalOptions,
  requests: ReturnType<typeof parseResourceArgs>,
  flags: ExposeFlags,
  dryRun: string,
  output: string,
): void {
  for (const r of requests) {
    if (r.names.length === 0) throw new UsageError(`resource(s) were provided, but no name was specified`, "expose");
    for (const name of r.names) {
      const obj = cluster.get(resourceOf(r.kind), namespaceFor(r.kind, globals.namespace), name);
      if (!EXPOSABLE.has(`${r.kind.group}/${r.kind.kind}`)) throw new Error(`cannot expose a ${r.kind.kind}${r.kind.group ? `.${r.kind.group}` : ""}`);
      let svc: KubeObject;
      try {
        svc = buildExposedService(r.kind, obj, flags);
      } catch (e) {
        const msg = (e as Error).message;
        if (msg.startsWith("couldn't find port")) throw e;
        if (flags.selector === undefined && !msg.startsWith("selector must") && !msg.startsWith("unknown session") && !msg.startsWith("strconv")) {
          throw new Error(`couldn't retrieve selectors via --selector flag or introspection: ${msg}`, { cause: e });
        }
        throw e;
      }
      const target = { ...svc, metadata: { ...svc.metadata, namespace: globals.namespace } };
      const created = dryRun === "client" ? target : cluster.create(target, { dryRun: dryRun === "server", fieldManager: "kubectl-expose" });
      const suffix = dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
      const serviceKind = { kind: "Service", group: "" };
      if (output === "jsonpath") throw new UsageError("jsonpath output is not supported by expose", "expose");
      if (output === "yaml") ctx.io.stdout.write(formatYaml([created], true));
      else if (output === "json") ctx.io.stdout.write(formatJson([created], true));
      else if (output === "name") println(ctx.io.stdout, objectRef(serviceKind, created));
      else println(ctx.io.stdout, `${objectRef(serviceKind, created)} exposed${suffix}`);
    }
  }
}
