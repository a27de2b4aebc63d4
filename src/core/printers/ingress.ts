/**
 * `kubectl get ingress` (NAME CLASS HOSTS ADDRESS PORTS AGE) and `kubectl get
 * ingressclasses` (NAME CONTROLLER PARAMETERS AGE).
 */
import type { Ingress, IngressClass, IngressLoadBalancerStatus, IngressRule } from "kubernetes-types/networking/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const MAX_HOSTS = 3;

/** HOSTS: the first three rule hosts, `*` when no rule names one. */
export function formatIngressHosts(rules: readonly IngressRule[] | undefined): string {
  const list: string[] = [];
  let more = false;
  const all = rules ?? [];
  for (const rule of all) {
    if (list.length === MAX_HOSTS) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return "*";
  const ret = list.join(",");
  return more ? `${ret} + ${all.length - MAX_HOSTS} more...` : ret;
}

/** The Ingress's load balancer addresses, sorted and de-duplicated. */
export function ingressAddress(status: IngressLoadBalancerStatus | undefined): string {
  const set = new Set<string>();
  for (const i of status?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(",");
}

const INGRESS_COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Class", priority: 0 },
  { name: "Hosts", priority: 0 },
  { name: "Address", priority: 0 },
  { name: "Ports", priority: 0 },
  { name: "Age", priority: 0 },
];

/** Ingresses in `kubectl get` tables. */
export const ingressPrinter: KindPrinter = {
  columns: INGRESS_COLUMNS,
  row: (obj: KubeObject, ctx: PrintContext) => {
    const ing = asKind<Ingress>(obj);
    return [
      ing.metadata?.name ?? "",
      ing.spec?.ingressClassName ?? "<none>",
      formatIngressHosts(ing.spec?.rules),
      ingressAddress(ing.status?.loadBalancer),
      (ing.spec?.tls ?? []).length > 0 ? "80, 443" : "80",
      timestampSince(ing.metadata?.creationTimestamp, ctx.now),
    ];
  },
};

const CLASS_COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Controller", priority: 0 },
  { name: "Parameters", priority: 0 },
  { name: "Age", priority: 0 },
];

/** IngressClasses in `kubectl get` tables. */
export const ingressClassPrinter: KindPrinter = {
  columns: CLASS_COLUMNS,
  row: (obj: KubeObject, ctx: PrintContext) => {
    const ic = asKind<IngressClass>(obj);
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ""}/${p.name}` : "<none>";
    return [ic.metadata?.name ?? "", ic.spec?.controller ?? "", parameters, timestampSince(ic.metadata?.creationTimestamp, ctx.now)];
  },
};
