/**
 * The shape of the image catalogue (images.ts, programs.ts): what well-known images
 * exist and what their programs do when run. Data only; the runtime (../runtime.ts)
 * reads it.
 *
 * Log line templates may use: `{nginxTime}` (`2024/01/01 00:00:00`), `{iso}`
 * (RFC 3339 with milliseconds), `{clf}` (`01/Jan/2024:00:00:00 +0000`), `{version}` (the
 * image tag's version), `{hostname}` (the pod name), `{ip}` (the pod IP), `{port}`.
 */

/** A line a program writes `afterMs` after it starts. */
export type LogSpec = readonly [afterMs: number, stream: "stdout" | "stderr", text: string];

/** Resource use of a running program, before `sim.kdeck.dev/` annotations. */
export interface Usage {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

export interface CatalogueProgram {
  /**
   * `server`: runs until stopped, listening on its ports; `job`: runs `runMs` and exits
   * with `exitCode`; `requires` can make a server exit at once (a missing password).
   */
  readonly kind: "server" | "job";
  readonly ports?: readonly number[];
  /** A flag whose value is the port (`httpd -p 8080`, `--http-port=8080`). */
  readonly portFlag?: string;
  /** Ports that answer gRPC health checks. */
  readonly grpcPorts?: readonly number[];
  /** Ports open this long after start. */
  readonly listenAfterMs?: number;
  readonly startup?: readonly LogSpec[];
  /** What it does on SIGTERM (or `nginx -s quit`): lines, then exit after `afterMs`. */
  readonly onTerm?: { readonly afterMs: number; readonly exitCode: number; readonly lines?: readonly LogSpec[] };
  /** A job's run time and exit code. */
  readonly runMs?: number;
  readonly exitCode?: number;
  /** HTTP status by path (exact), with a default; absent: every path answers 200. */
  readonly http?: { readonly paths: Readonly<Record<string, number>>; readonly otherwise: number };
  /** `/healthz` answers 200 for this long after start, then 500 (agnhost liveness). */
  readonly healthyForMs?: number;
  /** An access log line per HTTP request (`{path}`, `{status}` also apply). */
  readonly accessLog?: string;
  /** An environment variable of which at least one must be set, else it prints `missingEnv.lines` and exits 1. */
  readonly requires?: { readonly anyOf: readonly string[]; readonly lines: readonly LogSpec[] };
  readonly usage: Usage;
}

export interface CatalogueImage {
  /** Fully qualified repository: `docker.io/library/nginx`. */
  readonly repository: string;
  /**
   * Tags that exist, as patterns: `1.{0-29}` is a numeric range, `*` any tag. A tag may
   * also carry one of `variants` as a suffix (`1.25-alpine`).
   */
  readonly tags: readonly string[];
  readonly variants?: readonly string[];
  /** Compressed size (the Pulled event, node.status.images). */
  readonly sizeBytes: number;
  /** Error wording of its tools; a variant containing `alpine` is busybox. */
  readonly userland: "busybox" | "gnu";
  /** ENTRYPOINT + CMD: what runs without `command`/`args`. */
  readonly entrypoint: readonly string[];
  /** ENTRYPOINT alone: what `args` are appended to when `command` is absent. */
  readonly entrypointOnly?: readonly string[];
  /** Files in the image beside the usual skeleton. */
  readonly files?: Readonly<Record<string, string>>;
}
