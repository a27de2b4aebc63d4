import { applyDefaults } from "../admission/defaults.js";
import { validateObject } from "../admission/validation.js";
import type { AdmissionPlugin } from "./admission.js";

/** The admission every kind gets: defaulting, then validation. Later steps (LimitRange, ResourceQuota) append here. */
export function defaultAdmission(): AdmissionPlugin[] {
  return [
    { name: "Defaulting", mutate: (obj, kind, old) => applyDefaults(obj, kind, old) },
    { name: "Validation", validate: (obj, kind, old) => validateObject(obj, kind, old) },
  ];
}
