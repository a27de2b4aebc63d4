import type { HTTPIngressPath, Ingress, IngressBackend, IngressClass, IngressRule, IngressSpec, IngressTLS } from "kubernetes-types/networking/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { type FieldPath, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { isDNS1123Subdomain, isQualifiedName, isValidPortName, isValidPortNum, nameIsDNSSubdomain } from "./formats.js";
import { isDNS1035Label, isWildcardDNS1123Subdomain } from "./network-formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { isRecord, listOf, str } from "./values.js";
import { isIP } from "node:net";

/** The annotation an Ingress named its class with before `spec.ingressClassName`. */
export const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_PATH_SUFFIXES = ["/..", "/."];
const MAX_CONTROLLER_LEN = 250;

function validateHost(host: string, path: FieldPath): FieldError[] {
  if (isIP(host)) return [invalid(path, host, "must be a DNS name, not an IP address")];
  if (host.includes("*")) return isWildcardDNS1123Subdomain(host).map((m) => invalid(path, host, m));
  return isDNS1123Subdomain(host).map((m) => invalid(path, host, m));
}

/** One backend: a Service (name and a port name or number) or a resource, never both. */
function validateBackend(b: IngressBackend, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const hasResource = isRecord(b.resource);
  const hasService = isRecord(b.service);
  if (hasResource && hasService) return [invalid(path, "", "cannot set both resource and service backends")];
  if (hasResource) {
    const r = b.resource!;
    if (!r.kind) errs.push(required(path.child("resource", "kind")));
    if (!r.name) errs.push(required(path.child("resource", "name")));
    return errs;
  }
  if (!hasService) return [invalid(path, "", "resource or service backend is required")];
  const svc = b.service!;
  const name = str(svc.name);
  if (!name) errs.push(required(path.child("service", "name")));
  else for (const m of isDNS1035Label(name)) errs.push(invalid(path.child("service", "name"), name, m));
  const portName = str(svc.port?.name);
  const portNumber = typeof svc.port?.number === "number" ? svc.port.number : 0;
  if (portName && portNumber) errs.push(invalid(path, "", "cannot set both port name & port number"));
  else if (portName) for (const m of isValidPortName(portName)) errs.push(invalid(path.child("service", "port", "name"), portName, m));
  else if (portNumber) for (const m of isValidPortNum(portNumber)) errs.push(invalid(path.child("service", "port", "number"), portNumber, m));
  else errs.push(required(path, "port name or number is required"));
  return errs;
}

/** `ValidateIngressPath`: pathType is required; Prefix and Exact paths are absolute and clean. */
function validatePath(p: HTTPIngressPath, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const value = str(p.path);
  const pathType = p.pathType;
  if (!pathType) {
    errs.push(required(path.child("pathType"), "pathType must be specified"));
  } else if (pathType === "Exact" || pathType === "Prefix") {
    if (!value.startsWith("/")) errs.push(invalid(path.child("path"), value, "must be an absolute path"));
    if (value.length > 0) {
      for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(path.child("path"), value, `must not contain '${seq}'`));
      for (const suffix of INVALID_PATH_SUFFIXES) if (value.endsWith(suffix)) errs.push(invalid(path.child("path"), value, `cannot end with '${suffix}'`));
    }
  } else if (pathType === "ImplementationSpecific") {
    if (value.length > 0 && !value.startsWith("/")) errs.push(invalid(path.child("path"), value, "must be an absolute path"));
  } else {
    errs.push(notSupported(path.child("pathType"), pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend ?? {}, path.child("backend")));
  return errs;
}

function validateRule(rule: IngressRule, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (rule.host) errs.push(...validateHost(rule.host, path.child("host")));
  if (isRecord(rule.http)) {
    const paths = listOf(rule.http.paths);
    const pp = path.child("http", "paths");
    if (paths.length === 0) errs.push(required(pp));
    paths.forEach((p, i) => errs.push(...validatePath(p, pp.index(i))));
  }
  return errs;
}

