import type { KubeObject } from "../../core/api/object.js";
import { decodeJsonStream } from "./json-decode.js";
import type { ManifestSource } from "./sources.js";
import { locateField, type SourceNode, type SourcePosition } from "./source-tree.js";
import { decodeYamlStream, type DecodedDocument } from "./yaml-decode.js";

/** One object read from a manifest file, or the reason it could not be read. */
export interface ManifestDocument {
  /** The source's path ("-" for stdin). */
  file: string;
  /** 0-based index of the document in its file (items of a List share the List's index and get itemIndex). */
  index: number;
  /** 0-based index of the item in its List. */
  itemIndex?: number;
  /** 1-based line where the document (or List item) starts. */
  line: number;
  /** The object, when the document parsed and has the shape of one. */
  object?: KubeObject;
  /**
   * Why the document cannot be used, in kubectl's words, e.g.
   * `error parsing x.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context`.
   * `line`/`column` point at the cause.
   */
  error?: { message: string; line: number; column: number };
  /** Position of a field path such as `spec.containers[0].image` in this document; falls back to the nearest existing ancestor. */
  locate(fieldPath: string): { line: number; column: number };
}

/**
 * Reads the objects of one manifest file as `kubectl apply -f` does: a JSON file
 * (one that starts with `{`) or a multi-document YAML stream; `kind: List` and
 * `*List` documents contribute each of their items; empty and comment-only
 * documents are skipped. Problems become documents with an `error` and a position
 * rather than exceptions, so one bad document does not hide the others.
 */
export function parseManifests(source: ManifestSource): ManifestDocument[] {
  const name = source.path === "-" ? "STDIN" : source.path;
  const text = source.text.startsWith("\uFEFF") ? source.text.slice(1) : source.text;
  const json = text.trimStart().startsWith("{");
  const out: ManifestDocument[] = [];
  for (const doc of json ? decodeJsonStream(text) : decodeYamlStream(text)) {
    const base = { file: source.path, index: doc.index };
    if (doc.error) {
      const message = json ? `error parsing ${name}: ${doc.error.message}` : `error parsing ${name}: error converting YAML to JSON: ${doc.error.message}`;
      out.push(manifestDocument(base, doc.start, undefined, { ...doc.error, message }));
      continue;
    }
    // kubectl skips documents that decode to nothing (empty, comments only, `null`).
    if (doc.value === null || doc.value === undefined) continue;
    const tree = doc.tree ?? doc.start;
    if (!isObject(doc.value)) {
      const message = `error parsing ${name}: json: cannot unmarshal ${goTypeName(doc.value)} into Go value of type map[string]interface {}`;
      out.push(manifestDocument(base, tree, tree, { message, ...doc.start }));
      continue;
    }
    if (isList(doc.value)) {
      out.push(...listItems(doc, doc.value, tree, name, base));
      continue;
    }
    out.push(checkedObject(doc.value, tree, name, base));
  }
  return out;
}

type Base = { file: string; index: number; itemIndex?: number };

function manifestDocument(base: Base, start: SourcePosition, tree: SourceNode | undefined, error?: ManifestDocument["error"], object?: KubeObject): ManifestDocument {
  const doc: ManifestDocument = {
    ...base,
    line: start.line,
    locate: (fieldPath) => (tree ? locateField(tree, fieldPath) : { line: start.line, column: start.column }),
  };
  if (object) doc.object = object;
  if (error) doc.error = error;
  return doc;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `kind: List`, `PodList`…: a document whose objects are its `items`. */
function isList(v: Record<string, unknown>): boolean {
  return typeof v.kind === "string" && v.kind.endsWith("List") && "items" in v;
}

function listItems(doc: DecodedDocument, list: Record<string, unknown>, tree: SourceNode, name: string, base: Base): ManifestDocument[] {
  const kind = list.kind as string;
  const items = list.items;
  if (items === null) return [];
  if (!Array.isArray(items)) {
    const at = locateField(tree, "items");
    const message = validationMessage(name, [`ValidationError(${kind}.items): invalid type: got "${openApiType(items)}", expected "array"`]);
    return [manifestDocument(base, doc.start, tree, { message, ...at })];
  }
  // A typed list (PodList) may leave out its items' kind and apiVersion; the
  // unstructured decoder fills them in from the list, and so does kdeck.
  const itemKind = kind.slice(0, -"List".length);
  const itemTrees = tree.fields?.get("items")?.value.items ?? [];
  return items.map((item, i) => {
    const itemTree = itemTrees[i] ?? tree;
    const itemBase = { ...base, itemIndex: i };
    if (!isObject(item)) {
      const message = validationMessage(name, [`ValidationError(${kind}.items[${i}]): invalid type: got "${openApiType(item)}", expected "map"`]);
      return manifestDocument(itemBase, itemTree, itemTree, { message, line: itemTree.line, column: itemTree.column });
    }
    const filled = item.kind === undefined && item.apiVersion === undefined && itemKind ? { apiVersion: list.apiVersion, kind: itemKind, ...item } : item;
    return checkedObject(filled, itemTree, name, itemBase);
  });
}

/** kubectl's client-side checks every object gets before it is sent. */
function checkedObject(obj: Record<string, unknown>, tree: SourceNode, name: string, base: Base): ManifestDocument {
  const problems: { text: string; at: SourcePosition }[] = [];
  const kindName = typeof obj.kind === "string" && obj.kind ? obj.kind : "Object";
  for (const field of ["apiVersion", "kind"] as const) {
    const v = obj[field];
    if (v === undefined || v === null || v === "") {
      problems.push({ text: `${field} not set`, at: tree });
    } else if (typeof v !== "string") {
      problems.push({ text: `ValidationError(${kindName}.${field}): invalid type: got "${openApiType(v)}", expected "string"`, at: locateField(tree, field) });
    }
  }
  if (obj.metadata !== undefined && obj.metadata !== null && !isObject(obj.metadata)) {
    problems.push({
      text: `ValidationError(${kindName}.metadata): invalid type for io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta: got "${openApiType(obj.metadata)}", expected "map"`,
      at: locateField(tree, "metadata"),
    });
  }
  const first = problems[0];
  if (first) {
    const message = validationMessage(
      name,
      problems.map((p) => p.text),
    );
    return manifestDocument(base, tree, tree, { message, line: first.at.line, column: first.at.column });
  }
  // An object without metadata means the same to Kubernetes as one with empty metadata.
  const object = (isObject(obj.metadata) ? obj : { ...obj, metadata: {} }) as KubeObject;
  return manifestDocument(base, tree, tree, undefined, object);
}

/** kubectl's wording, with its aggregate format: one error alone, several in brackets. */
function validationMessage(name: string, errors: string[]): string {
  const aggregate = errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
  return `error validating "${name}": error validating data: ${aggregate}; if you choose to ignore these errors, turn validation off with --validate=false`;
}

function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

function openApiType(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (isObject(v)) return "map";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}
