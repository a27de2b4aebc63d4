/** `kubectl describe limitrange`, and the limit summary of `describe namespace`. */
import type { LimitRange, LimitRangeSpec } from "kubernetes-types/core/v1";
import { canonicalQuantity } from "./quantity.js";
import { LEVEL_0, PrefixWriter } from "./prefix-writer.js";

/**
 * describeLimitRangeSpec: one row per item and resource it names, `-` where the item
 * sets no value. kubectl walks a Go map here, in no fixed order; kdeck sorts by resource.
 */
function writeSpec(w: PrefixWriter, spec: LimitRangeSpec | undefined, prefix: string): void {
  for (const item of spec?.limits ?? []) {
    const names = new Set<string>();
    for (const m of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio]) for (const k of Object.keys(m ?? {})) names.add(k);
    const cell = (m: Record<string, string> | undefined, k: string): string => (m?.[k] !== undefined ? canonicalQuantity(m[k]) : "-");
    for (const k of [...names].sort()) {
      w.write(
        LEVEL_0,
        `${prefix}${item.type}\t${k}\t${cell(item.min, k)}\t${cell(item.max, k)}\t${cell(item.defaultRequest, k)}\t${cell(item.default, k)}\t${cell(item.maxLimitRequestRatio, k)}\n`,
      );
    }
  }
}

/** Name, namespace, then `Type Resource Min Max Default Request Default Limit Max Limit/Request Ratio`. */
export function describeLimitRange(lr: LimitRange): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${lr.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${lr.metadata?.namespace ?? ""}\n`);
  w.write(LEVEL_0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
  w.write(LEVEL_0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
  writeSpec(w, lr.spec, "");
  return w.toString();
}

/** DescribeLimitRanges: the `Resource Limits` block of `describe namespace`, every range merged into one table. */
export function writeLimitRanges(w: PrefixWriter, ranges: readonly LimitRange[]): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, "No LimitRange resource.\n");
    return;
  }
  w.write(LEVEL_0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
  w.write(LEVEL_0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
  for (const lr of ranges) writeSpec(w, lr.spec, " ");
}