function validateTLS(tls: IngressTLS[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((t, i) => {
    listOf(t.hosts).forEach((h, j) => {
      const hp = path.index(i).child("hosts").index(j);
      const host = str(h);
      if (host.includes("*")) for (const m of isWildcardDNS1123Subdomain(host)) errs.push(invalid(hp, host, m));
      else for (const m of isDNS1123Subdomain(host)) errs.push(invalid(hp, host, m));
    });
    if (t.secretName) for (const m of isDNS1123Subdomain(t.secretName)) errs.push(invalid(path.index(i).child("secretName"), t.secretName, m));
  });
  return errs;
}

/** A new Ingress (`ValidateIngressCreate`). */
export function validateIngress(obj: KubeObject): FieldError[] {
  const ing = asKind<Ingress>(obj);
  const errs = validateObjectMeta(ing.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const spec: IngressSpec = isRecord(ing.spec) ? ing.spec : {};
  const specPath = newPath("spec");
  const rules = listOf(spec.rules);
  if (rules.length === 0 && !isRecord(spec.defaultBackend)) {
    errs.push(invalid(specPath, "", "either `defaultBackend` or `rules` must be specified"));
  }
  if (isRecord(spec.defaultBackend)) errs.push(...validateBackend(spec.defaultBackend, specPath.child("defaultBackend")));
  rules.forEach((r, i) => errs.push(...validateRule(r, specPath.child("rules").index(i))));
  errs.push(...validateTLS(listOf(spec.tls), specPath.child("tls")));
  const className = spec.ingressClassName;
  if (className !== undefined && className !== null) {
    for (const m of isDNS1123Subdomain(className)) errs.push(invalid(specPath.child("ingressClassName"), className, m));
    const annotation = ing.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION];
    if (annotation !== undefined) {
      errs.push(invalid(newPath("annotations").child(INGRESS_CLASS_ANNOTATION), annotation, "can not be set when the class field is also set"));
    }
  }
  return errs;
}

/** An IngressClass: a controller name (a domain-prefixed path, at most 250 characters) and valid parameters. */
export function validateIngressClass(obj: KubeObject): FieldError[] {
  const ic = asKind<IngressClass>(obj);
  const errs = validateObjectMeta(ic.metadata, false, nameIsDNSSubdomain, newPath("metadata"));
  const specPath = newPath("spec");
  const controller = str(ic.spec?.controller);
  if (!controller) errs.push(required(specPath.child("controller")));
  else if (controller.length > MAX_CONTROLLER_LEN) errs.push({ type: "Too long", field: "spec.controller", detail: `may not be more than ${MAX_CONTROLLER_LEN} bytes` });
  else if (!controller.includes("/")) errs.push(invalid(specPath.child("controller"), controller, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
  const params = ic.spec?.parameters;
  if (isRecord(params)) {
    const pp = specPath.child("parameters");
    if (!params.kind) errs.push(required(pp.child("kind")));
    if (!params.name) errs.push(required(pp.child("name")));
    const scope = params.scope ?? "Cluster";
    if (scope !== "Cluster" && scope !== "Namespace") errs.push(notSupported(pp.child("scope"), scope, ["Cluster", "Namespace"]));
    if (scope === "Namespace" && !params.namespace) errs.push(required(pp.child("namespace"), "`parameters.scope` is set to 'Namespace'"));
    if (scope === "Cluster" && params.namespace) errs.push({ type: "Forbidden", field: pp.child("namespace").toString(), detail: "`parameters.scope` is set to 'Cluster'" });
    if (params.apiGroup) for (const m of isQualifiedName(params.apiGroup)) errs.push(invalid(pp.child("apiGroup"), params.apiGroup, m));
  }
  return errs;
}

/** Kubernetes' registration of Ingress validation. */
export const ingressValidation: KindValidation = {
  create: (obj) => validateIngress(obj),
  update: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateIngress(obj)],
};

/** Kubernetes' registration of IngressClass validation: the controller may not change. */
export const ingressClassValidation: KindValidation = {
  create: (obj) => validateIngressClass(obj),
  update: (obj, old) => {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata"));
    const now = str(asKind<IngressClass>(obj).spec?.controller);
    const before = str(asKind<IngressClass>(old).spec?.controller);
    if (now !== before) errs.push(invalid(newPath("spec", "controller"), now, "field is immutable"));
    return [...errs, ...validateIngressClass(obj)];
  },
};
