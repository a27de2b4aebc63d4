/**
 * Runs commands: what each key table's command does to the view state and, through
 * the Cluster interface, to the cluster. Key presses arrive here already resolved to
 * commands (keys/match.ts); prompts and dialogs have their own modules.
 */
import { Command, type CommandId } from "./keys/commands.js";
import type { Console } from "./console.js";
import { logTargetFor } from "./console.js";
import { errorMessage, setSchedulable } from "./data/actions.js";
import { containerOfKey } from "./presenters/containers.js";
import { servedWorkloadKinds, workloadSelector } from "./presenters/workloads.js";
import { resourceOf, kindForObject } from "../client/kinds.js";
import type { KubeObject } from "../client/cluster.js";
import { openPrompt } from "./state/prompt.js";
import { deleteDialog } from "./state/dialog.js";
import { nextSpeed } from "./state/duration.js";
import { nextSince, scrollLogs, toggleFollow } from "./state/log-view.js";
import type { ListMove } from "./state/list.js";
import {
  clearMarks,
  closeOverlay,
  cycleFocus,
  drill,
  filterOf,
  focusPane,
  goBack,
  goForward,
  moveList,
  openOverlay,
  popDrill,
  scrollOverlay,
  setFilter,
  setNamespace,
  setPrompt,
  showResource,
  toggleMark,
  toggleZoom,
  updateLogs,
  WORKLOADS,
  type ListPane,
} from "./state/ui.js";
import { describeObject, editObject, saveLogs, workloadAction, yamlOf } from "./effects.js";
import { helpLineCount, overlayLineCount } from "./screen.js";
import { askCancelDrain, drainCommand, hideDrain, scrollDrainView } from "./drain.js";

const MOVES: Partial<Record<CommandId, ListMove>> = {
  [Command.Up]: "up",
  [Command.Down]: "down",
  [Command.PageUp]: "pageUp",
  [Command.PageDown]: "pageDown",
  [Command.Top]: "top",
  [Command.Bottom]: "bottom",
};

