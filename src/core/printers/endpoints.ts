/**
 * `kubectl get endpoints` (NAME ENDPOINTS AGE) and `kubectl get endpointslices`
 * (NAME ADDRESSTYPE PORTS ENDPOINTS AGE): the first three addresses, then `+ N more...`.
 */
import type { Endpoints } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const MAX_SHOWN = 3;

/** `host:port`, with IPv6 hosts in brackets (Go's net.JoinHostPort). */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** printers.go `formatEndpoints`: every ready address with every port (or only those named in `ports`). */
export function formatEndpoints(ep: Endpoints, ports?: ReadonlySet<string>): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if ((ss.ports ?? []).length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === MAX_SHOWN) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports ?? []) {
      if (ports && !ports.has(port.name ?? "")) continue;
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === MAX_SHOWN) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - MAX_SHOWN} more...` : ret;
}

function listWithMore(list: string[], more: boolean, count: number): string {
  const ret = list.join(",");
  if (more) return `${ret} + ${count - MAX_SHOWN} more...`;
  return ret || "<unset>";
}

function formatDiscoveryPorts(slice: EndpointSlice): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const p of slice.ports ?? []) {
    if (list.length < MAX_SHOWN) list.push(p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? "*"));
    else if (list.length === MAX_SHOWN) more = true;
    count++;
  }
  return listWithMore(list, more, count);
}

function formatDiscoveryEndpoints(slice: EndpointSlice): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const e of slice.endpoints ?? []) {
    for (const a of e.addresses ?? []) {
      if (list.length < MAX_SHOWN) list.push(a);
      else if (list.length === MAX_SHOWN) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count);
}

const ENDPOINTS_COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Endpoints", priority: 0 },
  { name: "Age", priority: 0 },
];

/** Endpoints in `kubectl get` tables. */
export const endpointsPrinter: KindPrinter = {
  columns: ENDPOINTS_COLUMNS,
  row: (obj: KubeObject, ctx: PrintContext) => {
    const ep = asKind<Endpoints>(obj);
    return [ep.metadata?.name ?? "", formatEndpoints(ep), timestampSince(ep.metadata?.creationTimestamp, ctx.now)];
  },
};

const SLICE_COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "AddressType", priority: 0 },
  { name: "Ports", priority: 0 },
  { name: "Endpoints", priority: 0 },
  { name: "Age", priority: 0 },
];

/** EndpointSlices in `kubectl get` tables. */
export const endpointSlicePrinter: KindPrinter = {
  columns: SLICE_COLUMNS,
  row: (obj: KubeObject, ctx: PrintContext) => {
    const slice = asKind<EndpointSlice>(obj);
    return [slice.metadata?.name ?? "", slice.addressType ?? "", formatDiscoveryPorts(slice), formatDiscoveryEndpoints(slice), timestampSince(slice.metadata?.creationTimestamp, ctx.now)];
  },
};
