import type { Node, Pod } from "kubernetes-types/core/v1";
import type { NodeInfo } from "./node-info.js";

/**
 * Per-node results that depend only on the node and the pods on it (how many pods match
 * a selector, what the pods' affinity terms contribute), kept until either changes.
 *
 * A scheduling cycle must look at every node, but between two cycles only the node that
 * received the last pod changed: remembering each node's answer per question makes a
 * cycle cost one lookup per node instead of one pass over every pod in the cluster,
 * which is what keeps spread constraints and pod affinity fast on 1,000 nodes.
 */
interface Slot {
  node: Node;
  pods: readonly Pod[];
  values: Map<string, unknown>;
}

/** Questions remembered per node before the oldest answers are dropped (pods with unique labels ask new ones). */
const MAX_KEYS_PER_NODE = 64;

// The slot rides on the NodeInfo itself (a symbol-keyed property): a lookup per node per
// question is the hot path, and a property read is several times cheaper than a WeakMap's.
const SLOT = Symbol("kdeck.nodeMemo");
const frozenSlots = new WeakMap<NodeInfo, Slot>();

type Holder = { [SLOT]?: Slot };

function slotOf(info: NodeInfo): Slot | undefined {
  return (info as Holder)[SLOT] ?? frozenSlots.get(info);
}

function setSlot(info: NodeInfo, slot: Slot): void {
  if (Object.isExtensible(info)) (info as Holder)[SLOT] = slot;
  else frozenSlots.set(info, slot);
}

const canonical = new Map<string, string>();

/**
 * The one string object for a question's text. Look-ups with it compare by identity, not
 * character by character: callers build a key once per cycle, pass it through here, and
 * use the result for every node.
 */
export function memoKey(text: string): string {
  let key = canonical.get(text);
  if (key === undefined) {
    if (canonical.size >= 4096) canonical.clear();
    canonical.set(text, text);
    key = text;
  }
  return key;
}

/**
 * The answer to question `key` (from {@link memoKey}) about this node, computed by `compute` the first time and
 * again whenever the node object or its pods have changed since. `key` must name
 * everything else the answer depends on.
 */
export function memoOnNode<T>(info: NodeInfo, key: string, compute: () => T): T {
  const pods = info.pods;
  let slot = slotOf(info);
  if (slot === undefined || slot.pods !== pods || slot.node !== info.node) {
    slot = { node: info.node, pods, values: new Map() };
    setSlot(info, slot);
  } else {
    const hit = slot.values.get(key);
    if (hit !== undefined || slot.values.has(key)) return hit as T;
  }
  const value = compute();
  if (slot.values.size >= MAX_KEYS_PER_NODE) slot.values.clear();
  slot.values.set(key, value);
  return value;
}