/** Runs a command in the view that has the keyboard. `key` is the key that ran it (the digit of `1`–`9`). */
export function runCommand(c: Console, command: CommandId, key: string): void {
  const move = MOVES[command];
  if (move) return scroll(c, move);
  switch (command) {
    case Command.Quit:
      return c.opts.quit();
    case Command.Help:
      return c.update((s) => openOverlay(s, { type: "help", scroll: 0 }));
    case Command.Close:
      return c.update(closeOverlay);
    case Command.FocusNext:
      return c.update((s) => cycleFocus(s, 1));
    case Command.FocusPrevious:
      return c.update((s) => cycleFocus(s, -1));
    case Command.Zoom:
      return c.update(toggleZoom);
    case Command.CommandPrompt:
      return c.update((s) => setPrompt(s, openPrompt("command", ":")));
    case Command.Filter: {
      const current = filterOf(c.ui, c.ui.focus);
      return c.update((s) => setPrompt(s, openPrompt("filter", "/", current, current)));
    }
    case Command.AllNamespaces:
      return c.update((s) => setNamespace(s, ""));
    case Command.FavouriteNamespace: {
      const ns = c.favourites()[Number(key) - 1];
      if (!ns) return c.error(`no favourite namespace ${key}: the cluster has ${c.favourites().length}`);
      return c.update((s) => setNamespace(s, ns));
    }
    case Command.SpeedUp:
    case Command.SlowDown:
      return changeSpeed(c, command === Command.SpeedUp ? 1 : -1);
    case Command.Pause:
      return togglePause(c);
    case Command.Advance:
      return c.update((s) => setPrompt(s, openPrompt("advance", "advance time by (30s, 5m, 1h): ")));
    case Command.Enter:
      return enter(c);
    case Command.Back:
      return back(c);
    case Command.HistoryBack:
      return c.update(goBack);
    case Command.HistoryForward:
      return c.update(goForward);
    case Command.Describe:
    case Command.Yaml:
      return show(c, command === Command.Describe ? "describe" : "yaml");
    case Command.Edit:
      return edit(c);
    case Command.Delete:
      return confirmDelete(c);
    case Command.CopyName:
    case Command.CopyNamespace:
      return copy(c, command === Command.CopyName ? "name" : "namespace");
    case Command.Cordon:
    case Command.Uncordon:
      return cordon(c, command === Command.Cordon);
    case Command.Mark:
      return mark(c);
    case Command.Drain:
      return drainCommand(c);
    case Command.DrainCancel:
      return askCancelDrain(c);
    case Command.DrainHide:
      return hideDrain(c);
    case Command.WorkloadLogs:
      return workloadLogs(c);
    case Command.Shell:
      return shell(c);
    case Command.Scale:
    case Command.RolloutRestart:
    case Command.RolloutUndo:
    case Command.SetImage:
    case Command.TriggerCronJob:
    case Command.PauseResume:
      return workloadAction(c, command, selected(c)?.object);
    case Command.EventsFollow:
      return c.update((s) => ({ ...s, events: { ...s.events, followSelection: !s.events.followSelection } }));
    case Command.LogFollow:
      return c.update((s) => updateLogs(s, toggleFollow(s.logs, c.logMatches())));
    case Command.LogWrap:
      return c.update((s) => updateLogs(s, { wrap: !s.logs.wrap }));
    case Command.LogTimestamps:
      return c.update((s) => updateLogs(s, { timestamps: !s.logs.timestamps }));
    case Command.LogContainer:
      return c.update((s) => setPrompt(s, openPrompt("container", "only containers whose name contains: ", s.logs.container)));
    case Command.LogPrevious:
      c.ui = updateLogs(c.ui, { previous: !c.ui.logs.previous, follow: true, anchor: undefined });
      c.retail();
      return c.info(c.ui.logs.previous ? "showing each container's previous instance" : "showing the current instances");
    case Command.LogSince:
      c.ui = updateLogs(c.ui, { since: nextSince(c.ui.logs.since), follow: true, anchor: undefined });
      c.retail();
      return c.info(c.ui.logs.since ? `logs since ${c.ui.logs.since} ago` : "all logs");
    case Command.LogClear:
      c.ring.clear();
      return c.update((s) => updateLogs(s, { follow: true, anchor: undefined }));
    case Command.LogSave:
      return saveLogs(c);
    default:
      return;
  }
}

function scroll(c: Console, move: ListMove): void {
  const o = c.ui.overlay;
  if (o?.type === "drain") return scrollDrainView(c, move);
  if (o) {
    const height = Math.max(1, c.layout().height - c.layout().header - c.layout().footer - 2);
    const total = o.type === "help" ? helpLineCount(c) : overlayLineCount(c);
    return c.update((s) => scrollOverlay(s, move, total, height));
  }
  if (c.ui.focus === "logs") {
    return c.update((s) => updateLogs(s, scrollLogs(s.logs, move, c.logMatches(), c.paneRows("logs"))));
  }
  const pane = c.ui.focus;
  const model = c.list(pane);
  c.update((s) => moveList(s, pane, move, model.keys, c.paneRows(pane)));
}

function changeSpeed(c: Console, step: 1 | -1): void {
  const st = c.cluster.engineStatus();
  if (!st.leader) return c.error(followerMessage(c, "change the speed"));
  const speed = nextSpeed(st.speed, step);
  c.cluster.setSpeed(speed);
  c.info(`virtual time runs at ×${speed}`);
}

function togglePause(c: Console): void {
  const st = c.cluster.engineStatus();
  if (!st.leader) return c.error(followerMessage(c, "pause time"));
  if (st.speed > 0 && st.running) {
    c.resumeSpeed = st.speed;
    c.cluster.setSpeed(0);
    return c.info("virtual time paused (. resumes)");
  }
  c.cluster.setSpeed(c.resumeSpeed || 1);
  c.info(`virtual time runs at ×${c.resumeSpeed || 1}`);
}

function followerMessage(c: Console, what: string): string {
  const holder = c.cluster.engineStatus().holder;
  return `cannot ${what}: the engine runs in ${holder ? `process ${holder.pid} on ${holder.host}` : "another process"}; do it in that console`;
}

