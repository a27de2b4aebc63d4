import type { Command } from "commander";
import type { Event } from "../client/types.js";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { asKind, resolveResourceArg, type KindInfo } from "../client/kinds.js";
import { formatJson } from "../client/output/json.js";
import { GET_TABWRITER, TabWriter } from "../client/output/tabwriter.js";
import { formatYaml } from "../client/output/yaml.js";
import { timestampSince } from "../client/printing.js";
import { parseTime } from "../client/time.js";
import { globalsOf, println, untilAborted, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect } from "./flags.js";

interface EventsOptions {
  allNamespaces?: boolean;
  for?: string;
  types?: string[];
  watch?: boolean;
  output?: string;
  /** False with --no-headers. */
  headers?: boolean;
}

/** What `--for` and `--types` keep. */
interface EventFilter {
  kind?: KindInfo;
  name?: string;
  types?: Set<string>;
}

/** `kdeck events`: kubectl events' table, oldest first, optionally followed with -w. */
export function registerEvents(program: Command, ctx: CommandContext): void {
  program
    .command("events")
    .summary("List events")
    .description("Display events, oldest first: events, events -A, events --for pod/web, events --types=Warning -w.")
    .option("-A, --all-namespaces", "list the events across all namespaces")
    .option("--for <object>", "filter events to only those pertaining to the specified resource (KIND/NAME)")
    .option("--types <types>", "output only events of given types (Normal, Warning)", collect)
    .option("-w, --watch", "after listing the events, watch for new ones")
    .option("-o, --output <format>", "output format: one of (json, yaml)")
    .option("--no-headers", "don't print headers")
    .action(async (opts: EventsOptions, cmd: Command) => {
      const filter = parseFilter(opts);
      if (opts.output !== undefined && opts.output !== "json" && opts.output !== "yaml") {
        throw new UsageError(`unable to match a printer suitable for the output format "${opts.output}", allowed formats are: json,yaml`, "events");
      }
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => runEvents(ctx, cluster, globals, opts, filter));
    });
}

function parseFilter(opts: EventsOptions): EventFilter {
  const filter: EventFilter = {};
  if (opts.types) {
    const types = new Set<string>();
    for (const t of opts.types) {
      const canonical = ["Normal", "Warning"].find((v) => v.toLowerCase() === t.toLowerCase());
      if (!canonical) throw new UsageError("valid --types are Normal or Warning", "events");
      types.add(canonical);
    }
    filter.types = types;
  }
  if (opts.for !== undefined) {
    const i = opts.for.indexOf("/");
    if (i <= 0 || i === opts.for.length - 1) throw new UsageError("--for must be in resource/name form", "events");
    filter.kind = resolveResourceArg(opts.for.slice(0, i));
    filter.name = opts.for.slice(i + 1);
  }
  return filter;
}

async function runEvents(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, opts: EventsOptions, filter: EventFilter): Promise<void> {
  if (opts.watch) cluster.startRealtime();
  const namespace = opts.allNamespaces ? undefined : globals.namespace;
  const events = sortEvents(cluster.list("events", namespace !== undefined ? { namespace } : {}).filter((e) => matches(e, filter)));
  const since = cluster.resourceVersion();
  const printer = new EventPrinter(opts.allNamespaces === true, opts.headers === false);

  if (opts.output === "json" || opts.output === "yaml") {
    const format = opts.output === "json" ? formatJson : formatYaml;
    if (events.length > 0 || !opts.watch) ctx.io.stdout.write(format(events, false));
  } else if (events.length === 0) {
    println(ctx.io.stderr, opts.allNamespaces ? "No events found." : `No events found in ${globals.namespace} namespace.`);
  } else {
    ctx.io.stdout.write(printer.render(events, cluster.now()));
  }
  if (!opts.watch) return;

  const stop = cluster.watch("events", { resourceVersion: since, ...(namespace !== undefined ? { namespace } : {}) }, (ev) => {
    if (ev.type === "DELETED" || !matches(ev.object, filter)) return;
    if (opts.output === "json") ctx.io.stdout.write(formatJson([ev.object], true));
    else if (opts.output === "yaml") ctx.io.stdout.write(formatYaml([ev.object], true));
    else ctx.io.stdout.write(printer.render([ev.object], cluster.now()));
  });
  try {
    await untilAborted(ctx.io.signal);
  } finally {
    stop();
  }
}

function matches(obj: KubeObject, filter: EventFilter): boolean {
  const e = asKind<Event>(obj);
  if (filter.types && !filter.types.has(e.type ?? "")) return false;
  if (filter.kind) {
    if (e.involvedObject.kind !== filter.kind.kind || e.involvedObject.name !== filter.name) return false;
  }
  return true;
}

/** When an event last happened: its series, its last timestamp, or its event time. */
export function lastSeen(e: Event): number {
  if (e.series?.lastObservedTime) return parseTime(e.series.lastObservedTime);
  if (e.lastTimestamp) return parseTime(e.lastTimestamp);
  if (e.eventTime) return parseTime(e.eventTime);
  return parseTime(e.firstTimestamp);
}

/** Oldest first, as kubectl events sorts them. */
export function sortEvents(events: KubeObject[]): KubeObject[] {
  const time = (o: KubeObject): number => {
    const t = lastSeen(asKind<Event>(o));
    return Number.isNaN(t) ? 0 : t;
  };
  return [...events].sort((a, b) => time(a) - time(b));
}

/** `5s (x3 over 2m)` for repeated events, else how long ago it happened. */
export function eventInterval(e: Event, now: number): string {
  const first = e.eventTime ? timestampSince(e.eventTime, now) : timestampSince(e.firstTimestamp, now);
  if (e.series) return `${timestampSince(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${timestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/**
 * kubectl events' table: LAST SEEN TYPE REASON OBJECT MESSAGE (NAMESPACE first with
 * -A), the object as `Kind/name`. Column widths carry over between watch updates, as
 * kubectl's tabwriter remembers them.
 */
class EventPrinter {
  private headerDone = false;
  private widths: number[] = [];

  constructor(
    private readonly allNamespaces: boolean,
    private readonly noHeaders: boolean,
  ) {}

  render(events: readonly KubeObject[], now: number): string {
    const lines: string[][] = [];
    if (!this.headerDone && !this.noHeaders) lines.push([...(this.allNamespaces ? ["NAMESPACE"] : []), "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    this.headerDone = true;
    for (const obj of events) {
      const e = asKind<Event>(obj);
      lines.push([
        ...(this.allNamespaces ? [e.metadata.namespace ?? ""] : []),
        eventInterval(e, now),
        e.type ?? "",
        e.reason ?? "",
        `${e.involvedObject.kind ?? ""}/${e.involvedObject.name ?? ""}`,
        (e.message ?? "").trim(),
      ]);
    }
    // Lay the batch out with the tabwriter, padding cells to the remembered widths first.
    for (const cells of lines) cells.slice(0, -1).forEach((c, i) => (this.widths[i] = Math.max(this.widths[i] ?? 0, [...c].length)));
    const tw = new TabWriter(GET_TABWRITER);
    for (const cells of lines) tw.write(cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(this.widths[i]! + c.length - [...c].length) : c)).join("\t") + "\n");
    return tw.toString();
  }
}
