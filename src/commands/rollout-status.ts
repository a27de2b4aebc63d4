/** `kdeck rollout status`: waits for a rollout to finish, printing kubectl's progress lines. */
import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { resourceOf } from "../client/kinds.js";
import { statusViewerFor, type RolloutState } from "../client/rollout/index.js";
import type { Deployment } from "../client/types.js";
import { asKind } from "../client/kinds.js";
import { ExitStatus, globalsOf, println, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect, parseBoolFlag, parseDurationFlag, parseIntFlag } from "./flags.js";
import { resolveTargets, type Target } from "./rollout-target.js";

interface StatusOptions {
  filename?: string[];
  recursive?: boolean;
  watch?: boolean;
  revision?: number;
  timeout?: number;
}

/** Beyond a Deployment's progress deadline, how much virtual time a wait without --timeout allows. */
const DEADLINE_MARGIN_MS = 60_000;

export function registerRolloutStatus(rollout: Command, ctx: CommandContext): void {
  rollout
    .command("status")
    .summary("Show the status of the rollout")
    .description(
      "Show the status of the rollout, and by default wait until it finishes. When this process can run the\n" +
        "engine, virtual time is fast-forwarded; otherwise it follows the process that runs it.\n\n" +
        "Examples:\n  kdeck rollout status deployment/nginx",
    )
    .argument("[resources...]", "TYPE NAME or TYPE/NAME")
    .option("-f, --filename <file>", "files identifying the resource", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .option("-w, --watch [bool]", "watch the status of the rollout until it's done (default true)", parseBoolFlag)
    .option("--revision <n>", "pin to a specific revision for showing its status (deployments only)", parseIntFlag)
    .option("--timeout <duration>", "the length of (virtual) time to wait before ending watch; 0 means a deployment's progress deadline")
    .action(async (args: string[], opts: StatusOptions & { timeout?: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const timeout = opts.timeout === undefined || opts.timeout === "0" ? undefined : parseDurationFlag(String(opts.timeout));
      await withCluster(ctx, globals, (cluster) => runStatus(ctx, cluster, globals, args, { ...opts, timeout }));
    });
}

async function runStatus(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: StatusOptions): Promise<void> {
  const targets = await resolveTargets(ctx, cluster, globals, args, opts, "rollout");
  for (const t of targets) await watchOne(ctx, cluster, t, opts);
}

async function watchOne(ctx: CommandContext, cluster: Cluster, t: Target, opts: StatusOptions): Promise<void> {
  const viewer = statusViewerFor(t.kind.kind);
  if (!viewer) throw new Error(`no status viewer has been implemented for ${t.kind.group ? `${t.kind.kind}.${t.kind.group}` : t.kind.kind}`);
  const resource = resourceOf(t.kind);
  const ns = t.obj.metadata.namespace ?? "";
  const name = t.obj.metadata.name ?? "";
  const read = (): KubeObject => cluster.get(resource, ns, name);
  const look = (): RolloutState => viewer(read(), opts.revision ?? 0);
  let state = look();
  let last = "";
  const show = (s: RolloutState): void => {
    if (s.message && s.message !== last) ctx.io.stdout.write(s.message);
    last = s.message;
  };
  // With --timeout the wait is bounded; without, it lasts as long as the rollout progresses.
  const window = opts.timeout ?? defaultTimeout(t.obj);
  let deadline = cluster.now() + window;
  for (;;) {
    if (state.error) throw new Error(state.error);
    if (opts.timeout === undefined && state.message !== last) deadline = cluster.now() + window;
    show(state);
    if (state.done || opts.watch === false) return;
    const remaining = deadline - cluster.now();
    if (remaining <= 0) break;
    const before = state.message;
    let gone = false;
    const changed = await cluster.waitFor(() => {
      try {
        const s = look();
        return s.done || s.error !== undefined || s.message !== before;
      } catch (e) {
        if (isApiError(e, "NotFound")) {
          gone = true;
          return true;
        }
        throw e;
      }
    }, remaining);
    if (ctx.io.signal.aborted) return;
    if (gone) throw new Error(`object has been deleted`);
    state = look();
    if (!changed && !state.done && !state.error) break;
  }
  println(ctx.io.stderr, "error: timed out waiting for the condition");
  throw new ExitStatus(1);
}

/**
 * kubectl waits for ever; kdeck, fast-forwarding virtual time, stops once a rollout has
 * not moved for longer than a Deployment's progress deadline (10 minutes for the others).
 */
function defaultTimeout(obj: KubeObject): number {
  if (obj.kind === "Deployment") {
    const d = asKind<Deployment>(obj);
    return (d.spec?.progressDeadlineSeconds ?? 600) * 1000 + DEADLINE_MARGIN_MS;
  }
  return 10 * 60_000;
}
