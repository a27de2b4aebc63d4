/** `kubectl describe service`, `describe endpoints` and `describe endpointslice`. */
import type { Endpoints, Event, LoadBalancerIngress, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { formatLabels } from "../../core/printers/workload-cells.js";
import { joinHostPort } from "../../core/printers/endpoints.js";
import { printAnnotationsMultiline, printLabelsMultiline, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter } from "./prefix-writer.js";

/** The cluster's DNS domain, as kind's CoreDNS serves it. */
export const CLUSTER_DOMAIN = "cluster.local";

/**
 * describe.go `formatEndpointSlices`: the ready endpoints (a nil `ready` counts as ready)
 * with the ports named in `portNames`, three at most then `+ N more...`; `<none>`
 * without slices at all.
 */
export function formatEndpointSlices(slices: readonly EndpointSlice[], portNames?: ReadonlySet<string>): string {
  if (slices.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const ready = (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false);
    if ((slice.ports ?? []).length === 0) {
      for (const e of ready) {
        if (list.length === max) more = true;
        if (!more) list.push(e.addresses[0] ?? "");
        count++;
      }
      continue;
    }
    for (const port of slice.ports ?? []) {
      if (portNames && !portNames.has(port.name ?? "")) continue;
      for (const e of ready) {
        if (list.length === max) more = true;
        if (!more) list.push(joinHostPort(e.addresses[0] ?? "", port.port ?? 0));
        count++;
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

function buildIngressString(ingress: readonly LoadBalancerIngress[]): string {
  return ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ""}` : (i.hostname ?? ""))).join(", ");
}

/**
 * `kubectl describe service`, with its endpoints from the Service's EndpointSlices, and
 * one line kubectl does not print: the Service's DNS name (`NAME.NAMESPACE.svc.cluster.local`).
 */
export function describeService(svc: Service, slices: readonly EndpointSlice[], events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  const name = svc.metadata?.name ?? "";
  const namespace = svc.metadata?.namespace ?? "";
  w.write(LEVEL_0, `Name:\t${name}\n`);
  w.write(LEVEL_0, `Namespace:\t${namespace}\n`);
  printLabelsMultiline(w, "Labels", svc.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", svc.metadata?.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? ""}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(LEVEL_0, `IP Families:\t${(spec.ipFamilies ?? []).length > 0 ? spec.ipFamilies!.join(",") : "<none>"}\n`);
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ""}\n`);
  w.write(LEVEL_0, `IPs:\t${(spec.clusterIPs ?? []).length > 0 ? spec.clusterIPs!.join(",") : "<none>"}\n`);
  w.write(LEVEL_0, `DNS Name:\t${name}.${namespace}.svc.${CLUSTER_DOMAIN}\n`);
  if ((spec.externalIPs ?? []).length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs!.join(",")}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  const lb = svc.status?.loadBalancer?.ingress ?? [];
  if (lb.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${buildIngressString(lb)}\n`);
  for (const sp of spec.ports ?? []) {
    const portName = sp.name || "<unset>";
    w.write(LEVEL_0, `Port:\t${portName}\t${sp.port}/${sp.protocol ?? ""}\n`);
    w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? ""}/${sp.protocol ?? ""}\n`);
    if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${portName}\t${sp.nodePort}/${sp.protocol ?? ""}\n`);
    w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([sp.name ?? ""]))}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
  if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if ((spec.loadBalancerSourceRanges ?? []).length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges!.join(",")}\n`);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe endpoints`: each subset's ready and not-ready addresses and ports. */
export function describeEndpoints(ep: Endpoints, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ep.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${ep.metadata?.namespace ?? ""}\n`);
  printLabelsMultiline(w, "Labels", ep.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", ep.metadata?.annotations);
  w.write(LEVEL_0, "Subsets:\n");
  for (const ss of ep.subsets ?? []) {
    w.write(LEVEL_1, `Addresses:\t${(ss.addresses ?? []).map((a) => a.ip).join(",") || "<none>"}\n`);
    w.write(LEVEL_1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a) => a.ip).join(",") || "<none>"}\n`);
    if ((ss.ports ?? []).length > 0) {
      w.write(LEVEL_1, "Ports:\n");
      w.write(LEVEL_2, "Name\tPort\tProtocol\n");
      w.write(LEVEL_2, "----\t----\t--------\n");
      for (const p of ss.ports!) w.write(LEVEL_2, `${p.name || "<unset>"}\t${p.port}\t${p.protocol ?? ""}\n`);
    }
    w.write(LEVEL_0, "\n");
  }
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe endpointslice`: ports, then each endpoint's addresses, conditions, pod, node and zone. */
export function describeEndpointSlice(slice: EndpointSlice, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${slice.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${slice.metadata?.namespace ?? ""}\n`);
  printLabelsMultiline(w, "Labels", slice.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", slice.metadata?.annotations);
  w.write(LEVEL_0, `AddressType:\t${slice.addressType ?? ""}\n`);
  if ((slice.ports ?? []).length === 0) {
    w.write(LEVEL_0, "Ports: <unset>\n");
  } else {
    w.write(LEVEL_0, "Ports:\n");
    w.write(LEVEL_1, "Name\tPort\tProtocol\n");
    w.write(LEVEL_1, "----\t----\t--------\n");
    for (const p of slice.ports!) w.write(LEVEL_1, `${p.name || "<unset>"}\t${p.port ?? "<unset>"}\t${p.protocol ?? ""}\n`);
  }
  if ((slice.endpoints ?? []).length === 0) {
    w.write(LEVEL_0, "Endpoints: <none>\n");
  } else {
    w.write(LEVEL_0, "Endpoints:\n");
    for (const e of slice.endpoints!) {
      w.write(LEVEL_1, `- Addresses:\t${e.addresses.join(", ") || "<none>"}\n`);
      w.write(LEVEL_2, "Conditions:\n");
      w.write(LEVEL_3, `Ready:\t${e.conditions?.ready === undefined ? "<unset>" : String(e.conditions.ready)}\n`);
      w.write(LEVEL_2, `Hostname:\t${e.hostname ?? "<unset>"}\n`);
      if (e.targetRef) w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind ?? ""}/${e.targetRef.name ?? ""}\n`);
      w.write(LEVEL_2, `NodeName:\t${e.nodeName ?? "<unset>"}\n`);
      w.write(LEVEL_2, `Zone:\t${e.zone ?? "<unset>"}\n`);
    }
  }
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
