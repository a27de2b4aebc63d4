/**
 * A container's virtual filesystem: the image's files (a shared, read-only base), the
 * container's own writable layer on top, and volumes mounted at paths (an emptyDir
 * shared by the pod's containers, ConfigMap and Secret files, hostPath and PVC
 * directories). Paths are absolute and normalised; there are no permissions.
 */

/** A file's content, or a directory. */
export type FsNode = { readonly type: "file"; readonly content: string } | { readonly type: "dir" };

/** One change to a filesystem, as recorded for `kubectl exec` (see kubelet/exec.ts). */
export type FsOp =
  | { readonly op: "write"; readonly path: string; readonly content: string; readonly append: boolean }
  | { readonly op: "rm"; readonly path: string }
  | { readonly op: "mkdir"; readonly path: string };

/** A set of files. A volume is one layer that several containers' filesystems mount. */
export class FsLayer {
  /** path relative to the layer's root (`/` itself is `""`); null: deleted over the base. */
  readonly entries = new Map<string, FsNode | null>();
  constructor(
    private files?: ReadonlyMap<string, FsNode>,
    readonly readOnly = false,
  ) {}

  /** The files under the layer's own changes. */
  get base(): ReadonlyMap<string, FsNode> | undefined {
    return this.files;
  }

  /**
   * Swaps in new files, dropping the layer's own changes: how the kubelet updates a
   * ConfigMap or Secret volume in place, seen at once by every filesystem mounting it.
   */
  replace(base: ReadonlyMap<string, FsNode>): void {
    this.files = base;
    this.entries.clear();
  }

  get(rel: string): FsNode | undefined {
    if (rel === "") return DIR;
    const own = this.entries.get(rel);
    if (own !== undefined) return own ?? undefined;
    return this.base?.get(rel);
  }

  /** Names directly under `rel`. */
  list(rel: string): string[] {
    const prefix = rel === "" ? "" : `${rel}/`;
    const names = new Set<string>();
    const add = (path: string, node: FsNode | null | undefined) => {
      if (!path.startsWith(prefix) || path === rel) return;
      const name = path.slice(prefix.length).split("/")[0]!;
      if (node === null && path.slice(prefix.length) === name) names.delete(name);
      else if (node) names.add(name);
    };
    for (const [p, n] of this.base ?? []) if (this.entries.get(p) !== null) add(p, n);
    for (const [p, n] of this.entries) add(p, n);
    return [...names].sort();
  }
}

const DIR: FsNode = Object.freeze({ type: "dir" });

interface Mount {
  readonly path: string;
  readonly layer: FsLayer;
}

/** Why a filesystem call failed, in the words of the C library. */
export type FsError = "ENOENT" | "EISDIR" | "ENOTDIR" | "EEXIST" | "EROFS" | "ENOTEMPTY";

export class Vfs {
  private readonly mounts: Mount[] = [];
  /** Told of every change (exec records them). */
  onChange: ((op: FsOp) => void) | undefined;

  constructor(private readonly root: FsLayer) {}

  /** Mounts a layer at `path` (creating the mount point). Later mounts shadow earlier ones. */
  mount(path: string, layer: FsLayer): void {
    const p = normalize(path, "/");
    this.mkdirs(p, true);
    this.mounts.push({ path: p, layer });
    this.mounts.sort((a, b) => b.path.length - a.path.length);
  }

  private locate(path: string): { layer: FsLayer; rel: string } {
    for (const m of this.mounts) {
      if (path === m.path) return { layer: m.layer, rel: "" };
      if (path.startsWith(`${m.path}/`)) return { layer: m.layer, rel: path.slice(m.path.length + 1) };
    }
    return { layer: this.root, rel: path.slice(1) };
  }

  /** Whether `path` lies on a volume (its changes outlive the container's instance). */
  onVolume(path: string): boolean {
    return this.locate(path).layer !== this.root;
  }

  stat(path: string): FsNode | undefined {
    const { layer, rel } = this.locate(path);
    return layer.get(rel);
  }

  read(path: string): string | FsError {
    const n = this.stat(path);
    if (!n) return "ENOENT";
    if (n.type === "dir") return "EISDIR";
    return n.content;
  }

