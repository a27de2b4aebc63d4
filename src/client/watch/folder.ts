import fs from "node:fs";
import path from "node:path";
import type { KubeObject } from "../../core/api/object.js";
import { kindForObject, RegistryError, type KindInfo } from "../../core/api/registry.js";
import { parseManifests, type ManifestDocument } from "../manifests/index.js";
import { APPLYSET_PART_OF } from "./apply-set.js";
import { FolderFilter, IGNORE_FILE, toPosix } from "./ignore-rules.js";
import { refFor, refKey, refName, type ObjectRef } from "./object-ref.js";

/** A problem with a file, placed where an editor can jump to it. */
export interface FileIssue {
  /** The file as the user would type it: the folder as given, joined with the file's path in it. */
  readonly file: string;
  /** 1-based line and column. */
  readonly line: number;
  readonly column: number;
  /** 1-based index of the document in its file. */
  readonly document?: number;
  /** The field the problem is about, as Kubernetes names it: `spec.containers[0].image`. */
  readonly field?: string;
  /** The object it is about: `pod/web`. */
  readonly object?: string;
  readonly message: string;
}

/** One object a file declares, ready to apply. */
export interface DeclaredObject {
  readonly ref: ObjectRef;
  /** refKey(ref). */
  readonly key: string;
  /** The file's path relative to the folder, `/`-separated. */
  readonly file: string;
  readonly doc: ManifestDocument;
  /** The manifest as it is applied: with its namespace and the apply set's member label. */
  readonly manifest: KubeObject;
}

/** Where a file stands: applied as saved, refused (its objects keep their last good state), or saved and not yet looked at. */
export type FileState = "ok" | "error" | "pending";

interface FileEntry {
  state: FileState;
  issues: FileIssue[];
  /** What the file declared when it last passed: the folder's declaration while it is broken. */
  accepted: DeclaredObject[];
  /** The text `accepted` was read from. */
  text?: string;
  /** True when the file was last applied whole; false while it has errors or was never read. */
  clean: boolean;
}

/** What reading one file gave. */
export type FileRead =
  | { readonly kind: "missing" }
  /** Still being written (its size or time changed while it was read): try again later. */
  | { readonly kind: "unstable" }
  | { readonly kind: "read"; readonly text: string; readonly objects: DeclaredObject[]; readonly issues: FileIssue[] };

export interface FolderOptions {
  /** The folder as the user gave it (used in messages). */
  dir: string;
  recursive: boolean;
  /** The namespace for objects that name none. */
  namespace: string;
  /** Refuse objects whose namespace differs from `namespace` (kubectl's rule when -n is given to apply). */
  strictNamespace: boolean;
  /** The apply set's id, put on every object as its member label. */
  applySetId: string;
}

/**
 * The manifest folder as a watch knows it: which files it holds, what each declares,
 * and which are broken. A broken file keeps declaring what it declared when it last
 * passed, so that an error never looks like a deletion.
 */
export class FolderState {
  readonly root: string;
  private filter: FolderFilter;
  private readonly entries = new Map<string, FileEntry>();

  constructor(readonly opts: FolderOptions) {
    this.root = path.resolve(opts.dir);
    this.filter = new FolderFilter(this.readIgnoreFile());
  }

  /** The filter in force (editor temp files, extensions, `.kdeckignore`). */
  get fileFilter(): FolderFilter {
    return this.filter;
  }

  /** True when the folder is there and is a directory. */
  exists(): boolean {
    try {
      return fs.statSync(this.root).isDirectory();
    } catch {
      return false;
    }
  }

  /** How a file reads in messages: `manifests/web.yaml`. */
  display(rel: string): string {
    return toPosix(path.join(this.opts.dir, rel));
  }

  /** Re-reads `.kdeckignore`. */
  reloadIgnoreFile(): void {
    this.filter = new FolderFilter(this.readIgnoreFile());
  }

