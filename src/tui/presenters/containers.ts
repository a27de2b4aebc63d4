/** A pod's containers, as the drill-down below a pod shows them (init containers first). */
import type { KubeObject } from "../../client/cluster.js";
import { asKind } from "../../client/kinds.js";
import { humanDuration } from "../../client/printing.js";
import { parseTime } from "../../client/time.js";
import type { ContainerStatus, Pod } from "../../client/types.js";
import type { Row } from "./row.js";
import type { ColumnSpec } from "./text.js";
import type { Tone } from "./tone.js";

export const CONTAINER_COLUMNS: readonly ColumnSpec[] = [
  { title: "NAME", min: 8, flex: true },
  { title: "TYPE", min: 4, max: 8, priority: 1 },
  { title: "IMAGE", min: 8, max: 30, priority: 2 },
  { title: "READY", min: 5, max: 5 },
  { title: "STATE", min: 8, max: 28 },
  { title: "RESTARTS", min: 3, max: 8, align: "right" },
  { title: "AGE", min: 3, max: 6, priority: 3 },
];

function state(cs: ContainerStatus | undefined, now: number): { text: string; tone: Tone; age: string } {
  if (!cs?.state) return { text: "Waiting", tone: "warn", age: "" };
  if (cs.state.running) {
    const since = parseTime(cs.state.running.startedAt ?? undefined);
    return { text: "Running", tone: cs.ready ? "ok" : "warn", age: Number.isNaN(since) ? "" : humanDuration(now - since) };
  }
  if (cs.state.terminated) {
    const t = cs.state.terminated;
    const text = `Terminated: ${t.reason ?? `exit ${t.exitCode}`}`;
    return { text, tone: t.exitCode === 0 ? "dim" : "error", age: "" };
  }
  const reason = cs.state.waiting?.reason ?? "Waiting";
  return { text: `Waiting: ${reason}`, tone: /BackOff|Err|Invalid/.test(reason) ? "error" : "warn", age: "" };
}

/** One row per container of `obj` (a Pod). Keys are `namespace/pod/container`. */
export function containerRows(obj: KubeObject, now: number): Row[] {
  const pod = asKind<Pod>(obj);
  const statuses = new Map<string, ContainerStatus>();
  for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) statuses.set(cs.name, cs);
  const base = `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
  const rows: Row[] = [];
  const add = (name: string, image: string, type: string): void => {
    const cs = statuses.get(name);
    const st = state(cs, now);
    rows.push({
      key: `${base}/${name}`,
      cells: [name, type, image, cs?.ready ? "true" : "false", st.text, String(cs?.restartCount ?? 0), st.age],
      tone: st.tone,
      object: obj,
    });
  };
  for (const c of pod.spec?.initContainers ?? []) add(c.name, c.image ?? "", c.restartPolicy === "Always" ? "sidecar" : "init");
  for (const c of pod.spec?.containers ?? []) add(c.name, c.image ?? "", "app");
  return rows;
}

/** The container a container row's key names. */
export function containerOfKey(key: string): string {
  return key.slice(key.lastIndexOf("/") + 1);
}