  list(path: string): string[] | FsError {
    const n = this.stat(path);
    if (!n) return "ENOENT";
    if (n.type !== "dir") return "ENOTDIR";
    const { layer, rel } = this.locate(path);
    const names = new Set(layer.list(rel));
    // Mount points below this directory show as entries.
    for (const m of this.mounts) {
      const parent = m.path.slice(0, m.path.lastIndexOf("/")) || "/";
      if (parent === path) names.add(m.path.slice(m.path.lastIndexOf("/") + 1));
    }
    return [...names].sort();
  }

  write(path: string, content: string, append: boolean): FsError | undefined {
    const parent = this.stat(dirname(path));
    if (!parent) return "ENOENT";
    if (parent.type !== "dir") return "ENOTDIR";
    const cur = this.stat(path);
    if (cur?.type === "dir") return "EISDIR";
    const { layer, rel } = this.locate(path);
    if (layer.readOnly) return "EROFS";
    layer.entries.set(rel, { type: "file", content: append && cur?.type === "file" ? cur.content + content : content });
    this.onChange?.({ op: "write", path, content, append });
    return undefined;
  }

  mkdir(path: string, parents: boolean): FsError | undefined {
    const cur = this.stat(path);
    if (cur) return parents && cur.type === "dir" ? undefined : "EEXIST";
    if (parents) return this.mkdirs(path, false);
    const parent = this.stat(dirname(path));
    if (!parent) return "ENOENT";
    return this.setDir(path);
  }

  rm(path: string, recursive: boolean): FsError | undefined {
    const cur = this.stat(path);
    if (!cur) return "ENOENT";
    if (this.mounts.some((m) => m.path === path)) return "EROFS";
    const { layer, rel } = this.locate(path);
    if (layer.readOnly) return "EROFS";
    if (cur.type === "dir") {
      const children = layer.list(rel);
      if (children.length > 0 && !recursive) return "ENOTEMPTY";
      for (const c of children) this.rm(`${path === "/" ? "" : path}/${c}`, true);
    }
    if (layer.base?.has(rel)) layer.entries.set(rel, null);
    else layer.entries.delete(rel);
    this.onChange?.({ op: "rm", path });
    return undefined;
  }

  /** Replays a recorded change (from an exec in another kdeck process). */
  apply(op: FsOp): void {
    if (op.op === "write") this.write(op.path, op.content, op.append);
    else if (op.op === "rm") this.rm(op.path, true);
    else this.mkdirs(op.path, false);
  }

  private mkdirs(path: string, quiet: boolean): FsError | undefined {
    let cur = "";
    for (const seg of path.split("/").filter(Boolean)) {
      cur += `/${seg}`;
      const n = this.stat(cur);
      if (n?.type === "file") return "ENOTDIR";
      if (!n) {
        const err = quiet ? this.setDirQuiet(cur) : this.setDir(cur);
        if (err) return err;
      }
    }
    return undefined;
  }

  private setDir(path: string): FsError | undefined {
    const err = this.setDirQuiet(path);
    if (!err) this.onChange?.({ op: "mkdir", path });
    return err;
  }

  private setDirQuiet(path: string): FsError | undefined {
    const { layer, rel } = this.locate(path);
    if (layer.readOnly) return "EROFS";
    layer.entries.set(rel, DIR);
    return undefined;
  }
}

/** An absolute, normalised path for `path` seen from `cwd`. */
export function normalize(path: string, cwd: string): string {
  const parts: string[] = [];
  for (const seg of (path.startsWith("/") ? path : `${cwd}/${path}`).split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join("/")}`;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** Builds a read-only base from `path → content` (directories implied by the paths). */
export function baseLayer(files: Readonly<Record<string, string>>, dirs: readonly string[] = []): ReadonlyMap<string, FsNode> {
  const m = new Map<string, FsNode>();
  const addDir = (p: string) => {
    let cur = "";
    for (const seg of p.split("/").filter(Boolean)) {
      cur = cur ? `${cur}/${seg}` : seg;
      if (!m.has(cur)) m.set(cur, DIR);
    }
  };
  for (const d of dirs) addDir(d);
  for (const [p, content] of Object.entries(files)) {
    addDir(dirname(p));
    m.set(p.replace(/^\/+/, ""), Object.freeze({ type: "file", content }));
  }
  return m;
}
