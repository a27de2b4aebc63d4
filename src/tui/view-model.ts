/**
 * What each list pane holds right now: the filtered, ordered objects (all of them, for
 * selection and counts) and how to build any one row. Built from the console's cache
 * and view state, and memoised on their versions so that a frame where nothing
 * changed costs nothing, and only visible rows are ever printed.
 */
import type { Cluster, KubeObject } from "../client/cluster.js";
import { KINDS, kindForResource, resourceOf } from "../client/kinds.js";
import { objectKey, type ObjectCache } from "./data/cache.js";
import { containerRows, CONTAINER_COLUMNS } from "./presenters/containers.js";
import type { EventIndex } from "./data/event-index.js";
import { EVENT_COLUMNS, eventRow, type EventSubject } from "./presenters/events.js";
import { loadByNode, loadOf, type NodeLoad } from "./presenters/facts.js";
import { NODE_COLUMNS, nodeRow, nodeSearchText } from "./presenters/nodes.js";
import type { Row } from "./presenters/row.js";
import type { ColumnSpec } from "./presenters/text.js";
import { isBarePod, objectSearchText, servedWorkloadKinds, tableShape } from "./presenters/workloads.js";
import { parseFilter, textMatches, type Filter } from "./state/filter.js";
import { WORKLOADS, type ListPane, type Scope, type UiState } from "./state/ui.js";

/** A list pane's content. */
export interface ListModel {
  pane: ListPane;
  /** `Nodes`, `Workloads`, `Pods`, `Containers`, `Events`. */
  title: string;
  /** Scope, namespace and filter, for the title. */
  context: string;
  keys: readonly string[];
  columns: readonly ColumnSpec[];
  row(index: number, now: number): Row;
  object(index: number): KubeObject | undefined;
  /** Kind of the rows: a registry kind, `Container`, or `mixed`. */
  rowKind: string;
  /** Shown when there are no rows. */
  empty: string;
  /** Why the rows could not be listed (a bad selector). */
  error?: string;
}

interface Memo<T> {
  key: string;
  value: T;
}

function memo<T>(slot: { m?: Memo<T> }, key: string, build: () => T): T {
  if (slot.m && slot.m.key === key) return slot.m.value;
  const value = build();
  slot.m = { key, value };
  return value;
}

/** Filtered lists remembered per pane: backspacing through a filter finds each step already done. */
const FILTER_RESULTS_KEPT = 8;

interface FilterResult {
  /** What the unfiltered list was built from. */
  baseKey: string;
  filter: string;
  items: KubeObject[];
  keys: string[];
  error?: string;
}

/** True when every object matching text filter `next` also matches `prev`: typing on narrows what is there. */
function narrows(prev: Filter, next: Filter): boolean {
  return prev.type === "text" && next.type === "text" && !prev.inverse && !next.inverse && next.text.includes(prev.text);
}

/** Derives the panes' models; one per console, reused across frames. */
export class ViewModel {
  private readonly slots = new Map<string, { m?: Memo<unknown> }>();

  constructor(
    private readonly cluster: Cluster,
    private readonly cache: ObjectCache,
    private readonly eventIndex: EventIndex,
  ) {}

  private readonly filterResults = new Map<string, FilterResult[]>();

