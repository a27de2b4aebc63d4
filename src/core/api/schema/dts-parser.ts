/**
 * A reader for the declaration files of the `kubernetes-types` package. Those files are
 * generated from Kubernetes' OpenAPI documents and are very regular: one interface per
 * API type, a `/** description *\/` comment before each field, `field?: Type;` for
 * optional and `field: Type;` for required fields, `Array<T>` for lists, an inline
 * `{ [name: string]: T; }` for maps, and a few `export type X = string;` aliases.
 * Reading them gives kdeck the real schema (names, types, descriptions, required-ness)
 * without shipping a copy of the OpenAPI document.
 */

/** A field's type as the declaration spells it, with references resolved to their file. */
export type TypeExpr =
  | { kind: "string" }
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "literal"; value: string }
  /** `number | string`: Kubernetes' IntOrString. */
  | { kind: "intOrString" }
  /** A named type, declared in `file` (a path like `core/v1`, relative to the package). */
  | { kind: "ref"; name: string; file: string }
  | { kind: "array"; items: TypeExpr }
  | { kind: "map"; values: TypeExpr }
  /** Any other union: accepted as free-form. */
  | { kind: "union"; options: TypeExpr[] };

/** One field of an interface. */
export interface FieldDecl {
  name: string;
  type: TypeExpr;
  /** The JSDoc text, newlines kept, `""` when there is none. */
  description: string;
  /** Declared without `?`. */
  required: boolean;
}

/** An `export interface` declaration. An interface without fields is a free-form object. */
export interface InterfaceDecl {
  kind: "interface";
  name: string;
  file: string;
  description: string;
  fields: FieldDecl[];
  fieldsByName: ReadonlyMap<string, FieldDecl>;
}

/** An `export type X = …;` declaration (`Time`, `Quantity`, …). */
export interface AliasDecl {
  kind: "alias";
  name: string;
  file: string;
  description: string;
  type: TypeExpr;
}

export type Declaration = InterfaceDecl | AliasDecl;

/** The declarations of one `.d.ts` file, by name. */
export interface DeclarationFile {
  /** Package-relative path without extension: `core/v1`. */
  path: string;
  declarations: ReadonlyMap<string, Declaration>;
}

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";?\s*$/;
const INTERFACE = /^export interface (\w+)\s*\{\s*(\})?\s*$/;
const ALIAS = /^export type (\w+)\s*=\s*(.+?);?\s*$/;
const FIELD = /^\s+(?:readonly\s+)?("[^"]+"|[\w$-]+)(\?)?:\s*(.*?)\s*$/;
const MAP_ENTRY = /^\s*\[\w+:\s*string\]:\s*(.+?);?\s*$/;

