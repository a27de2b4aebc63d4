import type { EnvFromSource, EnvVar } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { type FieldPath, invalid, notSupported, required } from "../field.js";
import { isConfigMapKey, isEnvVarName, isQualifiedName, nameIsDNSSubdomain } from "./formats.js";
import { validateLabelName } from "./object-meta.js";
import { listOf, str } from "./values.js";

/** Field paths the downward API can put into an environment variable. */
const ENV_FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];
/** Field paths the v1 API converts at all; others fail with "field label not supported". */
const CONVERTIBLE_FIELD_PATHS = new Set([...ENV_FIELD_PATHS, "metadata.annotations", "metadata.labels", "spec.restartPolicy", "spec.schedulerName", "status.phase"]);
const RESOURCE_FIELD_PATHS = ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

/** A container's `env`: names, and at most one `valueFrom` source instead of `value`. */
export function validateEnv(vars: readonly EnvVar[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  listOf(vars).forEach((ev, i) => {
    const p = fldPath.index(i);
    const name = str(ev.name);
    if (!name) errs.push(required(p.child("name")));
    else for (const m of isEnvVarName(name)) errs.push(invalid(p.child("name"), name, m));
    errs.push(...validateEnvVarValueFrom(ev, p.child("valueFrom")));
  });
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, fldPath: FieldPath): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let n = 0;
  if (from.fieldRef) {
    n++;
    const p = fldPath.child("fieldRef");
    const fieldPath = str(from.fieldRef.fieldPath);
    if (!str(from.fieldRef.apiVersion)) errs.push(required(p.child("apiVersion")));
    else if (!fieldPath) errs.push(required(p.child("fieldPath")));
    else errs.push(...validateFieldPath(fieldPath, p));
  }
  if (from.resourceFieldRef) {
    n++;
    const p = fldPath.child("resourceFieldRef");
    const resource = str(from.resourceFieldRef.resource);
    if (!resource) errs.push(required(p.child("resource")));
    else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
      errs.push(notSupported(p.child("resource"), resource, RESOURCE_FIELD_PATHS));
    }
  }
  for (const ref of ["configMapKeyRef", "secretKeyRef"] as const) {
    const sel = from[ref];
    if (!sel) continue;
    n++;
    const p = fldPath.child(ref);
    const name = str(sel.name);
    for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(p.child("name"), name, m));
    const key = str(sel.key);
    if (!key) errs.push(required(p.child("key")));
    else for (const m of isConfigMapKey(key)) errs.push(invalid(p.child("key"), key, m));
  }
  if (n === 0) errs.push(invalid(fldPath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
  else if (str(ev.value)) errs.push(invalid(fldPath, "", "may not be specified when `value` is not empty"));
  else if (n > 1) errs.push(invalid(fldPath, "", "may not have more than one field specified at a time"));
  return errs;
}

function validateFieldPath(fieldPath: string, p: FieldPath): FieldError[] {
  const sub = /^(metadata\.(?:annotations|labels))\['(.*)'\]$/.exec(fieldPath);
  if (sub) {
    const key = sub[2]!;
    if (sub[1] === "metadata.annotations") return isQualifiedName(key.toLowerCase()).map((m) => invalid(p, key.toLowerCase(), m));
    return validateLabelName(key, p);
  }
  if (!CONVERTIBLE_FIELD_PATHS.has(fieldPath)) {
    return [invalid(p.child("fieldPath"), fieldPath, `error converting fieldPath: field label not supported: ${fieldPath}`)];
  }
  return ENV_FIELD_PATHS.includes(fieldPath) ? [] : [notSupported(p.child("fieldPath"), fieldPath, ENV_FIELD_PATHS)];
}

/** A container's `envFrom`: a prefix that is a valid name, and exactly one source. */
export function validateEnvFrom(sources: readonly EnvFromSource[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  listOf(sources).forEach((ev, i) => {
    const p = fldPath.index(i);
    const prefix = str(ev.prefix);
    if (prefix) for (const m of isEnvVarName(prefix)) errs.push(invalid(p.child("prefix"), prefix, m));
    let n = 0;
    for (const ref of ["configMapRef", "secretRef"] as const) {
      const src = ev[ref];
      if (!src) continue;
      n++;
      const name = str(src.name);
      if (!name) errs.push(required(p.child(ref, "name")));
      else for (const m of nameIsDNSSubdomain(name, true)) errs.push(invalid(p.child(ref, "name"), name, m));
    }
    // Kubernetes names the list here, not the entry.
    if (n === 0) errs.push(invalid(fldPath, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (n > 1) errs.push(invalid(fldPath, "", "may not have more than one field specified at a time"));
  });
  return errs;
}
