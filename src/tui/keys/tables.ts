/**
 * The console's key bindings, as data: one table per view of command, keys,
 * description and when it applies. The footer, the `?` help screen and the README's
 * key list are generated from these tables, and the controller runs the command a
 * key resolves to here. A feature that does not exist yet has no binding.
 */
import { Command, type CommandId } from "./commands.js";

/** What a binding's `applies` may look at: the selected row and the machine. */
export interface BindingContext {
  /** Kind of the selected row: a registry kind (`Pod`, `Node`), `Container`, or undefined when there is none. */
  rowKind?: string;
  /** The selected row stands for an object in the cluster (container rows do not). */
  isObject: boolean;
  /** The selected object is namespaced. */
  namespaced: boolean;
  /** The selected row has pods to show logs of: a pod, a workload or a container. */
  hasPods: boolean;
  /** A clipboard program was found. */
  clipboard: boolean;
  /** The text view shows an object that can be edited. */
  editable: boolean;
  /** The console's drain is still running (the drain view's `esc` cancels it rather than closing). */
  drainRunning?: boolean;
}

/** One binding: a command, the keys that run it, and when. */
export interface Binding {
  command: CommandId;
  /** Canonical key names (`j`, `G`, `ctrl-d`, `shift-tab`, `pgdn`, `space`, `enter`, `esc`). */
  keys: readonly string[];
  description: string;
  /** When it applies, in words; omitted: whenever its view is showing. */
  when?: string;
  /** The same condition as a predicate, for the footer and the controller. */
  applies?: (ctx: BindingContext) => boolean;
  /** Shown in the footer as well as in the help screen. */
  footer?: boolean;
}

export type ViewId = "app" | "global" | "time" | "lists" | "nodes" | "workloads" | "events" | "logs" | "text" | "help" | "map" | "pulse" | "drain" | "prompt" | "dialog";

export interface KeyTable {
  view: ViewId;
  /** Heading in the help screen and the README. */
  title: string;
  bindings: readonly Binding[];
  /** Tables whose bindings also apply while this view has the keyboard, in priority order after this one. */
  inherits: readonly ViewId[];
  /** Only a building block of other views (never has the keyboard itself). */
  partial?: boolean;
}

const isObject = (c: BindingContext): boolean => c.isObject;
const kindIn =
  (...kinds: string[]) =>
  (c: BindingContext): boolean =>
    c.isObject && c.rowKind !== undefined && kinds.includes(c.rowKind);
const clipboardName = (c: BindingContext): boolean => c.clipboard && c.isObject;
const clipboardNamespace = (c: BindingContext): boolean => c.clipboard && c.isObject && c.namespaced;

const scroll = (what: string): Binding[] => [
  { command: Command.Up, keys: ["up", "k"], description: `up one ${what}` },
  { command: Command.Down, keys: ["down", "j"], description: `down one ${what}` },
  { command: Command.PageUp, keys: ["pgup", "ctrl-b"], description: "page up" },
  { command: Command.PageDown, keys: ["pgdn", "ctrl-f"], description: "page down" },
  { command: Command.Top, keys: ["g", "home"], description: "to the top" },
  { command: Command.Bottom, keys: ["G", "end"], description: "to the bottom" },
];

