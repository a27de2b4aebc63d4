import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Scalar, type YAMLError } from "yaml";
import type { SourceNode, SourcePosition } from "./source-tree.js";
import { keyString, resolvePlainScalar, resolveScalar, ScalarError } from "./yaml-scalars.js";

/** A document of a manifest stream, decoded to JSON, or the reason it could not be. */
export interface DecodedDocument {
  /** 0-based position of the document in its file, counting empty ones. */
  index: number;
  /** Where the document's content starts. */
  start: SourcePosition;
  /** The JSON value; `null` for an empty or comment-only document. */
  value?: unknown;
  tree?: SourceNode;
  /** Why the document could not be decoded: `yaml: line 7: mapping values are not allowed in this context`. */
  error?: { message: string } & SourcePosition;
}

/**
 * go-yaml's wording for the syntax errors people make, so that messages read like
 * kubectl's; anything else keeps the yaml library's own description.
 */
function syntaxMessage(e: YAMLError): string {
  const text = e.message.split("\n")[0] ?? e.message;
  switch (e.code) {
    case "BLOCK_AS_IMPLICIT_KEY":
      return "mapping values are not allowed in this context";
    case "TAB_AS_INDENT":
      return "found character that cannot start any token";
    case "MULTILINE_IMPLICIT_KEY":
      return "could not find expected ':'";
    case "UNEXPECTED_TOKEN":
      return "did not find expected key";
    case "BAD_INDENT":
      if (/flow sequence/i.test(text)) return "did not find expected ',' or ']'";
      if (/flow map/i.test(text)) return "did not find expected ',' or '}'";
      return "did not find expected key";
    case "MISSING_CHAR":
      if (/quote/i.test(text)) return "found unexpected end of stream";
      if (/map values/i.test(text)) return "could not find expected ':'";
      break;
  }
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/ at line \d+, column \d+:?$/, "");
}

/** A decoding failure at a source offset. */
class DecodeFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Nodes a document may expand to through aliases before it is refused (a "billion laughs" guard). */
const MAX_EXPANDED_NODES = 1_000_000;

/**
 * Decodes a YAML stream into JSON documents with source positions, resolving
 * scalars as go-yaml v2 does (see yaml-scalars.ts). Line numbers in messages count
 * from the start of the file, not of the document as go-yaml's do.
 */
export function decodeYamlStream(text: string): DecodedDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, schema: "failsafe", uniqueKeys: false, merge: false, prettyErrors: false });
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return Array.from(docs, (doc, index): DecodedDocument => {
    const contents = doc.contents as Node | null;
    const start = at(contents?.range?.[0] ?? doc.range[0]);
    const syntax = doc.errors[0];
    if (syntax) {
      const pos = at(syntax.pos[0]);
      return { index, start, error: { message: `yaml: line ${pos.line}: ${syntaxMessage(syntax)}`, ...pos } };
    }
    if (!contents) return { index, start, value: null };
    try {
      const { value, tree } = new Converter(doc, at).convert(contents);
      return { index, start, value, tree };
    } catch (e) {
      if (!(e instanceof DecodeFailure)) throw e;
      const pos = at(e.offset);
      return { index, start, error: { message: e.message.replace("{line}", String(pos.line)), ...pos } };
    }
  });
}

