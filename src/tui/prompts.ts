/**
 * What the prompts do: `:` commands (kinds from the registry, and the commands of
 * keys/colon-commands.ts), `/` filters (live while typing), the `>` duration and the
 * Logs pane's container choice. Completion offers kinds, aliases and namespaces.
 */
import { KINDS, resolveResourceArg, resourceOf } from "../client/kinds.js";
import type { Console } from "./console.js";
import { errorMessage } from "./data/actions.js";
import { scale, setImage } from "./data/workload-actions.js";
import { COLON_COMMANDS } from "./keys/colon-commands.js";
import { formatClock } from "./presenters/header.js";
import { parseFilter } from "./state/filter.js";
import { formatDuration, parseDuration } from "./state/duration.js";
import { backspace, historyStep, suggestion, typeText, type PromptState } from "./state/prompt.js";
import { closePrompt, focusPane, openOverlay, setFilter, setNamespace, setPrompt, showResource, updateLogs, WORKLOADS } from "./state/ui.js";

function colonNames(): string[] {
  return COLON_COMMANDS.flatMap((c) => c.names);
}

/** Words `tab` can complete in a prompt. */
export function candidates(c: Console, p: PromptState): string[] {
  if (p.kind !== "command") return [];
  const words = p.text.split(" ");
  if (words.length <= 1) return [...new Set([...colonNames(), ...KINDS.flatMap((k) => [k.plural, k.singular, ...k.shortNames])])];
  if (words.length === 2 && ["ns", "namespace", "namespaces"].includes(words[0]!.toLowerCase())) {
    return ["all", ...c.cache.of("namespaces").all().map((n) => n.metadata.name ?? "")];
  }
  return [];
}

export function promptSuggestion(c: Console, p: PromptState): string {
  return suggestion(p.text, candidates(c, p));
}

/** Text typed into the open prompt; a `/` filter applies as it is typed. */
export function promptType(c: Console, text: string): void {
  const p = c.ui.prompt;
  if (!p) return;
  const next = typeText(p, text);
  c.update((s) => live(setPrompt(s, next), next));
}

export function promptBackspace(c: Console): void {
  const p = c.ui.prompt;
  if (!p) return;
  const next = backspace(p);
  c.update((s) => live(setPrompt(s, next), next));
}

export function promptComplete(c: Console): void {
  const p = c.ui.prompt;
  if (!p) return;
  const rest = promptSuggestion(c, p);
  if (rest) c.update((s) => setPrompt(s, { ...p, text: p.text + rest + (p.kind === "command" ? " " : "") }));
}

export function promptHistory(c: Console, direction: -1 | 1): void {
  const p = c.ui.prompt;
  if (!p) return;
  const next = historyStep(p, c.ui.promptHistory[p.kind], direction);
  c.update((s) => live(setPrompt(s, next), next));
}

/** Filters as typed: the pane narrows with each key (a Logs label selector waits for enter). */
function live(s: Console["ui"], p: PromptState): Console["ui"] {
  if (p.kind !== "filter") return s;
  if (s.focus === "logs" && parseFilter(p.text).type === "label") return s;
  return setFilter(s, s.focus, p.text);
}

export function promptCancel(c: Console): void {
  const p = c.ui.prompt;
  if (!p) return;
  c.update((s) => {
    const restored = p.kind === "filter" && p.before !== undefined ? setFilter(s, s.focus, p.before) : s;
    return closePrompt(restored, false);
  });
}

export function promptSubmit(c: Console): void {
  const p = c.ui.prompt;
  if (!p) return;
  c.update((s) => closePrompt(s, true));
  const text = p.text.trim();
  switch (p.kind) {
    case "command":
      return runColon(c, text);
    case "filter":
      return submitFilter(c, text);
    case "advance":
      return advance(c, text);
    case "container":
      return c.update((s) => updateLogs(s, { container: text }));
    case "scale":
    case "image":
      return answerWorkload(c, p, text);
  }
}

