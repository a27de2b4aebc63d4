import type { FieldError } from "../api/errors.js";

/**
 * Field paths and field errors shaped like apimachinery's `field` package, so that
 * messages read exactly as the API server's:
 * `spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0`.
 */
export class FieldPath {
  private constructor(private readonly text: string) {}

  /** `newPath("spec", "containers")` → `spec.containers`. */
  static of(...names: string[]): FieldPath {
    return new FieldPath("").child(...names);
  }

  /** A struct field below this one. */
  child(...names: string[]): FieldPath {
    let t = this.text;
    for (const n of names) t = t ? `${t}.${n}` : n;
    return new FieldPath(t);
  }

  /** A list element: `containers[0]`. */
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  /** A map entry: `limits[cpu]`. */
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

/** Shorthand for {@link FieldPath.of}, named like apimachinery's `field.NewPath`. */
export function newPath(...names: string[]): FieldPath {
  return FieldPath.of(...names);
}

/** `Required value` (with an optional explanation). */
export function required(path: FieldPath, detail = ""): FieldError {
  return detail ? { type: "Required value", field: path.toString(), detail } : { type: "Required value", field: path.toString() };
}

/** `Invalid value: <value>: <detail>`. */
export function invalid(path: FieldPath, value: unknown, detail: string): FieldError {
  return { type: "Invalid value", field: path.toString(), value: value === undefined ? null : value, detail };
}

/** `Unsupported value: "XTP": supported values: "SCTP", "TCP", "UDP"`. */
export function notSupported(path: FieldPath, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length ? `supported values: ${validValues.map((v) => JSON.stringify(v)).join(", ")}` : undefined;
  return { type: "Unsupported value", field: path.toString(), value: value === undefined ? null : value, ...(detail ? { detail } : {}) };
}

/** `Duplicate value: <value>`. */
export function duplicate(path: FieldPath, value: unknown, detail?: string): FieldError {
  return { type: "Duplicate value", field: path.toString(), value, ...(detail ? { detail } : {}) };
}

/** `Not found: <value>`. */
export function notFound(path: FieldPath, value: unknown, detail?: string): FieldError {
  return { type: "Not found", field: path.toString(), value, ...(detail ? { detail } : {}) };
}

/** `Forbidden: <detail>`. */
export function forbidden(path: FieldPath, detail: string): FieldError {
  return { type: "Forbidden", field: path.toString(), detail };
}

/** `Too long: must have at most N bytes` (the value itself is never printed). */
export function tooLong(path: FieldPath, maxLength: number): FieldError {
  return { type: "Too long", field: path.toString(), detail: `must have at most ${maxLength} bytes` };
}
