import type { Service, ServicePort } from "kubernetes-types/core/v1";
import { ApiError, type FieldError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { validateObject } from "../admission/validation.js";
import type { Rng } from "../engine/rand.js";
import type { Store } from "../store.js";
import type { AdmissionPlugin } from "./admission.js";
import { formatIPv4, parseIPv4 } from "./ipv4.js";

/** kube-apiserver's `--service-cluster-ip-range` in kind and kdeck. */
export const SERVICE_CIDR = "10.96.0.0/12";
/** kube-apiserver's `--service-node-port-range`. */
export const NODE_PORT_RANGE = { base: 30000, size: 2768 } as const;

const CIDR_BASE = parseIPv4("10.96.0.0")!;
const CIDR_SIZE = 1 << 20;

/**
 * Service ClusterIPs and NodePorts, allocated when the Service is written, as the API
 * server's service registry does (`registry/core/service/storage`): a requested value is
 * checked against the range and the values already taken, a missing one is picked at
 * random, and a value is free again once no stored Service holds it.
 *
 * Why an admission step rather than a controller: Kubernetes allocates inside the
 * create and update calls, so `kubectl create` already prints the ClusterIP and a
 * conflict is refused with the write (`provided IP is already allocated`), never
 * discovered later. Why it recomputes what is taken from the stored Services on every
 * write rather than keeping a bitmap: the write runs under the store's write lock after
 * catching up with other processes, so the stored Services are the truth, allocations
 * survive restarts without a bitmap to persist, and a deleted Service releases its
 * values with nothing to clean up.
 */
export function serviceAllocation(store: Store, rand: Rng): AdmissionPlugin {
  return {
    name: "ServiceAllocation",
    mutate(obj, kind, old) {
      if (kind.group !== "" || kind.kind !== "Service") return obj;
      // The registry allocates after validation: an invalid Service is refused for what
      // is wrong with it, not for an allocation it never got to.
      if (validateObject(obj, kind, old).length > 0) return obj;
      const svc = structuredClone(asKind<Service>(obj));
      const oldSvc = old ? asKind<Service>(old) : undefined;
      const taken = allocationsInUse(store, svc);
      const errors = [...allocateClusterIPs(svc, oldSvc, taken.ips, rand), ...allocateNodePorts(svc, oldSvc, taken.ports, rand)];
      if (errors.length > 0) throw ApiError.invalid("Service", svc.metadata?.name ?? "", errors);
      return svc as unknown as KubeObject;
    },
  };
}

/** True when the Service gets a ClusterIP (every type but ExternalName; headless ones hold `None`). */
export function needsClusterIP(svc: Service): boolean {
  return svc.spec?.type !== "ExternalName";
}

/** True when the Service's ports get NodePorts. */
export function needsNodePort(svc: Service): boolean {
  const type = svc.spec?.type;
  return type === "NodePort" || (type === "LoadBalancer" && svc.spec?.allocateLoadBalancerNodePorts !== false);
}

/** True when the Service gets a health-check NodePort (LoadBalancer with `externalTrafficPolicy: Local`). */
export function needsHealthCheckNodePort(svc: Service): boolean {
  return svc.spec?.type === "LoadBalancer" && svc.spec.externalTrafficPolicy === "Local";
}

interface Taken {
  ips: Set<number>;
  ports: Set<number>;
}

/** The ClusterIPs and NodePorts every other stored Service holds. */
function allocationsInUse(store: Store, svc: Service): Taken {
  const ips = new Set<number>();
  const ports = new Set<number>();
  const ns = svc.metadata?.namespace ?? "";
  const name = svc.metadata?.name ?? "";
  for (const o of store.list("services")) {
    if (o.metadata.namespace === ns && o.metadata.name === name) continue;
    const s = asKind<Service>(o);
    for (const ip of s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])) {
      const n = parseIPv4(ip);
      if (n !== undefined) ips.add(n);
    }
    for (const p of s.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
    if (s.spec?.healthCheckNodePort) ports.add(s.spec.healthCheckNodePort);
  }
  return { ips, ports };
}

/**
 * A random free value of `size` in a range whose first `staticBand` values are kept for
 * requested values where possible (Kubernetes' `randomScanStrategyWithOffset`): start at
 * a random place in the dynamic band and scan forward, then fall back to the static band.
 */
function pickFree(size: number, staticBand: number, isTaken: (offset: number) => boolean, rand: Rng): number | undefined {
  const scan = (from: number, to: number): number | undefined => {
    const span = to - from;
    if (span <= 0) return undefined;
    const start = rand.int(span);
    for (let i = 0; i < span; i++) {
      const offset = from + ((start + i) % span);
      if (!isTaken(offset)) return offset;
    }
    return undefined;
  };
  return scan(staticBand, size) ?? scan(0, staticBand);
}

/** `min(max(lo, size/div), hi)`: the size of the band Kubernetes keeps for requested values. */
function staticBandSize(size: number, div: number, lo: number, hi: number): number {
  return Math.min(Math.max(lo, Math.floor(size / div)), hi);
}

