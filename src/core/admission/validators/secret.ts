import type { Secret } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { forbidden, invalid, newPath, required, tooLong } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { semanticEqual } from "../semantic-equal.js";
import { base64DecodedLength, base64Error } from "./base64.js";
import { MAX_DATA_SIZE } from "./configmap.js";
import { isConfigMapKey, nameIsDNSSubdomain } from "./formats.js";
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { entriesOf, str } from "./values.js";

const REDACTED = "<secret contents redacted>";

/**
 * A new Secret: key format, base64 values, 1 MiB in all, and the keys its type
 * requires (`tls.crt` and `tls.key` for kubernetes.io/tls, `.dockerconfigjson` holding
 * JSON, `username` or `password` for basic-auth, `ssh-privatekey` for ssh-auth).
 * Expects `stringData` to have been merged into `data` already (see applyDefaults).
 */
export function validateSecret(obj: KubeObject): FieldError[] {
  const secret = asKind<Secret>(obj);
  const errs = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const dataPath = newPath("data");
  const data = new Map<string, string>();
  let size = 0;
  for (const [key, value] of entriesOf(secret.data)) {
    const p = dataPath.key(key);
    for (const m of isConfigMapKey(key)) errs.push(invalid(p, key, m));
    // The API server refuses these while decoding; kdeck reports them with the key's path.
    const bad = base64Error(str(value));
    if (bad) errs.push(invalid(p, REDACTED, bad));
    else size += base64DecodedLength(str(value));
    data.set(key, str(value));
  }
  if (size > MAX_DATA_SIZE) errs.push(tooLong(dataPath, MAX_DATA_SIZE));

  const type = str(secret.type);
  switch (type) {
    case "kubernetes.io/service-account-token":
      if (!str(secret.metadata?.annotations?.["kubernetes.io/service-account.name"])) {
        errs.push(required(newPath("metadata", "annotations").key("kubernetes.io/service-account.name")));
      }
      break;
    case "kubernetes.io/dockercfg":
    case "kubernetes.io/dockerconfigjson": {
      const key = type === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
      const value = data.get(key);
      if (value === undefined) {
        errs.push(required(dataPath.key(key)));
        break;
      }
      const jsonErr = jsonObjectError(Buffer.from(value, "base64").toString("utf8"));
      if (jsonErr) errs.push(invalid(dataPath.key(key), REDACTED, jsonErr));
      break;
    }
    case "kubernetes.io/basic-auth":
      if (!data.has("username") && !data.has("password")) {
        errs.push(required(dataPath.key("username")), required(dataPath.key("password")));
      }
      break;
    case "kubernetes.io/ssh-auth":
      if (!data.get("ssh-privatekey")) errs.push(required(dataPath.key("ssh-privatekey")));
      break;
    case "kubernetes.io/tls":
      if (!data.has("tls.crt")) errs.push(required(dataPath.key("tls.crt")));
      if (!data.has("tls.key")) errs.push(required(dataPath.key("tls.key")));
      break;
  }
  return errs;
}

/** A Secret update: the type never changes; once `immutable: true`, neither data nor the flag may. */
export function validateSecretUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const secret = asKind<Secret>(obj);
  const old = asKind<Secret>(oldObj);
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata, newPath("metadata"));
  errs.push(...validateImmutableField(str(secret.type), str(old.type), newPath("type")));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden(newPath("immutable"), "field is immutable when `immutable` is set"));
    if (!semanticEqual(secret.data, old.data)) errs.push(forbidden(newPath("data"), "field is immutable when `immutable` is set"));
  }
  errs.push(...validateSecret(obj));
  return errs;
}

/** Kubernetes' registration of Secret validation. */
export const secretValidation: KindValidation = {
  create: (obj) => validateSecret(obj),
  update: (obj, old) => validateSecretUpdate(obj, old),
};

/** Go's error for JSON that does not decode into a map, in its wording where it is easy to match. */
function jsonObjectError(text: string): string | undefined {
  const t = text.trim();
  if (!t) return "unexpected end of JSON input";
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return /^[[{"\-0-9tfn]/.test(t) ? "unexpected end of JSON input" : `invalid character '${t[0]}' looking for beginning of value`;
  }
  if (parsed === null || typeof parsed === "object") {
    return Array.isArray(parsed) ? "json: cannot unmarshal array into Go value of type map[string]interface {}" : undefined;
  }
  const kind = typeof parsed === "string" ? "string" : typeof parsed === "number" ? "number" : "bool";
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}
