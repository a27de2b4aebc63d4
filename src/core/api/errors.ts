/**
 * Errors with Kubernetes' Status reasons, so that every caller (CLI, console, REST
 * facade later) can print them the way kubectl does:
 * `Error from server (NotFound): pods "x" not found`.
 */
export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "Forbidden"
  | "Gone"
  | "NotAcceptable"
  | "TooManyRequests"
  | "MethodNotAllowed"
  | "InternalError";

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Forbidden: 403,
  Gone: 410,
  NotAcceptable: 406,
  TooManyRequests: 429,
  MethodNotAllowed: 405,
  InternalError: 500,
};

/** One validation failure, shaped like Kubernetes' field.Error. */
export interface FieldError {
  /** `Required value`, `Invalid value`, `Unsupported value`, `Duplicate value`, `Forbidden`, `Too long`. */
  type: string;
  /** Field path as Kubernetes prints it: `spec.containers[0].image`. */
  field: string;
  /** The offending value, when there is one. */
  value?: unknown;
  /** Extra detail after the value. */
  detail?: string;
}

export function formatFieldError(e: FieldError): string {
  let s = `${e.field}: ${e.type}`;
  if (e.value !== undefined && e.type !== "Required value" && e.type !== "Forbidden") {
    s += `: ${typeof e.value === "string" ? JSON.stringify(e.value) : JSON.stringify(e.value)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export class ApiError extends Error {
  readonly code: number;
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly causes: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
    this.code = CODES[reason];
  }

  /** kubectl's one-line rendering. */
  toKubectlString(): string {
    return `Error from server (${this.reason}): ${this.message}`;
  }

  static notFound(resourcePlural: string, name: string): ApiError {
    return new ApiError("NotFound", `${resourcePlural} "${name}" not found`);
  }
  static alreadyExists(resourcePlural: string, name: string): ApiError {
    return new ApiError("AlreadyExists", `${resourcePlural} "${name}" already exists`);
  }
  static conflict(resourcePlural: string, name: string): ApiError {
    return new ApiError(
      "Conflict",
      `Operation cannot be fulfilled on ${resourcePlural} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  }
  static invalid(kind: string, name: string, causes: FieldError[]): ApiError {
    const body = causes.map(formatFieldError);
    const msg =
      body.length === 1 ? `${kind} "${name}" is invalid: ${body[0]}` : `${kind} "${name}" is invalid: [${body.join(", ")}]`;
    return new ApiError("Invalid", msg, causes);
  }
  static badRequest(message: string): ApiError {
    return new ApiError("BadRequest", message);
  }
  static gone(message: string): ApiError {
    return new ApiError("Gone", message);
  }
}

export function isApiError(e: unknown, reason?: StatusReason): e is ApiError {
  return e instanceof ApiError && (reason === undefined || e.reason === reason);
}