/** The selected object of the focused list pane, with the container of a container row. */
function selected(c: Console): { pane: ListPane; object?: KubeObject; container?: string; key?: string; kind?: string } | undefined {
  const pane = c.ui.focus;
  if (pane === "logs") return undefined;
  const sel = c.selection(pane);
  const container = sel.model.rowKind === "Container" && sel.key ? containerOfKey(sel.key) : undefined;
  return { pane, ...(sel.object ? { object: sel.object, kind: sel.object.kind } : {}), ...(container ? { container } : {}), ...(sel.key ? { key: sel.key } : {}) };
}

function enter(c: Console): void {
  const sel = selected(c);
  const obj = sel?.object;
  if (!sel || !obj) return;
  const name = obj.metadata.name ?? "";
  const ns = obj.metadata.namespace ?? "";
  if (sel.pane === "nodes") {
    c.update((s) => focusPane(drill(s, "pods", { type: "node", node: name }), "workloads"));
    return;
  }
  if (sel.pane === "events") {
    const ref = (obj as unknown as { involvedObject?: { kind?: string; name?: string; namespace?: string; apiVersion?: string } }).involvedObject;
    if (!ref?.kind || !ref.name) return;
    try {
      const kind = kindForObject(ref.apiVersion ?? "v1", ref.kind);
      const target = c.cluster.tryGet(resourceOf(kind), kind.namespaced ? (ref.namespace ?? ns) : "", ref.name);
      if (!target) return c.error(`${ref.kind.toLowerCase()}/${ref.name} no longer exists`);
      return describeObject(c, target);
    } catch (e) {
      return c.error(e instanceof Error ? e.message : String(e));
    }
  }
  if (sel.container) {
    c.tail(logTargetFor(obj, sel.container), true);
    return focusLogs(c);
  }
  switch (obj.kind) {
    case "Pod":
      return c.update((s) => drill(s, "pods", { type: "pod", namespace: ns, name }));
    case "Namespace":
      return c.update((s) => showResource(setNamespace(s, name), WORKLOADS));
    case "CronJob": {
      const jobs = servedWorkloadKinds().find((k) => k.kind === "Job");
      if (jobs) return c.update((s) => drill(s, resourceOf(jobs), { type: "owner", namespace: ns, uid: obj.metadata.uid ?? "", label: `cj/${name}` }));
      return describeObject(c, obj);
    }
    default: {
      const selector = workloadSelector(obj);
      if (selector) return c.update((s) => drill(s, "pods", { type: "selector", namespace: ns, selector, label: `${obj.kind.toLowerCase()}/${name}` }));
      return describeObject(c, obj);
    }
  }
}

function focusLogs(c: Console): void {
  c.update((s) => focusPane(s, "logs"));
}

function back(c: Console): void {
  const pane = c.ui.focus;
  if (filterOf(c.ui, pane) !== "") return c.update((s) => setFilter(s, pane, ""));
  if (pane === "nodes") return c.update(clearMarks);
  if (pane === "workloads") {
    const popped = popDrill(c.ui);
    if (popped) c.update(() => popped);
    return;
  }
  if (pane === "logs" && c.ui.logs.pinned) {
    c.ui = updateLogs(c.ui, { pinned: false });
    const target = c.targetForSelection();
    c.tail(target ?? c.ui.logs.target, false);
    return c.info("the Logs pane follows the Workloads selection again");
  }
}

function show(c: Console, mode: "describe" | "yaml"): void {
  const obj = selected(c)?.object;
  if (!obj) return;
  if (mode === "describe") return describeObject(c, obj);
  const lines = yamlOf(obj).split("\n");
  c.update((s) => openOverlay(s, { type: "text", mode: "yaml", title: `${obj.kind.toLowerCase()}/${obj.metadata.name ?? ""} (YAML)`, lines, scroll: 0, source: sourceOf(obj) }));
}

function sourceOf(obj: KubeObject): { resource: string; namespace: string; name: string } {
  return { resource: resourceOf(kindForObject(obj.apiVersion, obj.kind)), namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "" };
}

