/**
 * Commands that reach outside the view state: describe and YAML (read through the
 * Cluster interface), edit (the user's editor, then an update), and saving logs.
 */
import fs from "node:fs";
import path from "node:path";
import type { KubeObject } from "../client/cluster.js";
import { describeObject as kubectlDescribe } from "../client/describe/index.js";
import { asKind, kindForObject, resourceOf } from "../client/kinds.js";
import { formatYaml } from "../client/output/index.js";
import type { Event } from "../client/types.js";
import type { Console } from "./console.js";
import { applyEdit, editBuffer, errorMessage } from "./data/actions.js";
import { isAbout } from "./presenters/events.js";
import { logLine } from "./presenters/logs.js";
import { Command, type CommandId } from "./keys/commands.js";
import { restartDialog, undoDialog } from "./state/dialog.js";
import { openPrompt } from "./state/prompt.js";
import { openOverlay, setDialog, setPrompt } from "./state/ui.js";
import { replicasOf, revisions, templateImages, togglePause, triggerCronJob } from "./data/workload-actions.js";

/** `kubectl get -o yaml` of one object. */
export function yamlOf(obj: KubeObject): string {
  return formatYaml([obj], true);
}

/** `kubectl describe` of one object, with its events, as the CLI prints it (the same describer, events from the cache). */
export function describeText(c: Console, obj: KubeObject): string {
  const now = c.cluster.now();
  const subject = { kind: obj.kind, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "", ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}) };
  const events = c.cache
    .of("events")
    .all()
    .filter((e) => isAbout(e, subject))
    .map((e) => asKind<Event>(e));
  return kubectlDescribe(c.cluster, kindForObject(obj.apiVersion, obj.kind), obj, events, { now });
}

export function describeObject(c: Console, obj: KubeObject): void {
  const lines = describeText(c, obj).replace(/\n$/, "").split("\n");
  const source = { resource: resourceOf(kindForObject(obj.apiVersion, obj.kind)), namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "" };
  c.update((s) => openOverlay(s, { type: "text", mode: "describe", title: `describe ${obj.kind.toLowerCase()}/${obj.metadata.name ?? ""}`, lines, scroll: 0, source }));
}

/**
 * Opens the object in the editor and applies what was saved. A bad edit applies
 * nothing: a dialog shows the error and offers to re-open the edited text.
 */
export function editObject(c: Console, obj: KubeObject, text?: string, error?: string): void {
  const edit = c.opts.edit;
  if (!edit) return c.error("editing needs a terminal: run kdeck in one, with $EDITOR set");
  const original = yamlOf(obj);
  let saved: string;
  try {
    saved = edit(editBuffer(text ?? original, error), `${obj.kind.toLowerCase()}-${obj.metadata.name ?? ""}`);
  } catch (e) {
    return c.error(errorMessage(e));
  }
  const outcome = applyEdit(c.cluster, obj, original, saved);
  if (outcome.type === "unchanged") return c.info("Edit cancelled, no changes made.");
  if (outcome.type === "applied") {
    c.update((s) => ({ ...s, overlay: s.overlay?.type === "text" ? undefined : s.overlay }));
    return c.info(outcome.message);
  }
  const body = saved.split("\n").filter((l, i, all) => !(l.startsWith("#") && all.slice(0, i).every((x) => x.startsWith("#")))).join("\n");
  c.update((s) =>
    setDialog(s, {
      title: "Edit failed: nothing was applied",
      message: outcome.message.split("\n"),
      fields: [],
      focus: 0,
      yesLabel: "re-open the editor with your changes",
      noLabel: "discard them",
      danger: true,
      action: { type: "reopenEdit", resource: resourceOf(kindForObject(obj.apiVersion, obj.kind)), namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "", text: body },
    }),
  );
  c.error(outcome.message.split("\n")[0]!);
}

/** Writes the lines the Logs pane shows (filter and container applied) to a file. */
export function saveLogs(c: Console): void {
  const matches = c.logMatches();
  if (matches.length === 0) return c.error("no log lines to save");
  const label = (c.ui.logs.target?.label ?? "logs").replace(/[^a-zA-Z0-9._-]+/g, "_");
  const stamp = new Date(c.cluster.now()).toISOString().replace(/[:.]/g, "-");
  const file = path.join(c.opts.saveDir ?? process.cwd(), `kdeck-${label}-${stamp}.log`);
  const out: string[] = [];
  for (let i = 0; i < matches.length; i++) {
    const e = c.ring.at(matches.seqAt(i));
    if (e) out.push(logLine(e, { timestamps: true, showPod: true, highlight: "" }).map((s) => s.text).join(""));
  }
  try {
    fs.writeFileSync(file, out.join("\n") + "\n");
    c.info(`saved ${out.length} lines to ${file}`);
  } catch (e) {
    c.error(`cannot save the logs: ${errorMessage(e)}`);
  }
}

/** Scale, restart, undo, set image, trigger and pause: a question first where kubectl takes an argument. */
export function workloadAction(c: Console, command: CommandId, obj: KubeObject | undefined): void {
  if (!obj) return;
  const target = { resource: resourceOf(kindForObject(obj.apiVersion, obj.kind)), namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "" };
  const label = `${obj.kind.toLowerCase()}/${target.name}`;
  const report = (r: { ok: boolean; message: string }): void => (r.ok ? c.info(r.message) : c.error(r.message));
  switch (command) {
    case Command.Scale:
      return c.update((s) => setPrompt(s, openPrompt("scale", `scale ${label} to replicas: `, String(replicasOf(obj)), undefined, target)));
    case Command.SetImage:
      return c.update((s) => setPrompt(s, openPrompt("image", `set image of ${label} (CONTAINER=IMAGE): `, templateImages(obj), undefined, target)));
    case Command.RolloutRestart:
      return c.update((s) => setDialog(s, restartDialog({ ...target, kind: obj.kind })));
    case Command.RolloutUndo: {
      const history = revisions(c.cluster, obj);
      if (history.length < 2) return c.error(`${label} has no earlier revision to roll back to`);
      return c.update((s) => setDialog(s, undoDialog(target, history)));
    }
    case Command.TriggerCronJob:
      return report(triggerCronJob(c.cluster, obj));
    case Command.PauseResume:
      return report(togglePause(c.cluster, obj));
  }
}