function answerWorkload(c: Console, p: PromptState, text: string): void {
  const t = p.target;
  const obj = t ? c.cluster.tryGet(t.resource, t.namespace, t.name) : undefined;
  if (!t || !obj) return c.error(`${t?.name ?? "the object"} no longer exists`);
  if (p.kind === "scale" && !/^\d+$/.test(text)) return c.error(`"${text}" is not a number of replicas`);
  const r = p.kind === "scale" ? scale(c.cluster, obj, Number(text)) : setImage(c.cluster, obj, text);
  return r.ok ? c.info(r.message) : c.error(r.message);
}

function submitFilter(c: Console, text: string): void {
  const filter = parseFilter(text);
  if (c.ui.focus === "logs" && filter.type === "label") {
    c.update((s) => setFilter(s, "logs", ""));
    c.tail({ label: `-l ${filter.selector}`, ...(c.ui.namespace ? { namespace: c.ui.namespace } : {}), selector: filter.selector }, true);
    return;
  }
  c.update((s) => setFilter(s, s.focus, text));
}

function advance(c: Console, text: string): void {
  if (text === "") return;
  const ms = parseDuration(text);
  if (ms === undefined) return c.error(`"${text}" is not a duration: try 30s, 5m or 1h30m`);
  c.info(`advancing ${formatDuration(ms)}…`);
  // Let the status show before the engine takes the thread.
  setTimeout(() => {
    c.cluster.advance(ms).then(
      () => c.info(`advanced ${formatDuration(ms)} to ${formatClock(c.cluster.now())}`),
      (e: unknown) => c.error(errorMessage(e)),
    );
  }, 0);
}

/** Runs a `:` command line. */
export function runColon(c: Console, line: string): void {
  const [word = "", ...rest] = line.split(/\s+/).filter(Boolean);
  const arg = rest.join(" ");
  const lower = word.toLowerCase();
  if (lower === "") return;
  const command = COLON_COMMANDS.find((x) => x.names.includes(lower));
  switch (command?.names[0]) {
    case "workloads":
      return c.update((s) => focusPane(showResource(s, WORKLOADS, arg), "workloads"));
    case "nodes":
      return c.update((s) => focusPane(arg ? setFilter(s, "nodes", arg) : s, "nodes"));
    case "events":
      return c.update((s) => focusPane(arg ? setFilter(s, "events", arg) : s, "events"));
    case "ns":
      return namespaceCommand(c, arg);
    case "logs":
      return logsCommand(c, arg);
    case "map":
      return c.update((s) => openOverlay(s, { type: "map", scroll: 0 }));
    case "pulse":
      return c.update((s) => openOverlay(s, { type: "pulse" }));
    case "help":
      return c.update((s) => openOverlay(s, { type: "help", scroll: 0 }));
    case "quit":
      return c.opts.quit();
  }
  try {
    const kind = resolveResourceArg(word);
    if (kind.kind === "Node") return c.update((s) => focusPane(arg ? setFilter(s, "nodes", arg) : s, "nodes"));
    if (kind.kind === "Event") return c.update((s) => focusPane(arg ? setFilter(s, "events", arg) : s, "events"));
    c.update((s) => focusPane(showResource(s, resourceOf(kind), arg), "workloads"));
  } catch (e) {
    c.error(errorMessage(e));
  }
}

function namespaceCommand(c: Console, arg: string): void {
  if (arg === "") return c.update((s) => focusPane(showResource(s, "namespaces"), "workloads"));
  if (arg === "all" || arg === "*" || arg === "-A") return c.update((s) => setNamespace(s, ""));
  if (!c.cache.of("namespaces").get(arg)) return c.error(`Error from server (NotFound): namespaces "${arg}" not found`);
  c.update((s) => setNamespace(s, arg));
}

function logsCommand(c: Console, arg: string): void {
  const filter = parseFilter(arg);
  const ns = c.ui.namespace;
  if (filter.type === "label") {
    c.tail({ label: `-l ${filter.selector}`, ...(ns ? { namespace: ns } : {}), selector: filter.selector }, true);
  } else if (arg !== "") {
    const pod = arg.replace(/^(pods?|po)\//, "");
    c.tail({ label: `pod/${pod}`, namespace: ns || "default", pod }, true);
  } else {
    return c.error("usage: :logs -l SELECTOR, or :logs POD");
  }
  c.update((s) => focusPane(s, "logs"));
}
