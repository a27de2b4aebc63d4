import type { KindInfo } from "../registry.js";
import type { Declaration, FieldDecl, TypeExpr } from "./dts-parser.js";
import { kindSchema, resolveRef } from "./schema-source.js";
import { indent, wrapString } from "./word-wrap.js";

/** Options of `kdeck explain`, as kubectl's. */
export interface ExplainOptions {
  /** Print every nested field's name and type, without descriptions. */
  recursive?: boolean;
}

/**
 * Aliases whose JSON form is a string or a number: OpenAPI gives them no `type`, so
 * kubectl names them (`<map[string]Quantity>`) where other string aliases print as
 * `<string>` (`Time`).
 */
const UNTYPED_ALIASES = new Set(["Quantity"]);

/** The API's only float fields; every other number is an integer. */
const FLOAT_FIELDS = new Set(["JSONSchemaProps.maximum", "JSONSchemaProps.minimum", "JSONSchemaProps.multipleOf"]);

/**
 * `kdeck explain pods.spec.containers` output in kubectl explain's format: KIND and
 * VERSION (and GROUP), the FIELD with its type, the DESCRIPTION, and FIELDS with
 * `<type>` and `-required-`; with `recursive`, every nested field without descriptions.
 * `fieldPath` excludes the resource (`["spec", "containers"]`). Throws an Error with
 * kubectl's message for a field that does not exist: `error: field "x" does not exist`.
 */
export function explain(kind: KindInfo, fieldPath: readonly string[], opts: ExplainOptions = {}): string {
  const schema = kindSchema(kind);
  if (!schema) throw new Error(`error: GVK ${kind.group}/${kind.version}, Kind=${kind.kind} not found in OpenAPI schema`);
  const recursive = opts.recursive ?? false;

  let out = "";
  if (kind.group) out += `GROUP:      ${kind.group}\n`;
  out += `KIND:       ${kind.kind}\nVERSION:    ${kind.version}\n\n`;

  let descriptions: string;
  let type: TypeExpr;
  if (fieldPath.length === 0) {
    descriptions = typeDescription(schema);
    type = schema;
  } else {
    let current: TypeExpr = schema;
    let field: FieldDecl | undefined;
    for (const name of fieldPath) {
      field = findField(current, name);
      // kubectl names the last segment of the path, whichever one is missing.
      if (!field) throw new Error(`error: field "${fieldPath[fieldPath.length - 1]}" does not exist`);
      current = field.type;
    }
    const f = field!;
    out += `FIELD: ${f.name} <${typeName(f.type, ownerOf(fieldPath, schema), f.name)}>\n\n`;
    descriptions = (f.description ? `${f.description}\n` : "") + typeDescription(f.type);
    type = f.type;
  }

  out += "DESCRIPTION:\n";
  out += `${indent(4, wrapString(descriptions || "<empty>", 76))}\n`;
  const fields = fieldList(type, 1, new Set(), recursive);
  if (fields) out += `FIELDS:\n${fields}`;
  return `${out}\n`;
}

/** The field called `name` of a type, looking through lists and maps as kubectl does. */
function findField(type: TypeExpr, name: string): FieldDecl | undefined {
  switch (type.kind) {
    case "array":
      return findField(type.items, name);
    case "map":
      return findField(type.values, name);
    case "ref": {
      const decl = resolveRef(type);
      if (!decl) return undefined;
      return decl.kind === "interface" ? decl.fieldsByName.get(name) : findField(decl.type, name);
    }
    default:
      return undefined;
  }
}

/** The interface that declares the last field of a path, for the integer/number distinction. */
function ownerOf(fieldPath: readonly string[], schema: TypeExpr): string | undefined {
  let current = schema;
  for (const name of fieldPath.slice(0, -1)) current = findField(current, name)!.type;
  return interfaceName(current);
}

function interfaceName(type: TypeExpr): string | undefined {
  if (type.kind === "array") return interfaceName(type.items);
  if (type.kind === "map") return interfaceName(type.values);
  if (type.kind === "ref") return resolveRef(type)?.name;
  return undefined;
}

/** The descriptions kubectl prints for a type: the named type's own, through lists and maps. */
function typeDescription(type: TypeExpr): string {
  switch (type.kind) {
    case "array":
      return typeDescription(type.items);
    case "map":
      return typeDescription(type.values);
    case "ref": {
      const d = resolveRef(type)?.description;
      return d ? `${d}\n` : "";
    }
    default:
      return "";
  }
}

/** kubectl's type hint: `string`, `integer`, `[]Container`, `map[string]string`, `ObjectMeta`. */
function typeName(type: TypeExpr, owner?: string, field?: string): string {
  switch (type.kind) {
    case "string":
    case "literal":
      return "string";
    case "number":
      return owner && field && FLOAT_FIELDS.has(`${owner}.${field}`) ? "number" : "integer";
    case "boolean":
      return "boolean";
    case "intOrString":
      return "IntOrString";
    case "array":
      return `[]${typeName(type.items, owner, field)}`;
    case "map":
      return `map[string]${typeName(type.values, owner, field)}`;
    case "ref": {
      const decl = resolveRef(type);
      if (!decl || decl.kind === "interface" || UNTYPED_ALIASES.has(decl.name)) return type.name;
      // Only aliases of a plain JSON type print as that type; named unions keep their name.
      return decl.type.kind === "union" ? type.name : typeName(decl.type);
    }
    case "union":
      return "Object";
  }
}

function fieldList(type: TypeExpr, level: number, seen: ReadonlySet<string>, recursive: boolean): string {
  switch (type.kind) {
    case "array":
      return fieldList(type.items, level, seen, recursive);
    case "map":
      return fieldList(type.values, level, seen, recursive);
    case "ref": {
      const key = `${type.file}#${type.name}`;
      // A type already being listed above this one would recurse forever.
      if (seen.has(key)) return "";
      const decl: Declaration | undefined = resolveRef(type);
      if (!decl) return "";
      const inner = new Set(seen).add(key);
      if (decl.kind === "alias") return fieldList(decl.type, level, inner, recursive);
      let out = "";
      for (const f of [...decl.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        out += fieldDetail(f, decl.name, level, recursive);
        if (recursive) out += fieldList(f.type, level + 1, inner, recursive);
      }
      return out;
    }
    default:
      return "";
  }
}

function fieldDetail(f: FieldDecl, owner: string, level: number, short: boolean): string {
  const pad = level * 2;
  let out = `${" ".repeat(pad)}${f.name}\t<${typeName(f.type, owner, f.name)}>${f.required ? " -required-" : ""}\n`;
  if (!short) {
    out += `${indent(pad + 2, wrapString(f.description || "<no description>", 78 - pad))}\n\n`;
  }
  return out;
}
