import type { ContainerImage, Node } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";

/** The kubelet reports at most this many images in node.status.images (nodeStatusMaxImages). */
export const NODE_STATUS_MAX_IMAGES = 50;

interface NodeImages {
  /** imageID (`repo@sha256:…`) → every name it is known by, and its size. */
  images: Map<string, { names: Set<string>; sizeBytes: number }>;
  /** Every name of every image, for the "already present" check. */
  names: Set<string>;
  /** Pulled since node.status.images was last written. */
  dirty: boolean;
}

/**
 * What each node's container runtime has pulled. node.status.images is the stored
 * truth (it survives a restart); this cache is filled from it on first use, gains
 * each pull at once, and is written back by the NodeHeartbeatReconciler.
 */
export class NodeImageCache {
  private readonly nodes = new Map<string, NodeImages>();

  constructor(private readonly api: Api) {}

  /** Whether the node has the image under this name (`docker.io/library/nginx:1.25` or its imageID). */
  has(nodeName: string, name: string): boolean {
    return this.load(nodeName).names.has(name);
  }

  /** Records a pull: the image is on the node under `name` and `id` from now on. */
  add(nodeName: string, name: string, id: string, sizeBytes: number): void {
    const node = this.load(nodeName);
    if (node.names.has(name) && node.names.has(id)) return;
    const entry = node.images.get(id) ?? { names: new Set<string>([id]), sizeBytes };
    entry.names.add(name);
    node.images.set(id, entry);
    node.names.add(name);
    node.names.add(id);
    node.dirty = true;
  }

  /** Whether pulls happened since the node's status was last written. */
  isDirty(nodeName: string): boolean {
    return this.nodes.get(nodeName)?.dirty ?? false;
  }

  /** node.status.images as the kubelet reports it: largest first, at most {@link NODE_STATUS_MAX_IMAGES}. */
  statusImages(nodeName: string): ContainerImage[] {
    const node = this.load(nodeName);
    return [...node.images.values()]
      .map((e) => ({ names: [...e.names], sizeBytes: e.sizeBytes }))
      .sort((a, b) => b.sizeBytes - a.sizeBytes || a.names[0]!.localeCompare(b.names[0]!))
      .slice(0, NODE_STATUS_MAX_IMAGES);
  }

  markWritten(nodeName: string): void {
    const node = this.nodes.get(nodeName);
    if (node) node.dirty = false;
  }

  /** Drops a deleted node's images: a node of the same name registering later starts empty. */
  forget(nodeName: string): void {
    this.nodes.delete(nodeName);
  }

  private load(nodeName: string): NodeImages {
    let node = this.nodes.get(nodeName);
    if (node) return node;
    node = { images: new Map(), names: new Set(), dirty: false };
    const obj = this.api.tryGet("nodes", "", nodeName);
    for (const img of (obj && asKind<Node>(obj).status?.images) ?? []) {
      const names = img.names ?? [];
      const id = names.find((n) => n.includes("@")) ?? names[0];
      if (!id) continue;
      node.images.set(id, { names: new Set(names), sizeBytes: img.sizeBytes ?? 0 });
      for (const n of names) node.names.add(n);
    }
    this.nodes.set(nodeName, node);
    return node;
  }
}
