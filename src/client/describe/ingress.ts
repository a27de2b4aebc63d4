/** `kubectl describe ingress` and `describe ingressclass`. */
import type { Event, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Ingress, IngressBackend, IngressClass } from "kubernetes-types/networking/v1";
import { ingressAddress } from "../../core/printers/ingress.js";
import { printAnnotationsMultiline, printLabelsMultiline, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from "./prefix-writer.js";
import { formatEndpointSlices } from "./service.js";

/** What describing an Ingress looks up: each backend Service and its EndpointSlices. */
export interface IngressBackendLookup {
  /** The Service, or the error kubectl would print (`services "x" not found`). */
  service(namespace: string, name: string): Service | { error: string };
  endpointSlices(namespace: string, service: string): EndpointSlice[];
}

/** `name:port` of a Service backend. */
function serviceBackendString(b: IngressBackend): string {
  const svc = b.service;
  if (!svc) return "";
  return `${svc.name}:${svc.port?.number ? String(svc.port.number) : (svc.port?.name ?? "")}`;
}

/** A backend as describe shows it: `svc:80 (10.244.1.2:80,…)`, or `svc:80 (<error: services "svc" not found>)`. */
function describeBackend(namespace: string, b: IngressBackend, lookup: IngressBackendLookup): string {
  if (b.service) {
    const sb = serviceBackendString(b);
    const svc = lookup.service(namespace, b.service.name);
    if ("error" in svc) return `${sb} (<error: ${svc.error}>)`;
    let portName = "";
    for (const sp of svc.spec?.ports ?? []) {
      if (b.service.port?.number && b.service.port.number === sp.port) portName = sp.name ?? "";
      else if (b.service.port?.name && b.service.port.name === sp.name) portName = sp.name ?? "";
    }
    return `${sb} (${formatEndpointSlices(lookup.endpointSlices(namespace, b.service.name), new Set([portName]))})`;
  }
  if (b.resource) return `APIGroup: ${b.resource.apiGroup ?? "<none>"}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
  return "";
}

/** `kubectl describe ingress`: the default backend, TLS, and each rule's paths with their backends and endpoints. */
export function describeIngress(ing: Ingress, lookup: IngressBackendLookup, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const namespace = ing.metadata?.namespace ?? "";
  w.write(LEVEL_0, `Name:\t${ing.metadata?.name ?? ""}\n`);
  printLabelsMultiline(w, "Labels", ing.metadata?.labels);
  w.write(LEVEL_0, `Namespace:\t${namespace}\n`);
  w.write(LEVEL_0, `Address:\t${ingressAddress(ing.status?.loadBalancer)}\n`);
  w.write(LEVEL_0, `Ingress Class:\t${ing.spec?.ingressClassName ?? "<none>"}\n`);
  const def = ing.spec?.defaultBackend;
  const defaultBackend = def ? describeBackend(namespace, def, lookup) : "<default>";
  w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
  if ((ing.spec?.tls ?? []).length > 0) {
    w.write(LEVEL_0, "TLS:\n");
    for (const t of ing.spec!.tls!) {
      if (!t.secretName) w.write(LEVEL_1, `SNI routes ${(t.hosts ?? []).join(",")}\n`);
      else w.write(LEVEL_1, `${t.secretName} terminates ${(t.hosts ?? []).join(",")}\n`);
    }
  }
  w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n");
  w.write(LEVEL_1, "----\t----\t--------\n");
  let count = 0;
  for (const rule of ing.spec?.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(LEVEL_1, `${rule.host || "*"}\t\n`);
    for (const p of rule.http.paths ?? []) w.write(LEVEL_2, `\t${p.path ?? ""} \t${describeBackend(namespace, p.backend, lookup)}\n`);
  }
  if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
  printAnnotationsMultiline(w, "Annotations", ing.metadata?.annotations);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe ingressclass`. */
export function describeIngressClass(ic: IngressClass, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ic.metadata?.name ?? ""}\n`);
  printLabelsMultiline(w, "Labels", ic.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", ic.metadata?.annotations);
  w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ""}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(LEVEL_0, "Parameters:\n");
    if (p.apiGroup) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${p.kind}\n`);
    w.write(LEVEL_1, `Name:\t${p.name}\n`);
  }
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