  /**
   * The manifest files in the folder now, depth-first in lexical order as kubectl walks
   * it, descending into subfolders only when recursive.
   */
  listFiles(): string[] {
    const out: string[] = [];
    const walk = (rel: string): void => {
      let names: string[];
      try {
        names = fs.readdirSync(path.join(this.root, rel));
      } catch {
        return;
      }
      for (const name of names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const childRel = rel ? `${rel}/${name}` : name;
        let stat: fs.Stats;
        try {
          stat = fs.statSync(path.join(this.root, childRel));
        } catch {
          continue; // a dangling link, such as emacs' lock file
        }
        if (stat.isDirectory()) {
          if (this.opts.recursive && this.filter.acceptsDir(childRel)) walk(childRel);
        } else if (stat.isFile() && this.filter.acceptsFile(childRel)) {
          out.push(childRel);
        }
      }
    };
    walk("");
    return out;
  }

  /** True when `rel` is a file this folder takes into account (by name: depth, extension, ignore rules). */
  wants(rel: string): boolean {
    if (!this.opts.recursive && rel.includes("/")) return false;
    return this.filter.acceptsFile(rel);
  }

  /**
   * Reads and parses one file. The file is read between two stats: if it changed
   * meanwhile, an editor is still writing it and the read does not count.
   */
  read(rel: string): FileRead {
    const abs = path.join(this.root, rel);
    let before: fs.Stats;
    let bytes: Buffer;
    try {
      before = fs.statSync(abs);
      if (!before.isFile()) return { kind: "missing" };
      bytes = fs.readFileSync(abs);
    } catch {
      return { kind: "missing" };
    }
    let after: fs.Stats;
    try {
      after = fs.statSync(abs);
    } catch {
      return { kind: "unstable" };
    }
    if (after.mtimeMs !== before.mtimeMs || after.size !== bytes.length) return { kind: "unstable" };
    const text = bytes.toString("utf8");
    return { kind: "read", text, ...this.declare(rel, text) };
  }