export const KEY_TABLES: readonly KeyTable[] = [
  {
    view: "app",
    title: "Everywhere",
    partial: true,
    inherits: [],
    bindings: [{ command: Command.Quit, keys: ["q", "ctrl-c"], description: "quit (ctrl-c also while typing)", footer: true }],
  },
  {
    view: "global",
    title: "Panes",
    partial: true,
    inherits: [],
    bindings: [
      { command: Command.Help, keys: ["?"], description: "help: every key", footer: true },
      { command: Command.FocusNext, keys: ["tab"], description: "focus the next pane", footer: true },
      { command: Command.FocusPrevious, keys: ["shift-tab"], description: "focus the previous pane" },
      { command: Command.Zoom, keys: ["z"], description: "zoom the focused pane to full screen, or back" },
      { command: Command.CommandPrompt, keys: [":"], description: "command: a kind (:po, :cm, :ns…), :no, :events, :ns NAME, :map, :pulse", footer: true },
      { command: Command.Filter, keys: ["/"], description: "filter the focused pane: text, -l SELECTOR, !TEXT for the inverse", footer: true },
      { command: Command.AllNamespaces, keys: ["0"], description: "all namespaces" },
      { command: Command.FavouriteNamespace, keys: ["1", "2", "3", "4", "5", "6", "7", "8", "9"], description: "favourite namespace 1–9 (listed in the header)" },
    ],
  },
  {
    view: "time",
    title: "Time",
    partial: true,
    inherits: [],
    bindings: [
      { command: Command.SpeedUp, keys: ["+"], description: "virtual time twice as fast" },
      { command: Command.SlowDown, keys: ["-"], description: "virtual time half as fast" },
      { command: Command.Pause, keys: ["."], description: "pause virtual time, or resume it" },
      { command: Command.Advance, keys: [">"], description: "advance virtual time by a duration (30s, 5m, 1h)" },
    ],
  },
  {
    view: "lists",
    title: "Lists (Nodes, Workloads, Events)",
    partial: true,
    inherits: [],
    bindings: [
      ...scroll("row"),
      { command: Command.Describe, keys: ["d"], description: "describe", when: "on an object", applies: isObject, footer: true },
      { command: Command.Yaml, keys: ["y"], description: "YAML", when: "on an object", applies: isObject, footer: true },
      { command: Command.Edit, keys: ["e"], description: "edit in $EDITOR, apply on save", when: "on an object", applies: isObject },
      { command: Command.Delete, keys: ["ctrl-d"], description: "delete, after a confirmation naming it and the cascade", when: "on an object", applies: isObject },
    ],
  },
  {
    view: "nodes",
    title: "Nodes",
    inherits: ["app", "global", "time", "lists"],
    bindings: [
      { command: Command.Enter, keys: ["enter"], description: "the node's pods", footer: true },
      { command: Command.Back, keys: ["esc"], description: "clear the filter and the marks" },
      { command: Command.Mark, keys: ["space"], description: "mark the node: cordon, uncordon and drain act on every marked node" },
      { command: Command.Cordon, keys: ["c"], description: "cordon: mark unschedulable", footer: true },
      { command: Command.Uncordon, keys: ["u"], description: "uncordon: mark schedulable", footer: true },
      { command: Command.Drain, keys: ["r"], description: "drain: cordon, then evict the pods (kubectl drain's options in a dialog, then its progress; shows a running drain again)", footer: true },
      { command: Command.CopyName, keys: ["C"], description: "copy the node's name", when: "a clipboard exists", applies: clipboardName },
    ],
  },
  {
    view: "workloads",
    title: "Workloads",
    inherits: ["app", "global", "time", "lists"],
    bindings: [
      { command: Command.Enter, keys: ["enter"], description: "drill down: workload → pods → containers → logs; namespace → switch to it", footer: true },
      { command: Command.Back, keys: ["esc"], description: "back: clear the filter, then leave the drill-down" },
      { command: Command.HistoryBack, keys: ["["], description: "previous view in history" },
      { command: Command.HistoryForward, keys: ["]"], description: "next view in history" },
      { command: Command.WorkloadLogs, keys: ["l"], description: "logs of all its pods (pinned in the Logs pane)", when: "on a pod, workload or container", applies: (c) => c.hasPods, footer: true },
      { command: Command.Scale, keys: ["s"], description: "scale: asks for the number of replicas", when: "on a Deployment, StatefulSet or ReplicaSet", applies: kindIn("Deployment", "StatefulSet", "ReplicaSet"), footer: true },
      { command: Command.Shell, keys: ["s"], description: "shell: sh in the container, back to the console on exit or ctrl-d", when: "on a pod (its default container) or a container", applies: (c) => kindIn("Pod")(c) || c.rowKind === "Container", footer: true },
      { command: Command.RolloutRestart, keys: ["r"], description: "rollout restart, after a confirmation", when: "on a Deployment, StatefulSet or DaemonSet", applies: kindIn("Deployment", "StatefulSet", "DaemonSet"), footer: true },
      { command: Command.RolloutUndo, keys: ["u"], description: "rollout undo: pick a revision from its history", when: "on a Deployment", applies: kindIn("Deployment") },
      { command: Command.SetImage, keys: ["i"], description: "set image: CONTAINER=IMAGE", when: "on a Deployment, StatefulSet, DaemonSet or ReplicaSet", applies: kindIn("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet") },
      { command: Command.TriggerCronJob, keys: ["t"], description: "trigger: run the CronJob's job now", when: "on a CronJob", applies: kindIn("CronJob"), footer: true },
      { command: Command.PauseResume, keys: ["p"], description: "pause or resume a Deployment's rollout, suspend or resume a CronJob", when: "on a Deployment or CronJob", applies: kindIn("Deployment", "CronJob") },
      { command: Command.CopyName, keys: ["c"], description: "copy the name", when: "a clipboard exists", applies: clipboardName },
      { command: Command.CopyNamespace, keys: ["n"], description: "copy the namespace", when: "a clipboard exists", applies: clipboardNamespace },
    ],
  },
  {
    view: "events",
    title: "Events",
    inherits: ["app", "global", "time", "lists"],
    bindings: [
      { command: Command.Enter, keys: ["enter"], description: "describe the event's object" },
      { command: Command.Back, keys: ["esc"], description: "clear the filter" },
      { command: Command.EventsFollow, keys: ["f"], description: "follow the selection of Nodes or Workloads, or show all events", footer: true },
      { command: Command.CopyName, keys: ["c"], description: "copy the event's name", when: "a clipboard exists", applies: clipboardName },
      { command: Command.CopyNamespace, keys: ["n"], description: "copy the namespace", when: "a clipboard exists", applies: clipboardNamespace },
    ],
  },
  {
    view: "logs",
    title: "Logs",
    inherits: ["app", "global", "time"],
    bindings: [
      ...scroll("line"),
      { command: Command.LogFollow, keys: ["f"], description: "follow new lines, or hold the view while they wait", footer: true },
      { command: Command.LogWrap, keys: ["w"], description: "wrap long lines" },
      { command: Command.LogTimestamps, keys: ["t"], description: "show timestamps", footer: true },
      { command: Command.LogContainer, keys: ["c"], description: "only containers whose name contains…" },
      { command: Command.LogPrevious, keys: ["p"], description: "the previous instance of each container, or the current one" },
      { command: Command.LogSince, keys: ["s"], description: "since 1m, 5m, 15m, 1h, or everything" },
      { command: Command.LogClear, keys: ["x"], description: "clear the lines shown so far" },
      { command: Command.LogSave, keys: ["ctrl-s"], description: "save the lines shown to a file" },
      { command: Command.Back, keys: ["esc"], description: "clear the filter, then unpin: follow the Workloads selection" },
    ],
  },
  {
    view: "text",
    title: "Describe and YAML",
    inherits: ["app"],
    bindings: [
      ...scroll("line"),
      { command: Command.Edit, keys: ["e"], description: "edit in $EDITOR, apply on save", when: "showing an object", applies: (c) => c.editable, footer: true },
      { command: Command.Close, keys: ["esc"], description: "back", footer: true },
    ],
  },
  {
    view: "help",
    title: "Help",
    inherits: ["app"],
    bindings: [...scroll("line"), { command: Command.Close, keys: ["esc", "?"], description: "back", footer: true }],
  },
  {
    view: "map",
    title: "Map (:map)",
    inherits: ["app", "time"],
    bindings: [...scroll("line"), { command: Command.Close, keys: ["esc"], description: "back", footer: true }],
  },
  {
    view: "pulse",
    title: "Pulse (:pulse)",
    inherits: ["app", "time"],
    bindings: [{ command: Command.Close, keys: ["esc"], description: "back", footer: true }],
  },
  {
    view: "drain",
    title: "Drain progress (r on Nodes)",
    inherits: ["app", "time"],
    bindings: [
      ...scroll("line"),
      { command: Command.DrainCancel, keys: ["esc"], description: "cancel the drain, after a confirmation (the node stays cordoned)", when: "while it runs", applies: (c) => c.drainRunning === true, footer: true },
      { command: Command.Close, keys: ["esc"], description: "close", when: "once it has ended", applies: (c) => c.drainRunning !== true, footer: true },
      { command: Command.DrainHide, keys: ["h"], description: "hide: back to the panes while it runs on (r on Nodes shows it again)", when: "while it runs", applies: (c) => c.drainRunning === true, footer: true },
    ],
  },
  {
    view: "prompt",
    title: "Prompts (:, /, and questions)",
    inherits: [],
    bindings: [
      { command: Command.Submit, keys: ["enter"], description: "run", footer: true },
      { command: Command.Cancel, keys: ["esc"], description: "cancel", footer: true },
      { command: Command.Complete, keys: ["tab"], description: "complete the suggestion", footer: true },
      { command: Command.PromptHistoryBack, keys: ["up"], description: "previous entry" },
      { command: Command.PromptHistoryForward, keys: ["down"], description: "next entry" },
      { command: Command.Quit, keys: ["ctrl-c"], description: "quit" },
    ],
  },
  {
    view: "dialog",
    title: "Confirmations and dialogs",
    inherits: [],
    bindings: [
      { command: Command.Yes, keys: ["y", "enter"], description: "yes", footer: true },
      { command: Command.No, keys: ["n", "esc"], description: "no", footer: true },
      { command: Command.NextField, keys: ["tab", "down"], description: "next option" },
      { command: Command.PreviousField, keys: ["shift-tab", "up"], description: "previous option" },
      { command: Command.ChangeField, keys: ["space", "left", "right"], description: "change the option" },
      { command: Command.Quit, keys: ["ctrl-c"], description: "quit" },
    ],
  },
];

const byView = new Map(KEY_TABLES.map((t) => [t.view, t]));

export function keyTable(view: ViewId): KeyTable {
  const t = byView.get(view);
  if (!t) throw new Error(`no key table for view ${view}`);
  return t;
}

/** Every binding live in a view: its own first, then those it inherits, in order. */
export function effectiveBindings(view: ViewId): readonly Binding[] {
  const t = keyTable(view);
  return [...t.bindings, ...t.inherits.flatMap((v) => keyTable(v).bindings)];
}
