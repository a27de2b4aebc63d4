import { goFormat } from "./json-value.js";

/** Strategic merge patch's special keys, as apimachinery spells them. */
export const DIRECTIVE = "$patch";
export const RETAIN_KEYS = "$retainKeys";
export const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
export const SET_ELEMENT_ORDER = "$setElementOrder/";

/** A strategic merge patch that cannot be applied or built; messages follow apimachinery's. */
export class StrategicMergePatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StrategicMergePatchError";
  }

  static noMergeKey(item: unknown, mergeKey: string): StrategicMergePatchError {
    return new StrategicMergePatchError(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
  }

  static badPatchType(directive: unknown, patch: unknown): StrategicMergePatchError {
    return new StrategicMergePatchError(`Unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
  }
}

/** True for a key that is a directive rather than a field. */
export function isDirectiveKey(key: string): boolean {
  return key.startsWith("$");
}
