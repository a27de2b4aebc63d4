/** `kubectl describe configmap`: each key and its value in full, binary keys by size. */
import type { ConfigMap, Event } from "kubernetes-types/core/v1";
import { printAnnotationsMultiline, printLabelsMultiline, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, PrefixWriter } from "./prefix-writer.js";

/**
 * Name, namespace, labels, annotations, then `Data` with `key:`, a `----` rule and the
 * value for each key in sorted order, `BinaryData` with each binary key's size, and
 * the ConfigMap's events.
 */
export function describeConfigMap(cm: ConfigMap, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${cm.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${cm.metadata?.namespace ?? ""}\n`);
  printLabelsMultiline(w, "Labels", cm.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", cm.metadata?.annotations);
  w.write(LEVEL_0, "\nData\n====\n");
  const data = cm.data ?? {};
  for (const key of Object.keys(data).sort()) {
    w.write(LEVEL_0, `${key}:\n----\n`);
    w.write(LEVEL_0, `${data[key]}\n`);
    w.write(LEVEL_0, "\n");
  }
  w.write(LEVEL_0, "\nBinaryData\n====\n");
  const binary = cm.binaryData ?? {};
  for (const key of Object.keys(binary).sort()) w.write(LEVEL_0, `${key}: ${Buffer.from(binary[key] ?? "", "base64").length} bytes\n`);
  w.write(LEVEL_0, "\n");
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
