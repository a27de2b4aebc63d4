import type { Lifecycle, LifecycleHandler, Probe } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { type FieldPath, forbidden, invalid, notSupported, required } from "../field.js";
import { IS_NEGATIVE_ERROR_MSG, isHTTPHeaderName, isValidPortName, isValidPortNum } from "./formats.js";
import { isRecord, listOf, str } from "./values.js";

type Handler = Partial<Pick<Probe & LifecycleHandler, "exec" | "httpGet" | "tcpSocket" | "grpc" | "sleep">>;

/** A liveness or startup probe: a valid probe whose successThreshold is 1. */
export function validateLivenessProbe(probe: Probe | undefined, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, fldPath);
  if (probe.successThreshold !== 1) errs.push(invalid(fldPath.child("successThreshold"), probe.successThreshold ?? 0, "must be 1"));
  return errs;
}

/** A readiness probe: a valid probe without its own terminationGracePeriodSeconds. */
export function validateReadinessProbe(probe: Probe | undefined, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, fldPath);
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(invalid(fldPath.child("terminationGracePeriodSeconds"), probe.terminationGracePeriodSeconds, "must not be set for readinessProbes"));
  }
  return errs;
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  const errs = validateHandler({ exec: probe.exec, httpGet: probe.httpGet, tcpSocket: probe.tcpSocket, grpc: probe.grpc }, gracePeriod, fldPath);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] as const) {
    const v = probe[f];
    if (typeof v === "number" && v < 0) errs.push(invalid(fldPath.child(f), v, IS_NEGATIVE_ERROR_MSG));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (typeof tgps === "number" && tgps <= 0) errs.push(invalid(fldPath.child("terminationGracePeriodSeconds"), tgps, "must be greater than 0"));
  return errs;
}

/** postStart and preStop hooks. */
export function validateLifecycle(lifecycle: Lifecycle, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const hook of ["postStart", "preStop"] as const) {
    const h = lifecycle[hook];
    if (h) errs.push(...validateHandler({ exec: h.exec, httpGet: h.httpGet, tcpSocket: h.tcpSocket, sleep: h.sleep }, gracePeriod, fldPath.child(hook)));
  }
  return errs;
}

/** Exactly one handler type, each well-formed. */
function validateHandler(handler: Handler, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] as const) {
    const h = handler[kind];
    if (h === undefined || h === null) continue;
    const p = fldPath.child(kind);
    if (n > 0) {
      errs.push(forbidden(p, "may not specify more than 1 handler type"));
      continue;
    }
    n++;
    const body: Record<string, unknown> = isRecord(h) ? h : {};
    switch (kind) {
      case "exec":
        if (listOf(body.command as string[]).length === 0) errs.push(required(p.child("command")));
        break;
      case "httpGet":
        if (!str(body.path)) errs.push(required(p.child("path")));
        errs.push(...validatePortNumOrName(body.port, p.child("port")));
        if (body.scheme !== "HTTP" && body.scheme !== "HTTPS") errs.push(notSupported(p.child("scheme"), str(body.scheme), ["HTTP", "HTTPS"]));
        for (const header of listOf(body.httpHeaders as { name?: string }[])) {
          for (const m of isHTTPHeaderName(str(header.name))) errs.push(invalid(p.child("httpHeaders"), str(header.name), m));
        }
        break;
      case "tcpSocket":
        errs.push(...validatePortNumOrName(body.port, p.child("port")));
        break;
      case "grpc":
        errs.push(...validatePortNumOrName(typeof body.port === "number" ? body.port : 0, p.child("port")));
        break;
      case "sleep": {
        const seconds = typeof body.seconds === "number" ? body.seconds : 0;
        if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
          errs.push(invalid(p, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod})`));
        }
        break;
      }
    }
  }
  if (n === 0) errs.push(required(fldPath, "must specify a handler type"));
  return errs;
}

/** An IntOrString port: a number in range, or an IANA service name. */
export function validatePortNumOrName(port: unknown, fldPath: FieldPath): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => invalid(fldPath, port, m));
  return isValidPortName(str(port)).map((m) => invalid(fldPath, str(port), m));
}
