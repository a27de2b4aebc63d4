/** Answers to dialogs: yes runs the dialog's action, no closes it. */
import type { Console } from "./console.js";
import { deleteObjects } from "./data/actions.js";
import { confirmCancelDrain, confirmDrain } from "./drain.js";
import { editObject } from "./effects.js";
import { restart, undo } from "./data/workload-actions.js";
import { changeField, choice, focusField } from "./state/dialog.js";
import { clearMarks, setDialog } from "./state/ui.js";

export function dialogAnswer(c: Console, yes: boolean): void {
  const d = c.ui.dialog;
  if (!d) return;
  c.update((s) => setDialog(s, undefined));
  if (!yes) return;
  const a = d.action;
  switch (a.type) {
    case "delete": {
      const r = deleteObjects(c.cluster, a.targets, choice(d, "cascade") ?? "background", choice(d, "grace period") ?? "default");
      c.update(clearMarks);
      return r.ok ? c.info(r.message) : c.error(r.message);
    }
    case "restart":
    case "undo": {
      const obj = c.cluster.tryGet(a.resource, a.namespace, a.name);
      if (!obj) return c.error(`${a.resource} "${a.name}" no longer exists`);
      const r = a.type === "restart" ? restart(c.cluster, obj) : undo(c.cluster, obj, Number.parseInt(choice(d, "revision") ?? "", 10));
      return r.ok ? c.info(r.message) : c.error(r.message);
    }
    case "reopenEdit": {
      const obj = c.cluster.tryGet(a.resource, a.namespace, a.name);
      if (!obj) return c.error(`${a.resource} "${a.name}" no longer exists`);
      const error = d.message.join(" ");
      return editObject(c, obj, a.text, error);
    }
    case "drain":
      return confirmDrain(c, d, a.nodes);
    case "cancelDrain":
      return confirmCancelDrain(c);
  }
}

export function dialogField(c: Console, step: 1 | -1): void {
  c.update((s) => (s.dialog ? setDialog(s, focusField(s.dialog, step)) : s));
}

export function dialogChange(c: Console, step: 1 | -1): void {
  c.update((s) => (s.dialog ? setDialog(s, changeField(s.dialog, step)) : s));
}