class Converter {
  private expanded = 0;
  private readonly active = new Set<Node>();

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => SourcePosition,
  ) {}

  convert(node: Node): { value: unknown; tree: SourceNode } {
    if (++this.expanded > MAX_EXPANDED_NODES) throw new DecodeFailure("yaml: document contains excessive aliasing", offOf(node));
    const pos = this.at(offOf(node));
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (!target) throw new DecodeFailure(`yaml: line {line}: unknown anchor '${node.source}' referenced`, offOf(node));
      if (this.active.has(target)) throw new DecodeFailure(`yaml: line {line}: anchor '${node.source}' value contains itself`, offOf(node));
      this.active.add(target);
      try {
        const { value, tree } = this.convert(target);
        return { value, tree: { ...tree, ...pos } };
      } finally {
        this.active.delete(target);
      }
    }
    if (isScalar(node)) return { value: this.scalar(node), tree: pos };
    if (isSeq(node)) {
      const value: unknown[] = [];
      const items: SourceNode[] = [];
      for (const item of node.items as Node[]) {
        const c = item ? this.convert(item) : { value: null, tree: pos };
        value.push(c.value);
        items.push(c.tree);
      }
      return { value, tree: { ...pos, items } };
    }
    if (isMap(node)) return this.map(node, pos);
    throw new DecodeFailure("yaml: line {line}: unsupported node", offOf(node));
  }

  private scalar(node: Scalar): unknown {
    const text = typeof node.source === "string" ? node.source : String(node.value ?? "");
    try {
      return resolveScalar(text, node.type === "PLAIN", node.tag);
    } catch (e) {
      if (e instanceof ScalarError) throw new DecodeFailure(`yaml: line {line}: ${e.message}`, offOf(node));
      throw e;
    }
  }

  private map(node: Node & { items: unknown[] }, pos: SourcePosition): { value: unknown; tree: SourceNode } {
    const value: Record<string, unknown> = {};
    const fields = new Map<string, { key: SourcePosition; value: SourceNode }>();
    const merges: Node[] = [];
    for (const pair of node.items as { key: Node | null; value: Node | null }[]) {
      const keyNode = pair.key;
      if (keyNode && isScalar(keyNode) && keyNode.type === "PLAIN" && keyNode.source === "<<" && (!keyNode.tag || keyNode.tag.endsWith(":merge"))) {
        if (pair.value) merges.push(pair.value);
        continue;
      }
      const name = this.key(keyNode, node);
      const keyPos = this.at(keyNode ? offOf(keyNode) : offOf(node));
      const previous = fields.get(name);
      if (previous) {
        throw new DecodeFailure(`yaml: line {line}: mapping key "${name}" already defined at line ${previous.key.line}`, keyNode ? offOf(keyNode) : offOf(node));
      }
      const c = pair.value ? this.convert(pair.value) : { value: null, tree: keyPos };
      define(value, name, c.value);
      fields.set(name, { key: keyPos, value: c.tree });
    }
    // Merged keys never override keys written in the map itself, whatever their order
    // (the YAML merge-key rule; go-yaml v2 gets this wrong when `<<` comes last).
    for (const source of merges.flatMap((m) => this.mergeSources(m))) {
      const c = this.convert(source);
      for (const [k, entry] of c.tree.fields ?? []) {
        if (fields.has(k)) continue;
        define(value, k, (c.value as Record<string, unknown>)[k]);
        fields.set(k, entry);
      }
    }
    return { value, tree: { ...pos, fields } };
  }

  private mergeSources(node: Node): Node[] {
    const target = isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node;
    if (target && isMap(target)) return [node];
    if (target && isSeq(target)) {
      const items = (target.items as Node[]).filter(Boolean);
      if (items.every((i) => isMap(isAlias(i) ? (i.resolve(this.doc) as Node | undefined) : i))) return items;
    }
    if (!target && isAlias(node)) throw new DecodeFailure(`yaml: line {line}: unknown anchor '${node.source}' referenced`, offOf(node));
    throw new DecodeFailure("yaml: line {line}: map merge requires map or sequence of maps as the value", offOf(node));
  }

  private key(node: Node | null, map: Node): string {
    const target = node && isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node;
    if (!target || !isScalar(target)) {
      const what = target && isSeq(target) ? "a sequence" : "a mapping";
      // Almost always an unquoted template placeholder such as `{{replicas}}`.
      const hint = target && isMap(target) ? ' (an unquoted "{{ … }}" placeholder reads as one: quote it)' : "";
      throw new DecodeFailure(`yaml: line {line}: invalid map key: ${target ? what : "null"} cannot be a key${hint}`, node ? offOf(node) : offOf(map));
    }
    const text = typeof target.source === "string" ? target.source : String(target.value ?? "");
    let resolved: null | boolean | number | string;
    try {
      resolved = target.tag ? resolveScalar(text, target.type === "PLAIN", target.tag) : target.type === "PLAIN" ? resolvePlainScalar(text).value : text;
    } catch (e) {
      if (e instanceof ScalarError) throw new DecodeFailure(`yaml: line {line}: ${e.message}`, offOf(target));
      throw e;
    }
    const name = keyString(resolved);
    if (name === undefined) throw new DecodeFailure("yaml: line {line}: a map key cannot be null", offOf(node ?? map));
    return name;
  }
}

function offOf(node: Node): number {
  return node.range?.[0] ?? 0;
}

/** Defines a field even when it is named `__proto__`. */
function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}