/** Go's `%#v` of a string slice, as the API server prints the Service's clusterIPs in messages. */
function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(", ")}}`;
}

function clusterIPError(ips: readonly string[], detail: string): FieldError {
  // The value is a []string, printed with %#v: it goes into the detail to keep its Go spelling.
  return { type: "Invalid value", field: "spec.clusterIPs", detail: `${goStringSlice(ips)}: ${detail}` };
}

function allocateClusterIPs(svc: Service, old: Service | undefined, taken: Set<number>, rand: Rng): FieldError[] {
  const spec = svc.spec!;
  if (!needsClusterIP(svc)) return [];
  const requested = spec.clusterIP ?? "";
  if (requested === "None") return [];
  // An update keeps the address it already holds.
  if (old && requested !== "" && (old.spec?.clusterIP ?? "") === requested) return [];
  if (requested !== "") {
    const n = parseIPv4(requested);
    const offset = n === undefined ? -1 : n - CIDR_BASE;
    if (offset <= 0 || offset >= CIDR_SIZE - 1) {
      return [
        clusterIPError(
          spec.clusterIPs ?? [requested],
          `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
        ),
      ];
    }
    if (taken.has(n!)) return [clusterIPError(spec.clusterIPs ?? [requested], `failed to allocate IP ${requested}: provided IP is already allocated`)];
    spec.clusterIPs = [requested];
    return [];
  }
  // Offsets 1 … size-2: the network and broadcast addresses are never handed out.
  const usable = CIDR_SIZE - 2;
  const offset = pickFree(usable, staticBandSize(usable, 16, 16, 256), (o) => taken.has(CIDR_BASE + 1 + o), rand);
  if (offset === undefined) return [clusterIPError([], "failed to allocate a serviceIP: range is full")];
  const ip = formatIPv4(CIDR_BASE + 1 + offset);
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
  return [];
}

function nodePortError(index: number, port: number, detail: string): FieldError {
  return { type: "Invalid value", field: `spec.ports[${index}].nodePort`, value: port, detail };
}

function inNodePortRange(port: number): boolean {
  return port >= NODE_PORT_RANGE.base && port < NODE_PORT_RANGE.base + NODE_PORT_RANGE.size;
}

const NOT_IN_RANGE = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.base}-${NODE_PORT_RANGE.base + NODE_PORT_RANGE.size - 1}`;

function allocateNodePorts(svc: Service, old: Service | undefined, taken: Set<number>, rand: Rng): FieldError[] {
  const errors: FieldError[] = [];
  const held = new Set<number>();
  if (old) {
    for (const p of old.spec?.ports ?? []) if (p.nodePort) held.add(p.nodePort);
    if (old.spec?.healthCheckNodePort) held.add(old.spec.healthCheckNodePort);
  }
  const mine = new Set<number>();
  const claim = (port: number, onError: (detail: string) => void): void => {
    if (mine.has(port) || held.has(port)) {
      mine.add(port);
      return;
    }
    if (!inNodePortRange(port)) onError(NOT_IN_RANGE);
    else if (taken.has(port)) onError("provided port is already allocated");
    mine.add(port);
  };
  const next = (): number | undefined => {
    const offset = pickFree(NODE_PORT_RANGE.size, staticBandSize(NODE_PORT_RANGE.size, 32, 16, 128), (o) => {
      const p = NODE_PORT_RANGE.base + o;
      return taken.has(p) || mine.has(p);
    }, rand);
    if (offset === undefined) return undefined;
    const port = NODE_PORT_RANGE.base + offset;
    mine.add(port);
    return port;
  };
  const ports: ServicePort[] = svc.spec?.ports ?? [];
  if (needsNodePort(svc)) {
    // Requested ports first, so that a random pick never takes one a later port asked for.
    ports.forEach((p, i) => {
      if (p.nodePort) claim(p.nodePort, (d) => errors.push(nodePortError(i, p.nodePort!, d)));
    });
    // One NodePort per port number: the TCP and UDP ports of one number share it.
    const byPort = new Map<number, number>();
    for (const p of ports) if (p.nodePort) byPort.set(p.port, p.nodePort);
    for (const p of ports) {
      if (p.nodePort) continue;
      const shared = byPort.get(p.port);
      const port = shared ?? next();
      if (port === undefined) {
        errors.push({ type: "Internal error", field: "spec.ports", detail: "failed to allocate a nodePort: range is full" });
        break;
      }
      p.nodePort = port;
      byPort.set(p.port, port);
    }
  }
  if (needsHealthCheckNodePort(svc)) {
    const spec = svc.spec!;
    if (spec.healthCheckNodePort) {
      claim(spec.healthCheckNodePort, (d) =>
        errors.push({ type: "Invalid value", field: "spec.healthCheckNodePort", value: spec.healthCheckNodePort, detail: d }),
      );
    } else {
      const port = next();
      if (port !== undefined) spec.healthCheckNodePort = port;
    }
  }
  return errors;
}
