/**
 * Confirmations and option dialogs (delete with its cascade, a failed edit to re-open),
 * as pure state. Options are choices, so `y`/`enter` and `n`/`esc` always answer.
 */

/** One option: a label and its choices. */
export interface DialogField {
  label: string;
  choices: readonly string[];
  /** Index of the chosen one. */
  at: number;
}

/** What answering yes does. */
export type DialogAction =
  | { type: "delete"; targets: readonly { resource: string; kind: string; namespace: string; name: string }[] }
  | { type: "reopenEdit"; resource: string; namespace: string; name: string; text: string }
  | { type: "restart"; resource: string; namespace: string; name: string }
  | { type: "undo"; resource: string; namespace: string; name: string }
  | { type: "drain"; nodes: readonly string[] }
  | { type: "cancelDrain" };

export interface DialogState {
  title: string;
  /** Lines above the options: what will happen, or what went wrong. */
  message: readonly string[];
  fields: readonly DialogField[];
  /** The option `tab` and the arrows change. */
  focus: number;
  /** Says what yes does: `delete`, `re-open`. */
  yesLabel: string;
  noLabel: string;
  /** Shown in red: a destructive or failed action. */
  danger: boolean;
  action: DialogAction;
}

export function focusField(d: DialogState, step: 1 | -1): DialogState {
  if (d.fields.length === 0) return d;
  return { ...d, focus: (d.focus + step + d.fields.length) % d.fields.length };
}

export function changeField(d: DialogState, step: 1 | -1): DialogState {
  const field = d.fields[d.focus];
  if (!field) return d;
  const at = (field.at + step + field.choices.length) % field.choices.length;
  return { ...d, fields: d.fields.map((f, i) => (i === d.focus ? { ...f, at } : f)) };
}

/** The chosen value of the field with this label. */
export function choice(d: DialogState, label: string): string | undefined {
  const f = d.fields.find((x) => x.label === label);
  return f ? f.choices[f.at] : undefined;
}

export const CASCADE_CHOICES = ["background", "foreground", "orphan"] as const;
export const GRACE_CHOICES = ["default", "0s (now)", "5s", "30s"] as const;

/** The delete confirmation: names every object and offers the cascade and grace period. */
export function deleteDialog(targets: readonly { resource: string; kind: string; namespace: string; name: string }[]): DialogState {
  const names = targets.map((t) => `${t.kind.toLowerCase()}/${t.name}${t.namespace ? ` in namespace ${t.namespace}` : ""}`);
  const message = targets.length === 1 ? [`Delete ${names[0]}?`] : [`Delete ${targets.length} objects?`, ...names.map((n) => `  ${n}`)];
  return {
    title: "Delete",
    message: [...message, "Cascade: background deletes its dependents after it, foreground before it, orphan leaves them."],
    fields: [
      { label: "cascade", choices: CASCADE_CHOICES, at: 0 },
      { label: "grace period", choices: GRACE_CHOICES, at: 0 },
    ],
    focus: 0,
    yesLabel: "delete",
    noLabel: "keep",
    danger: true,
    action: { type: "delete", targets },
  };
}

/** The rollout restart confirmation. */
export function restartDialog(target: { resource: string; kind: string; namespace: string; name: string }): DialogState {
  return {
    title: "Rollout restart",
    message: [`Restart ${target.kind.toLowerCase()}/${target.name} in namespace ${target.namespace}?`, "Every pod is replaced, as its update strategy allows."],
    fields: [],
    focus: 0,
    yesLabel: "restart",
    noLabel: "cancel",
    danger: false,
    action: { type: "restart", resource: target.resource, namespace: target.namespace, name: target.name },
  };
}

/** The rollout undo dialog: the revision history to pick from, newest first, the previous one chosen. */
export function undoDialog(target: { resource: string; namespace: string; name: string }, history: readonly { revision: number; images: string; current: boolean }[]): DialogState {
  const choices = history.map((r) => `${r.revision}${r.current ? " (current)" : ""}`);
  const previous = history.findIndex((r) => !r.current);
  return {
    title: "Rollout undo",
    message: [`Roll deployment/${target.name} back to a revision:`, ...history.map((r) => `  ${String(r.revision).padStart(3)}  ${r.images}${r.current ? "  ← current" : ""}`)],
    fields: [{ label: "revision", choices, at: Math.max(0, previous) }],
    focus: 0,
    yesLabel: "roll back",
    noLabel: "cancel",
    danger: true,
    action: { type: "undo", resource: target.resource, namespace: target.namespace, name: target.name },
  };
}
