import { formatFieldError } from "../../../src/core/api/errors.js";
import type { KubeObject } from "../../../src/core/api/object.js";
import { deepFreeze } from "../../../src/core/api/object.js";
import { KINDS, type KindInfo } from "../../../src/core/api/registry.js";
import { applyDefaults } from "../../../src/core/admission/defaults.js";
import { validateObject } from "../../../src/core/admission/validation.js";

/** The served kind called `name` (`Pod`, `Secret`…). */
export function kind(name: string): KindInfo {
  const k = KINDS.find((x) => x.kind === name);
  if (!k) throw new Error(`no kind ${name}`);
  return k;
}

/** Runs the write path the API server runs (defaulting, then validation) and renders the errors as kubectl prints them. */
export function admit(obj: Record<string, unknown>, old?: Record<string, unknown>): string[] {
  const k = kind(String(obj.kind));
  const frozen = deepFreeze(structuredClone(obj)) as KubeObject;
  const prev = old ? applyDefaults(deepFreeze(structuredClone(old)) as KubeObject, k) : undefined;
  const defaulted = applyDefaults(frozen, k, prev);
  return validateObject(defaulted, k, prev).map(formatFieldError);
}

/** A pod with one valid container; `spec` fields override. */
export function pod(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", ...metadata },
    spec: { containers: [{ name: "app", image: "nginx:1.25" }], ...spec },
  };
}

/** A container with a name and image; fields override. */
export function container(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: "app", image: "nginx:1.25", ...fields };
}
