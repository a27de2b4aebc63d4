/**
 * `kubectl get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, and with -o wide
 * SELECTOR — the API server's printService.
 */
import type { LoadBalancerStatus, Service, ServicePort } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";
import { formatLabels } from "./workload-cells.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Type", priority: 0 },
  { name: "Cluster-IP", priority: 0 },
  { name: "External-IP", priority: 0 },
  { name: "Port(s)", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Selector", priority: 1 },
];

/** The load balancer's addresses, sorted and de-duplicated: IPs, else hostnames. */
export function loadBalancerStatusString(status: LoadBalancerStatus | undefined): string {
  const set = new Set<string>();
  for (const i of status?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(",");
}

/** EXTERNAL-IP: externalIPs, the load balancer's addresses (`<pending>` until it has one), or the ExternalName. */
export function serviceExternalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerStatusString(svc.status?.loadBalancer);
      if (externalIPs.length > 0) return [...(lb ? lb.split(",") : []), ...externalIPs].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return spec.externalName ?? "";
  }
  return "<unknown>";
}

/** PORT(S): `80/TCP`, `80:30080/TCP` with a NodePort, comma-separated. */
export function servicePortsString(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ""}` : `${p.port}/${p.protocol ?? ""}`)).join(",");
}

function serviceRow(obj: KubeObject, ctx: PrintContext): string[] {
  const svc = asKind<Service>(obj);
  const clusterIP = svc.spec?.clusterIPs?.[0] ?? "<none>";
  return [
    svc.metadata?.name ?? "",
    svc.spec?.type ?? "",
    clusterIP,
    serviceExternalIP(svc),
    servicePortsString(svc.spec?.ports) || "<none>",
    timestampSince(svc.metadata?.creationTimestamp, ctx.now),
    formatLabels(svc.spec?.selector),
  ];
}

/** Services in `kubectl get` tables. */
export const servicePrinter: KindPrinter = { columns: COLUMNS, row: serviceRow };