function edit(c: Console): void {
  const o = c.ui.overlay;
  if (o?.type === "text" && o.source) {
    const obj = c.cluster.tryGet(o.source.resource, o.source.namespace, o.source.name);
    if (!obj) return c.error(`${o.source.resource} "${o.source.name}" no longer exists`);
    return editObject(c, obj);
  }
  const obj = selected(c)?.object;
  if (obj) editObject(c, obj);
}

function confirmDelete(c: Console): void {
  const sel = selected(c);
  if (!sel?.object) return;
  const objs = sel.pane === "nodes" && c.ui.nodes.marks.length > 0 ? c.ui.nodes.marks.map((n) => c.cache.of("nodes").get(n)).filter((n): n is KubeObject => n !== undefined) : [sel.object];
  const targets = objs.map((o) => ({ ...sourceOf(o), kind: o.kind }));
  c.update((s) => ({ ...s, dialog: deleteDialog(targets) }));
}

function copy(c: Console, what: "name" | "namespace"): void {
  const obj = selected(c)?.object;
  const clip = c.opts.clipboard;
  if (!obj || !clip) return;
  const text = what === "name" ? (obj.metadata.name ?? "") : (obj.metadata.namespace ?? "");
  if (clip(text)) c.info(`copied ${what} ${text}`);
  else c.error(`could not copy the ${what}: the clipboard program failed`);
}

function markedOrSelected(c: Console): string[] {
  if (c.ui.nodes.marks.length > 0) return [...c.ui.nodes.marks];
  const obj = c.selection("nodes").object;
  return obj ? [obj.metadata.name ?? ""] : [];
}

function cordon(c: Console, on: boolean): void {
  const nodes = markedOrSelected(c);
  if (nodes.length === 0) return;
  const r = setSchedulable(c.cluster, nodes, on);
  c.update(clearMarks);
  if (r.ok) c.info(r.message);
  else c.error(r.message);
}

function mark(c: Console): void {
  const sel = c.selection("nodes");
  if (!sel.key) return;
  const model = sel.model;
  c.update((s) => moveList(toggleMark(s, sel.key!), "nodes", "down", model.keys, c.paneRows("nodes")));
}

function workloadLogs(c: Console): void {
  const sel = selected(c);
  if (!sel?.object) return;
  const target = logTargetFor(sel.object, sel.container);
  if (!target) return c.error(`${sel.object.kind.toLowerCase()}/${sel.object.metadata.name ?? ""} selects no pods`);
  c.tail(target, true);
  focusLogs(c);
}

/** The container `s` opens a shell in: the row's, else the pod's default (kubectl's rule: the annotation, else the first). */
function shellContainer(pod: KubeObject, container: string | undefined): string {
  if (container) return container;
  const spec = pod.spec as { containers?: { name: string }[] } | undefined;
  const names = (spec?.containers ?? []).map((x) => x.name);
  const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
  return annotated && names.includes(annotated) ? annotated : (names[0] ?? "");
}

/** `s` on a pod or a container: a shell in it, like `kdeck exec -it POD -c CONTAINER -- sh`; the console comes back on exit. */
function shell(c: Console): void {
  const sel = selected(c);
  const pod = sel?.object;
  if (!pod || pod.kind !== "Pod") return;
  const run = c.opts.shell;
  if (!run) return c.error("a shell needs a terminal: run kdeck in one");
  const name = pod.metadata.name ?? "";
  const ns = pod.metadata.namespace ?? "";
  const container = shellContainer(pod, sel.container);
  // A pod that is not running (or a container that is not) says why now, in the status line.
  const session = c.cluster.openShell(ns, name, container);
  const title = `pod/${name} › ${container}${ns ? ` in namespace ${ns}` : ""}`;
  run(session, title).then(
    (status) => c.info(`the shell in pod/${name} › ${container} exited${status !== 0 ? ` with status ${status}` : ""}`),
    (e: unknown) => c.error(`the shell in pod/${name} › ${container} failed: ${errorMessage(e)}`),
  );
}