  /**
   * A pane's objects through its filter, with their keys. The unfiltered list is built
   * once per change of what it depends on (`baseKey`); results are remembered, and a
   * text filter typed on from a remembered one searches only that one's matches, so
   * that filtering 10,000 pods costs a scan of those still shown.
   */
  private filteredList(pane: string, baseKey: string, base: () => readonly KubeObject[], resource: string, raw: string, search: (o: KubeObject) => string, namespace?: string): FilterResult {
    let results = this.filterResults.get(pane);
    if (!results) this.filterResults.set(pane, (results = []));
    const hit = results.findIndex((r) => r.baseKey === baseKey && r.filter === raw);
    if (hit >= 0) {
      const r = results[hit]!;
      if (hit > 0) results.unshift(...results.splice(hit, 1));
      return r;
    }
    const filter = parseFilter(raw);
    const unfiltered = memo(this.slot<{ items: KubeObject[]; keys: string[] }>(`base:${pane}`), baseKey, () => {
      const items = base() as KubeObject[];
      return { items, keys: items.map(objectKey) };
    });
    const from = results.find((r) => r.baseKey === baseKey && narrows(parseFilter(r.filter), filter)) ?? unfiltered;
    const found = from !== unfiltered ? { items: from.items.filter((o) => textMatches(filter, search(o))) } : this.filtered(unfiltered.items, resource, filter, search, namespace);
    // A filter that lets everything through shares the arrays it filtered: no garbage for a key that narrows nothing.
    const same = found.items.length === from.items.length;
    const r: FilterResult = { baseKey, filter: raw, items: same ? from.items : found.items, keys: same ? from.keys : found.items.map(objectKey), ...(found.error ? { error: found.error } : {}) };
    results.unshift(r);
    if (results.length > FILTER_RESULTS_KEPT) results.length = FILTER_RESULTS_KEPT;
    return r;
  }

  private slot<T>(name: string): { m?: Memo<T> } {
    let s = this.slots.get(name);
    if (!s) this.slots.set(name, (s = {}));
    return s as { m?: Memo<T> };
  }

  private version(resource: string): number {
    return this.cache.of(resource).version;
  }

  /** Keys of objects matching a label selector, through the cluster (which owns selector syntax). */
  private labelKeys(resource: string, selector: string, namespace?: string): { keys?: Set<string>; error?: string } {
    return memo(this.slot(`label:${resource}`), `${this.version(resource)}|${selector}|${namespace ?? "*"}`, () => {
      try {
        return { keys: new Set(this.cluster.list(resource, { labelSelector: selector, ...(namespace ? { namespace } : {}) }).map(objectKey)) };
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      }
    });
  }

  /**
   * Applies a pane filter to objects; a label filter that does not parse is reported,
   * not thrown. Objects of several kinds (the workloads view) are matched kind by kind.
   */
  private filtered(objects: readonly KubeObject[], resource: string, filter: Filter, search: (o: KubeObject) => string, namespace?: string): { items: KubeObject[]; error?: string } {
    if (filter.type === "none") return { items: objects as KubeObject[] };
    if (filter.type === "text") return { items: objects.filter((o) => textMatches(filter, search(o))) };
    const byResource = new Map<string, Set<string> | undefined>();
    let error: string | undefined;
    const keep = (o: KubeObject): boolean => {
      const r = resource === WORKLOADS ? resourceOfKind(o.kind) : resource;
      if (!byResource.has(r)) {
        const found = this.labelKeys(r, filter.selector, namespace);
        byResource.set(r, found.keys);
        error ??= found.error;
      }
      return byResource.get(r)?.has(objectKey(o)) === true;
    };
    const items = objects.filter(keep);
    return { items, ...(error ? { error } : {}) };
  }

  /** Requests per node, over every pod. */
  loads(): ReadonlyMap<string, NodeLoad> {
    return memo(this.slot("loads"), String(this.version("pods")), () => loadByNode(this.cache.of("pods").all()));
  }

  nodes(ui: UiState, barWidth: number): ListModel {
    const filter = ui.nodes.filter;
    const marks = ui.nodes.marks;
    const { items, keys, error } = this.filteredList("nodes", String(this.version("nodes")), () => this.cache.of("nodes").all(), "nodes", filter, nodeSearchText);
    const loads = this.loads();
    return {
      pane: "nodes",
      title: "Nodes",
      context: filter ? `/${filter}` : "",
      keys,
      columns: NODE_COLUMNS,
      row: (i, now) => nodeRow(items[i]!, loadOf(loads, keys[i]!), now, { marked: marks.includes(keys[i]!), barWidth }),
      object: (i) => items[i],
      rowKind: "Node",
      empty: this.cache.of("nodes").synced ? "no nodes" : "loading…",
      ...(error ? { error } : {}),
    };
  }

