/**
 * The `Pod Template:` section of workload describes (kubectl's DescribePodTemplate):
 * the template's labels and annotations, service account, containers, volumes,
 * spread constraints, priority class, node selector and tolerations, indented under
 * the section title.
 */
import type { Pod, PodTemplateSpec, Toleration, TopologySpreadConstraint } from "kubernetes-types/core/v1";
import { formatLabelSelector, printAnnotationsMultiline, printLabelsMultiline } from "./common.js";
import { describeContainers } from "./container.js";
import { formatToleration } from "./pod.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter } from "./prefix-writer.js";
import { describeVolumes } from "./volume.js";

const SPACE = "  ";

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Writes `Pod Template:` and the template under it; `<unset>` for a missing template. */
export function describePodTemplate(template: PodTemplateSpec | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, "Pod Template:\n");
  if (!template) {
    w.write(LEVEL_1, "<unset>");
    return;
  }
  const spec = template.spec;
  printLabelsMultiline(w, `${SPACE}Labels`, template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, `${SPACE}Annotations`, template.metadata?.annotations);
  if (spec?.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  // A template has no status, and its downward-API values are not known yet: they print empty.
  const noPod: Pod = {};
  if ((spec?.initContainers ?? []).length > 0) describeContainers("Init Containers", spec!.initContainers!, undefined, noPod, w, SPACE);
  describeContainers("Containers", spec?.containers ?? [], undefined, noPod, w, SPACE);
  describeVolumes(spec?.volumes, w, SPACE);
  describeTopologySpreadConstraints(spec?.topologySpreadConstraints, w);
  if (spec?.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, `${SPACE}Node-Selectors`, spec?.nodeSelector);
  printTolerations(w, spec?.tolerations);
}

function printTolerations(w: PrefixWriter, tolerations: readonly Toleration[] | undefined): void {
  w.write(LEVEL_0, `${SPACE}Tolerations:\t`);
  const sorted = [...(tolerations ?? [])].sort((a, b) => byKey(a.key ?? "", b.key ?? ""));
  if (sorted.length === 0) {
    w.writeLine("<none>");
    return;
  }
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${formatToleration(t)}\n`);
  });
}

function describeTopologySpreadConstraints(constraints: readonly TopologySpreadConstraint[] | undefined, w: PrefixWriter): void {
  const sorted = [...(constraints ?? [])].sort((a, b) => byKey(a.topologyKey, b.topologyKey));
  if (sorted.length === 0) return;
  w.write(LEVEL_0, `${SPACE}Topology Spread Constraints:\t`);
  sorted.forEach((c, i) => {
    if (i !== 0) w.write(LEVEL_0, `${SPACE}\t`);
    let line = `${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded`;
    if (c.labelSelector) line += ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(LEVEL_0, `${line}\n`);
  });
}