/** Parses the text of one declaration file. `path` is package-relative, without `.d.ts`. */
export function parseDeclarationFile(path: string, text: string): DeclarationFile {
  const lines = text.split(/\r?\n/);
  const imports = new Map<string, string>();
  const pending: { name: string; build: () => Declaration }[] = [];
  let doc: string[] | undefined;
  let docOpen = false;

  // References are resolved after the whole file is read, since a type may be used
  // before the line that declares it.
  const local = new Set<string>();
  const refsToFix: { ref: { kind: "ref"; name: string; file: string } }[] = [];
  const parseType = (src: string): TypeExpr => parseTypeExpr(src, (name) => {
    const ref = { kind: "ref" as const, name, file: path };
    refsToFix.push({ ref });
    return ref;
  });

  let i = 0;
  const takeDoc = (): string => {
    const d = doc ? doc.join("\n").replace(/\n+$/, "") : "";
    doc = undefined;
    return d;
  };
  const readComment = (line: string): boolean => {
    const t = line.trim();
    if (docOpen) {
      if (t === "*/") {
        docOpen = false;
      } else {
        doc!.push(commentLine(line));
      }
      return true;
    }
    if (t.startsWith("/**") && t.endsWith("*/") && t.length >= 5) {
      doc = [t.slice(3, -2).trim()];
      return true;
    }
    if (t === "/**") {
      doc = [];
      docOpen = true;
      return true;
    }
    return false;
  };

  while (i < lines.length) {
    const line = lines[i]!;
    i++;
    if (readComment(line)) continue;
    const imp = IMPORT.exec(line);
    if (imp) {
      const target = joinPath(path, imp[2]!);
      for (const n of imp[1]!.split(",").map((s) => s.trim()).filter(Boolean)) imports.set(n, target);
      continue;
    }
    const alias = ALIAS.exec(line);
    if (alias) {
      const name = alias[1]!;
      const description = takeDoc();
      const type = parseType(alias[2]!);
      local.add(name);
      pending.push({ name, build: () => ({ kind: "alias", name, file: path, description, type }) });
      continue;
    }
    const iface = INTERFACE.exec(line);
    if (iface) {
      const name = iface[1]!;
      const description = takeDoc();
      const fields: FieldDecl[] = [];
      if (!iface[2]) {
        while (i < lines.length) {
          const fl = lines[i]!;
          i++;
          if (/^\}\s*$/.test(fl)) break;
          if (readComment(fl)) continue;
          const f = FIELD.exec(fl);
          if (!f) continue;
          const fieldDoc = takeDoc();
          let typeSrc = f[3]!;
          if (typeSrc === "{") {
            // A multi-line map literal: `{`, `[name: string]: T;`, `};`.
            const body: string[] = [];
            while (i < lines.length && !/^\s*\};?\s*$/.test(lines[i]!)) body.push(lines[i++]!);
            i++;
            typeSrc = `{ ${body.map((b) => b.trim()).join(" ")} }`;
          }
          fields.push({
            name: unquote(f[1]!),
            type: parseType(typeSrc.replace(/;$/, "")),
            description: fieldDoc,
            required: f[2] !== "?",
          });
        }
      }
      local.add(name);
      pending.push({
        name,
        build: () => ({ kind: "interface", name, file: path, description, fields, fieldsByName: new Map(fields.map((f) => [f.name, f])) }),
      });
      continue;
    }
    doc = undefined;
  }

  for (const { ref } of refsToFix) {
    if (!local.has(ref.name)) ref.file = imports.get(ref.name) ?? path;
  }
  return { path, declarations: new Map(pending.map((p) => [p.name, p.build()])) };
}

/** Parses one type expression: `string`, `Array<Container>`, `number | string`, `{ [name: string]: Quantity; }`. */
export function parseTypeExpr(src: string, ref: (name: string) => TypeExpr): TypeExpr {
  const s = src.trim().replace(/;$/, "").trim();
  const parts = splitTopLevel(s, "|");
  if (parts.length > 1) {
    const set = new Set(parts);
    if (set.size === 2 && set.has("number") && set.has("string")) return { kind: "intOrString" };
    return { kind: "union", options: parts.map((p) => parseTypeExpr(p, ref)) };
  }
  if (s.startsWith("Array<") && s.endsWith(">")) return { kind: "array", items: parseTypeExpr(s.slice(6, -1), ref) };
  if (s.endsWith("[]")) return { kind: "array", items: parseTypeExpr(s.slice(0, -2), ref) };
  if (s.startsWith("{") && s.endsWith("}")) {
    const m = MAP_ENTRY.exec(s.slice(1, -1).trim());
    return m ? { kind: "map", values: parseTypeExpr(m[1]!, ref) } : { kind: "union", options: [] };
  }
  if (s.startsWith('"') && s.endsWith('"')) return { kind: "literal", value: s.slice(1, -1) };
  if (s === "string") return { kind: "string" };
  if (s === "number") return { kind: "number" };
  if (s === "boolean") return { kind: "boolean" };
  if (/^\w+$/.test(s)) return ref(s);
  return { kind: "union", options: [] };
}

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "<" || c === "{" || c === "(" || c === "[") depth++;
    else if (c === ">" || c === "}" || c === ")" || c === "]") depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter((p) => p.length > 0);
}

/** ` * text` → `text`, keeping any indentation after the single space the generator adds. */
function commentLine(line: string): string {
  const m = /^\s*\*(?: (.*)|(.*))$/.exec(line);
  if (!m) return line.trim();
  return (m[1] ?? m[2] ?? "").replace(/\s+$/, "");
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1) : name;
}

/** `core/v1` + `../meta/v1` → `meta/v1`. */
function joinPath(from: string, rel: string): string {
  const parts = from.split("/");
  parts.pop();
  for (const seg of rel.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}
