import type { ConfigMap } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { forbidden, invalid, newPath, tooLong } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { semanticEqual } from "../semantic-equal.js";
import { base64DecodedLength, base64Error } from "./base64.js";
import { isConfigMapKey, nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { entriesOf, str } from "./values.js";

/** ConfigMaps and Secrets hold at most 1 MiB of data. */
export const MAX_DATA_SIZE = 1024 * 1024;

/** A new ConfigMap: key format, no key in both `data` and `binaryData`, 1 MiB in all. */
export function validateConfigMap(obj: KubeObject): FieldError[] {
  const cm = asKind<ConfigMap>(obj);
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const binary = new Map(entriesOf(cm.binaryData));
  let size = 0;
  for (const [key, value] of entriesOf(cm.data)) {
    const p = newPath("data").key(key);
    for (const m of isConfigMapKey(key)) errs.push(invalid(p, key, m));
    if (binary.has(key)) errs.push(invalid(p, key, "duplicate of key present in binaryData"));
    size += Buffer.byteLength(str(value));
  }
  for (const [key, value] of binary) {
    const p = newPath("binaryData").key(key);
    for (const m of isConfigMapKey(key)) errs.push(invalid(p, key, m));
    const bad = base64Error(str(value));
    if (bad) errs.push(invalid(p, "<binary data redacted>", bad));
    else size += base64DecodedLength(str(value));
  }
  // The whole object is too big: Kubernetes reports it against an empty path.
  if (size > MAX_DATA_SIZE) errs.push(tooLong(newPath(""), MAX_DATA_SIZE));
  return errs;
}

/** A ConfigMap update: once `immutable: true`, neither data nor the flag may change. */
export function validateConfigMapUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const cm = asKind<ConfigMap>(obj);
  const old = asKind<ConfigMap>(oldObj);
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata, newPath("metadata"));
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden(newPath("immutable"), "field is immutable when `immutable` is set"));
    if (!semanticEqual(cm.data, old.data)) errs.push(forbidden(newPath("data"), "field is immutable when `immutable` is set"));
    if (!semanticEqual(cm.binaryData, old.binaryData)) errs.push(forbidden(newPath("binaryData"), "field is immutable when `immutable` is set"));
  }
  errs.push(...validateConfigMap(obj));
  return errs;
}

/** Kubernetes' registration of ConfigMap validation. */
export const configMapValidation: KindValidation = {
  create: (obj) => validateConfigMap(obj),
  update: (obj, old) => validateConfigMapUpdate(obj, old),
};
