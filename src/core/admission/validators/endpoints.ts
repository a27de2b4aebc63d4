import type { EndpointAddress, EndpointPort, Endpoints } from "kubernetes-types/core/v1";
import type { Endpoint, EndpointPort as SlicePort, EndpointSlice } from "kubernetes-types/discovery/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { type FieldPath, duplicate, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { isDNS1123Label, isDNS1123Subdomain, isValidPortNum, nameIsDNSSubdomain } from "./formats.js";
import { ipAddressErrors, isIPv4 } from "./network-formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { listOf, str } from "./values.js";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];
const MAX_SLICE_ENDPOINTS = 1000;
const MAX_SLICE_PORTS = 20000;

function validatePortCommon(name: string, port: unknown, protocol: string, path: FieldPath, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (name) {
    for (const m of isDNS1123Label(name)) errs.push(invalid(path.child("name"), name, m));
    if (names.has(name)) errs.push(duplicate(path.child("name"), name));
    names.add(name);
  }
  const n = typeof port === "number" ? port : 0;
  for (const m of isValidPortNum(n)) errs.push(invalid(path.child("port"), n, m));
  if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(path.child("protocol"), protocol, PROTOCOLS));
  return errs;
}

function validateEndpointAddress(a: EndpointAddress, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const m of ipAddressErrors(str(a.ip))) errs.push(invalid(path.child("ip"), str(a.ip), m));
  if (a.hostname) for (const m of isDNS1123Label(a.hostname)) errs.push(invalid(path.child("hostname"), a.hostname, m));
  if (a.nodeName) for (const m of isDNS1123Subdomain(a.nodeName)) errs.push(invalid(path.child("nodeName"), a.nodeName, m));
  return errs;
}

/** Endpoints (`ValidateEndpoints`): each subset has addresses and ports, every IP valid. */
export function validateEndpoints(obj: KubeObject): FieldError[] {
  const ep = asKind<Endpoints>(obj);
  const errs = validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  listOf(ep.subsets).forEach((ss, i) => {
    const path = newPath("subsets").index(i);
    const addresses = listOf(ss.addresses);
    const notReady = listOf(ss.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) errs.push(required(path, "must specify `addresses` or `notReadyAddresses`"));
    addresses.forEach((a, j) => errs.push(...validateEndpointAddress(a, path.child("addresses").index(j))));
    notReady.forEach((a, j) => errs.push(...validateEndpointAddress(a, path.child("notReadyAddresses").index(j))));
    const ports: EndpointPort[] = listOf(ss.ports);
    const names = new Set<string>();
    ports.forEach((p, j) => {
      const pp = path.child("ports").index(j);
      if (ports.length > 1 && !p.name) errs.push(required(pp.child("name")));
      errs.push(...validatePortCommon(str(p.name), p.port, str(p.protocol), pp, names));
    });
  });
  return errs;
}

function validateSliceEndpoint(e: Endpoint, addressType: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const addresses = listOf(e.addresses).map((a) => str(a));
  if (addresses.length === 0) errs.push(required(path.child("addresses"), "must contain at least 1 address"));
  else if (addresses.length > 100) errs.push({ type: "Too many", field: path.child("addresses").toString(), detail: `${addresses.length}: must have at most 100 items` });
  addresses.forEach((a, i) => {
    const p = path.child("addresses").index(i);
    if (addressType === "IPv4" && !isIPv4(a)) errs.push(invalid(p, a, "must be a valid IPv4 address"));
    else if (addressType === "IPv6" && (ipAddressErrors(a).length > 0 || isIPv4(a))) errs.push(invalid(p, a, "must be a valid IPv6 address"));
    else if (addressType === "FQDN") for (const m of isDNS1123Subdomain(a)) errs.push(invalid(p, a, m));
  });
  if (e.hostname) for (const m of isDNS1123Label(e.hostname)) errs.push(invalid(path.child("hostname"), e.hostname, m));
  if (e.nodeName) for (const m of isDNS1123Subdomain(e.nodeName)) errs.push(invalid(path.child("nodeName"), e.nodeName, m));
  return errs;
}

/** An EndpointSlice (`ValidateEndpointSlice`). */
export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const slice = asKind<EndpointSlice>(obj);
  const errs = validateObjectMeta(slice.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const addressType = str(slice.addressType);
  if (!addressType) errs.push(required(newPath("addressType")));
  else if (!ADDRESS_TYPES.includes(addressType)) errs.push(notSupported(newPath("addressType"), addressType, ADDRESS_TYPES));
  const endpoints = listOf(slice.endpoints);
  if (endpoints.length > MAX_SLICE_ENDPOINTS) {
    errs.push({ type: "Too many", field: "endpoints", detail: `${endpoints.length}: must have at most ${MAX_SLICE_ENDPOINTS} items` });
  } else {
    endpoints.forEach((e, i) => errs.push(...validateSliceEndpoint(e, addressType, newPath("endpoints").index(i))));
  }
  const ports: SlicePort[] = listOf(slice.ports);
  if (ports.length > MAX_SLICE_PORTS) errs.push({ type: "Too many", field: "ports", detail: `${ports.length}: must have at most ${MAX_SLICE_PORTS} items` });
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = newPath("ports").index(i);
    const errors = validatePortCommon(str(p.name), p.port ?? 1, str(p.protocol), path, names);
    errs.push(...errors);
  });
  return errs;
}

/** Kubernetes' registration of Endpoints validation. */
export const endpointsValidation: KindValidation = {
  create: (obj) => validateEndpoints(obj),
  update: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateEndpoints(obj)],
};

/** Kubernetes' registration of EndpointSlice validation: addressType may not change. */
export const endpointSliceValidation: KindValidation = {
  create: (obj) => validateEndpointSlice(obj),
  update: (obj, old) => {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata"));
    if (str(obj.addressType) !== str(old.addressType)) errs.push(invalid(newPath("addressType"), str(obj.addressType), "field is immutable"));
    return [...errs, ...validateEndpointSlice(obj)];
  },
};
