/**
 * Cells the workload printers share: CONTAINERS and IMAGES (layoutContainerCells),
 * SELECTOR as `metav1.FormatLabelSelector` and NODE SELECTOR as `labels.FormatLabels`.
 */
import type { Container } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { labelSelectorText } from "../labels/selector.js";

/** CONTAINERS and IMAGES of a pod template: names and images joined by commas. */
export function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(","), list.map((c) => c.image ?? "").join(",")];
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `labels.FormatLabels`: `a=b,c=d` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(byKey);
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/** `metav1.FormatLabelSelector`: requirements sorted by key, set values sorted; `<none>` for an empty selector. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  try {
    return labelSelectorText(selector ?? {}) || "<none>";
  } catch {
    return "<error>";
  }
}
