import { InvalidArgumentError } from "commander";
import { parseDuration } from "./duration.js";

/**
 * Parsers for flag values, with pflag's messages so that a mistyped flag reads as
 * it would in kubectl. Commander reports them as `error: option '--x' argument 'y' is invalid. …`.
 */

/** Go's strconv.ParseBool, for `--wait=false`, `--namespaced=true`. */
export function parseBoolFlag(value: string): boolean {
  switch (value) {
    case "1":
    case "t":
    case "T":
    case "true":
    case "TRUE":
    case "True":
      return true;
    case "0":
    case "f":
    case "F":
    case "false":
    case "FALSE":
    case "False":
      return false;
    default:
      throw new InvalidArgumentError(`strconv.ParseBool: parsing "${value}": invalid syntax`);
  }
}

/** A whole number, for `--tail`, `--grace-period`, `--nodes`. */
export function parseIntFlag(value: string): number {
  if (!/^[-+]?\d+$/.test(value)) throw new InvalidArgumentError(`strconv.ParseInt: parsing "${value}": invalid syntax`);
  return Number(value);
}

/** A Go duration in milliseconds, for `--timeout`, `--since`. */
export function parseDurationFlag(value: string): number {
  try {
    return parseDuration(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

/** Collects a repeatable flag (`-f a.yaml -f b.yaml`), also splitting commas as kubectl's string slices do. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").filter((v) => v !== "")];
}