  workloads(ui: UiState): ListModel {
    const view = ui.workloads;
    const scope = view.scope;
    if (scope?.type === "pod") return this.containers(ui, scope);
    const { objects, resource, title, rowKind, mixed } = this.workloadObjects(view.resource, scope, ui.namespace);
    const allNamespaces = scope?.type === "node" || (ui.namespace === "" && scope === undefined);
    const shape = tableShape(resource, allNamespaces, mixed);
    const nsForLabel = scope?.type === "node" ? undefined : ui.namespace || undefined;
    const baseKey = `${view.resource}|${JSON.stringify(scope ?? null)}|${ui.namespace}|${this.workloadVersions(resource)}`;
    const { items, keys, error } = this.filteredList("workloads", baseKey, objects, resource, view.filter, objectSearchText, nsForLabel);
    const error2 = error ?? this.cache.errors.get(resource);
    return {
      pane: "workloads",
      title,
      context: [scopeLabel(scope), scope?.type === "node" ? "" : ui.namespace || "all namespaces", view.filter ? `/${view.filter}` : ""].filter(Boolean).join(" · "),
      keys,
      columns: shape.columns,
      row: (i, now) => shape.row(items[i]!, now),
      object: (i) => items[i],
      rowKind,
      empty: this.synced(resource) ? `no ${title.toLowerCase()}${ui.namespace && scope?.type !== "node" ? ` in ${ui.namespace}` : ""}` : "loading…",
      ...(error2 ? { error: error2 } : {}),
    };
  }

  /** True once the objects behind `resource` (every workload kind, for the workloads view) are listed. */
  private synced(resource: string): boolean {
    if (resource !== WORKLOADS) return this.cache.of(resource).synced;
    return this.cache.of("pods").synced && servedWorkloadKinds().every((k) => this.cache.of(resourceOf(k)).synced);
  }

  private workloadVersions(resource: string): string {
    if (resource !== WORKLOADS) return `${this.version(resource)}|${this.version("pods")}`;
    return [...servedWorkloadKinds().map((k) => this.version(resourceOf(k))), this.version("pods")].join(",");
  }

