import type { Event } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { invalid, newPath, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { isDNS1123Subdomain, isQualifiedName, validatePathSegmentName } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { str } from "./values.js";

/**
 * A core/v1 Event. Kubernetes keeps v1 events to its legacy rules: the event's namespace
 * must match its involved object's, and an event with an `eventTime` (the newer style)
 * needs a reporting controller and instance, an action and a reason, each of bounded
 * length. Names only have to be usable in a URL. kdeck also requires the involved
 * object's kind and name, which every event it records or displays refers to.
 */
export function validateEvent(obj: KubeObject): FieldError[] {
  const ev = asKind<Event>(obj);
  const errs = validateObjectMeta(ev.metadata, true, validatePathSegmentName, newPath("metadata"));
  errs.push(...validateInvolvedObject(ev));
  errs.push(...legacyValidateEvent(ev));
  return errs;
}

/** An Event update: the same rules as on create, after metadata immutability. */
export function validateEventUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateEvent(obj)];
}

/** kdeck's registration of Event validation. */
export const eventValidation: KindValidation = {
  create: (obj) => validateEvent(obj),
  update: (obj, old) => validateEventUpdate(obj, old),
};

function validateInvolvedObject(ev: Event): FieldError[] {
  const p = newPath("involvedObject");
  if (!ev.involvedObject) return [required(p)];
  const errs: FieldError[] = [];
  if (!str(ev.involvedObject.kind)) errs.push(required(p.child("kind")));
  if (!str(ev.involvedObject.name)) errs.push(required(p.child("name")));
  return errs;
}

function legacyValidateEvent(ev: Event): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = str(ev.metadata?.namespace);
  const involvedNs = str(ev.involvedObject?.namespace);
  const mismatch = () => invalid(newPath("involvedObject", "namespace"), involvedNs, "does not match event.namespace");
  if (!str(ev.eventTime)) {
    if (!involvedNs) {
      if (namespace !== "" && namespace !== "default") errs.push(mismatch());
    } else if (namespace !== involvedNs) {
      errs.push(mismatch());
    }
  } else {
    if (!involvedNs && namespace !== "default" && namespace !== "kube-system") errs.push(mismatch());
    const controller = str(ev.reportingComponent);
    if (!controller) errs.push(required(newPath("reportingController")));
    for (const m of isQualifiedName(controller)) errs.push(invalid(newPath("reportingController"), controller, m));
    errs.push(...requiredWithLimit(str(ev.reportingInstance), "reportingInstance", 128));
    errs.push(...requiredWithLimit(str(ev.action), "action", 128));
    errs.push(...requiredWithLimit(str(ev.reason), "reason", 128));
    if (str(ev.message).length > 1024) errs.push(invalid(newPath("message"), "", "can have at most 1024 characters"));
  }
  for (const m of isDNS1123Subdomain(namespace)) errs.push(invalid(newPath("namespace"), namespace, m));
  return errs;
}

function requiredWithLimit(value: string, field: string, limit: number): FieldError[] {
  const errs: FieldError[] = [];
  if (!value) errs.push(required(newPath(field)));
  if (value.length > limit) errs.push(invalid(newPath(field), "", `can have at most ${limit} characters`));
  return errs;
}