  /** The objects of one file's text, with the problems kubectl finds before sending anything. */
  declare(rel: string, text: string): { objects: DeclaredObject[]; issues: FileIssue[] } {
    const file = this.display(rel);
    const objects: DeclaredObject[] = [];
    const issues: FileIssue[] = [];
    const seen = new Set<string>();
    for (const doc of parseManifests({ path: file, text })) {
      const at = (fieldPath: string | undefined, message: string, object?: string): FileIssue => {
        const pos = fieldPath !== undefined ? doc.locate(fieldPath) : { line: doc.line, column: 1 };
        return { file, line: pos.line, column: pos.column, document: doc.index + 1, ...(fieldPath ? { field: fieldPath } : {}), ...(object ? { object } : {}), message };
      };
      if (!doc.object) {
        const e = doc.error ?? { message: "invalid document", line: doc.line, column: 1 };
        issues.push({ file, line: e.line, column: e.column, document: doc.index + 1, message: stripSourcePrefix(e.message, file) });
        continue;
      }
      const obj = doc.object;
      let kind: KindInfo;
      try {
        kind = kindForObject(obj.apiVersion, obj.kind);
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        issues.push(at("kind", `resource mapping not found: ${e.message}`));
        continue;
      }
      const name = obj.metadata.name;
      if (!name) {
        issues.push(at("metadata", "metadata.name: Required value: a watched folder's objects need a name (generateName cannot be followed or pruned)"));
        continue;
      }
      const own = obj.metadata.namespace;
      if (kind.namespaced && own && this.opts.strictNamespace && own !== this.opts.namespace) {
        issues.push(
          at(
            "metadata.namespace",
            `the namespace from the provided object "${own}" does not match the namespace "${this.opts.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
          ),
        );
        continue;
      }
      const ref = refFor(kind, own || this.opts.namespace, name);
      const labels = obj.metadata.labels ?? {};
      const existing = labels[APPLYSET_PART_OF];
      if (existing !== undefined && existing !== this.opts.applySetId) {
        issues.push(at(`metadata.labels[${APPLYSET_PART_OF}]`, `ApplySet label "${APPLYSET_PART_OF}" already set in input data`, refName(ref)));
        continue;
      }
      const key = refKey(ref);
      if (seen.has(key)) {
        issues.push(at("metadata.name", `${refName(ref)} is declared twice in this file`, refName(ref)));
        continue;
      }
      seen.add(key);
      const metadata = { ...obj.metadata, labels: { ...labels, [APPLYSET_PART_OF]: this.opts.applySetId } };
      if (kind.namespaced) metadata.namespace = ref.namespace;
      objects.push({ ref, key, file: rel, doc, manifest: { ...obj, metadata } });
    }
    return { objects, issues };
  }

  // ---- what the watch knows about each file ---------------------------------------

  /** Files known, in lexical order. */
  files(): string[] {
    return [...this.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  state(rel: string): FileState | undefined {
    return this.entries.get(rel)?.state;
  }

  issues(rel: string): readonly FileIssue[] {
    return this.entries.get(rel)?.issues ?? [];
  }

  /** What `rel` declares as far as the watch is concerned (its last accepted objects). */
  accepted(rel: string): readonly DeclaredObject[] {
    return this.entries.get(rel)?.accepted ?? [];
  }

  /** Files not applied whole yet (in error, or never read): each round looks at them again, as another file may have fixed them. */
  unsettled(): string[] {
    return this.files().filter((f) => !this.entries.get(f)!.clean);
  }

  /** True when `text` is what `rel` was last applied from, whole: reading it again would change nothing. */
  unchanged(rel: string, text: string): boolean {
    const entry = this.entries.get(rel);
    return entry !== undefined && entry.clean && entry.text === text;
  }

  /** A file saved (or removed) and not looked at yet. */
  markPending(rel: string): void {
    const entry = this.entries.get(rel);
    if (entry) entry.state = "pending";
    else this.entries.set(rel, { state: "pending", issues: [], accepted: [], clean: false });
  }

  /** The file passed and was applied: it declares `objects` from now on. */
  accept(rel: string, objects: DeclaredObject[], text: string): void {
    this.entries.set(rel, { state: "ok", issues: [], accepted: objects, text, clean: true });
  }

  /** The file failed before anything was applied: its last accepted objects stay its declaration. */
  reject(rel: string, issues: FileIssue[]): void {
    const entry = this.entries.get(rel);
    this.entries.set(rel, { state: "error", issues, accepted: entry?.accepted ?? [], ...(entry?.text !== undefined ? { text: entry.text } : {}), clean: false });
  }

  /** The file was applied in part: it declares `objects` now, and stays in error until a round applies it whole. */
  failed(rel: string, objects: DeclaredObject[], text: string, issues: FileIssue[]): void {
    this.entries.set(rel, { state: "error", issues, accepted: objects, text, clean: false });
  }

  /** The file is gone: it declares nothing. */
  remove(rel: string): void {
    this.entries.delete(rel);
  }

  /** Every object the folder declares, in file order. */
  declared(): DeclaredObject[] {
    return this.files().flatMap((f) => this.entries.get(f)!.accepted);
  }

  private readIgnoreFile(): string {
    try {
      return fs.readFileSync(path.join(this.root, IGNORE_FILE), "utf8");
    } catch {
      return "";
    }
  }
}

/** `error parsing f.yaml: x` → `x`: the file is named in front of the message already. */
function stripSourcePrefix(message: string, file: string): string {
  for (const head of [`error parsing ${file}: `, `error validating "${file}": `]) {
    if (message.startsWith(head)) return message.slice(head.length).replace(/; if you choose to ignore these errors, turn validation off with --validate=false$/, "");
  }
  return message;
}