  /** The objects the Workloads pane lists before filtering. */
  private workloadObjects(resource: string, scope: Scope | undefined, namespace: string): { objects: () => KubeObject[]; resource: string; title: string; rowKind: string; mixed: boolean } {
    const inNs = (o: KubeObject): boolean => namespace === "" || o.metadata.namespace === namespace || o.metadata.namespace === undefined;
    if (scope?.type === "node") {
      return { resource: "pods", title: "Pods", rowKind: "Pod", mixed: false, objects: () => this.cache.of("pods").all().filter((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName === scope.node) };
    }
    if (scope?.type === "selector") {
      return {
        resource: "pods",
        title: "Pods",
        rowKind: "Pod",
        mixed: false,
        objects: () => {
          const { keys } = this.labelKeys("pods", scope.selector, scope.namespace);
          return this.cache.of("pods").all().filter((p) => keys?.has(objectKey(p)));
        },
      };
    }
    if (scope?.type === "owner") {
      return { resource, title: kindForResource(resource)?.kind ?? resource, rowKind: kindForResource(resource)?.kind ?? "mixed", mixed: false, objects: () => this.cache.of(resource).all().filter((o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === scope.uid)) };
    }
    if (resource === WORKLOADS) {
      const kinds = servedWorkloadKinds();
      if (kinds.length === 0) return { resource: "pods", title: "Workloads", rowKind: "Pod", mixed: false, objects: () => this.cache.of("pods").all().filter(inNs) };
      return {
        resource: WORKLOADS,
        title: "Workloads",
        rowKind: "mixed",
        mixed: true,
        objects: () => [...kinds.flatMap((k) => this.cache.of(resourceOf(k)).all().filter(inNs)), ...this.cache.of("pods").all().filter((p) => inNs(p) && isBarePod(p))],
      };
    }
    const kind = kindForResource(resource);
    return { resource, title: kind ? pluralTitle(kind.kind, kind.plural) : resource, rowKind: kind?.kind ?? "mixed", mixed: false, objects: () => this.cache.of(resource).all().filter(inNs) };
  }

  private containers(ui: UiState, scope: Extract<Scope, { type: "pod" }>): ListModel {
    const pod = this.cache.of("pods").get(`${scope.namespace}/${scope.name}`);
    const rows = memo(this.slot<Row[]>("containers"), `${scope.namespace}/${scope.name}|${pod?.metadata.resourceVersion ?? "-"}|${ui.workloads.filter}`, () => {
      const filter = parseFilter(ui.workloads.filter);
      return pod ? containerRows(pod, 0).filter((r) => textMatches(filter, r.cells.join(" ").toLowerCase())) : [];
    });
    return {
      pane: "workloads",
      title: "Containers",
      context: [`pod/${scope.name}`, scope.namespace, ui.workloads.filter ? `/${ui.workloads.filter}` : ""].filter(Boolean).join(" · "),
      keys: rows.map((r) => r.key),
      columns: CONTAINER_COLUMNS,
      // Container ages move with time: build the row again for the frame's now.
      row: (i, now) => (pod ? containerRows(pod, now).find((r) => r.key === rows[i]!.key) : undefined) ?? rows[i]!,
      object: () => pod,
      rowKind: "Container",
      empty: pod ? "no containers" : `pod ${scope.name} is gone`,
    };
  }

  events(ui: UiState, subject: EventSubject | undefined): ListModel {
    const follow = ui.events.followSelection && subject !== undefined;
    const filter = ui.events.filter;
    const index = this.eventIndex;
    const baseKey = `${index.generation}|${follow ? JSON.stringify(subject) : `ns:${ui.namespace}`}`;
    const scoped = (): readonly KubeObject[] => (follow ? index.about(subject!) : ui.namespace === "" ? index.sorted : index.sorted.filter((e) => e.metadata.namespace === ui.namespace));
    const { items, keys, error } = this.filteredList("events", baseKey, scoped, "events", filter, objectSearchText, follow ? undefined : ui.namespace || undefined);
    const about = follow ? `${subject!.kind.toLowerCase()}/${subject!.name}` : ui.namespace || "all namespaces";
    return {
      pane: "events",
      title: "Events",
      context: [about, filter ? `/${filter}` : ""].filter(Boolean).join(" · "),
      keys,
      columns: EVENT_COLUMNS,
      row: (i, now) => eventRow(items[i]!, now),
      object: (i) => items[i],
      rowKind: "Event",
      empty: !this.cache.of("events").synced ? "loading…" : follow ? `no events about ${about} (f: all events)` : "no events",
      ...(error ? { error } : {}),
    };
  }
}

/** The store resource of a served kind (`Deployment` → `deployments.apps`). */
function resourceOfKind(kind: string): string {
  const k = KINDS.find((x) => x.kind === kind);
  return k ? resourceOf(k) : kind.toLowerCase();
}

/** `ConfigMaps`, `StorageClasses`, `Endpoints`: the kind's name in its registry plural. */
export function pluralTitle(kind: string, plural: string): string {
  const lower = kind.toLowerCase();
  if (plural.startsWith(lower)) return kind + plural.slice(lower.length);
  if (plural.endsWith("ies") && lower.endsWith("y")) return kind.slice(0, -1) + "ies";
  return kind;
}

function scopeLabel(scope: Scope | undefined): string {
  if (!scope) return "";
  switch (scope.type) {
    case "node":
      return `node/${scope.node}`;
    case "selector":
    case "owner":
      return scope.label;
    case "pod":
      return `pod/${scope.name}`;
  }
}
