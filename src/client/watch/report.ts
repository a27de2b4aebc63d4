import type { FileIssue } from "./folder.js";
import type { RoundResult } from "./round.js";

/** A round as lines of text: what changed on stdout, what went wrong on stderr. */
export interface RoundLines {
  readonly out: readonly string[];
  readonly err: readonly string[];
}

export interface RoundLineOptions {
  /** List unchanged objects one by one (apply does), rather than counting them (a watch does). */
  listUnchanged?: boolean;
  /** After each object line when the round is a dry run: ` (dry run)`, ` (server dry run)`. */
  dryRunSuffix?: string;
}

/** `manifests/web.yaml:7:3: pod/web: spec.containers[0].image: Required value`: a position editors and terminals can jump to. */
export function formatIssue(issue: FileIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.object ? `${issue.object}: ` : ""}${issue.message}`;
}

/** The header a watch prints when a round starts its report: what set it off. */
export function roundHeadline(r: RoundResult): string {
  const files = [...r.filesRead.map((f) => `${f} changed`), ...r.filesRemoved.map((f) => `${f} removed`)];
  switch (r.trigger) {
    case "initial":
      return `round ${r.number}: applying the folder (${r.filesRead.length} ${r.filesRead.length === 1 ? "file" : "files"})`;
    case "drift":
      return `round ${r.number}: re-applying objects changed in the cluster`;
    default:
      return `round ${r.number}: ${files.length > 0 ? summarize(files) : "re-applying"}`;
  }
}

function summarize(items: readonly string[]): string {
  return items.length <= 3 ? items.join(", ") : `${items.slice(0, 3).join(", ")} and ${items.length - 3} more`;
}

/**
 * kubectl's lines for a round: `deployment.apps/web configured`, `pod/old pruned`,
 * unchanged objects counted (`12 unchanged`) unless listed, members kept with their
 * reason, errors as `error: file:line:column: …`, and why nothing was pruned.
 */
export function roundLines(r: RoundResult, opts: RoundLineOptions = {}): RoundLines {
  const out: string[] = [];
  const err: string[] = [];
  const suffix = r.dryRun ? (opts.dryRunSuffix ?? " (dry run)") : "";
  if (r.fatal) err.push(`error: ${r.fatal}`);
  for (const o of r.outcomes) {
    if (o.action === "failed") continue; // its issue says why, below
    if (o.action === "unchanged" && !opts.listUnchanged) continue;
    if (o.action === "kept") out.push(`${o.name} not pruned: ${o.message ?? ""}`);
    else out.push(`${o.name} ${o.action}${suffix}`);
  }
  if (!opts.listUnchanged && r.counts.unchanged > 0) out.push(`${r.counts.unchanged} unchanged`);
  for (const issue of r.issues) err.push(`error: ${formatIssue(issue)}`);
  if (r.prune.state === "skipped" && !r.fatal) err.push(`prune skipped: ${r.prune.reason ?? ""}`);
  if (r.prune.state === "refused") err.push(`error: ${r.prune.reason ?? "prune refused"}`);
  if (out.length === 0 && err.length === 0) out.push("no changes");
  return { out, err };
}
