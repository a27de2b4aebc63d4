import type { KubeObject } from "../object.js";
import type { KindInfo } from "../registry.js";
import type { TypeExpr } from "./dts-parser.js";
import { kindSchema, resolveRef } from "./schema-source.js";

/**
 * Unknown fields of an object against its kind's schema, as Kubernetes' strict decoding
 * reports them (`spec.containers[0].imagePullPolic`), in document order. Map-typed
 * fields (labels, annotations, data) accept any key; free-form types (RawExtension,
 * FieldsV1) accept anything. Kinds without a schema give `[]`.
 */
export function unknownFields(obj: KubeObject, kind: KindInfo): string[] {
  const schema = kindSchema(kind);
  if (!schema) return [];
  const out: string[] = [];
  walk(obj, schema, "", out);
  return out;
}

/**
 * The message the API server gives when strict field validation refuses an object:
 * `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.x"`.
 */
export function strictDecodingError(kind: Pick<KindInfo, "kind" | "version">, fields: readonly string[]): string {
  const list = fields.map((f) => `unknown field "${f}"`).join(", ");
  return `${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: strict decoding error: ${list}`;
}

/** A value whose JSON type cannot decode into its field, as Go's decoder refuses it. */
export interface TypeMismatch {
  /** `spec.replicas` */
  path: string;
  /** The declaring type's name, `DeploymentSpec`. */
  owner: string;
  /** JSON type found: `string`, `number`, `bool`, `array`, `object`. */
  found: string;
  /** Type wanted: `string`, `number`, `bool`, `array`, `object`. */
  wanted: string;
}

/**
 * Values of the wrong JSON type (`replicas: "two"`). The API server cannot even decode
 * such an object, whatever the field validation, and says so in Go's words.
 */
export function typeMismatches(obj: KubeObject, kind: KindInfo): TypeMismatch[] {
  const schema = kindSchema(kind);
  if (!schema) return [];
  const out: TypeMismatch[] = [];
  checkTypes(obj, schema, "", kind.kind, out);
  return out;
}

/** `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type number` */
export function decodingError(kind: Pick<KindInfo, "kind" | "version">, m: TypeMismatch): string {
  return `${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: json: cannot unmarshal ${m.found} into Go struct field ${m.owner}.${m.path} of type ${m.wanted}`;
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v === "object" ? "object" : typeof v;
}

function checkTypes(value: unknown, type: TypeExpr, path: string, owner: string, out: TypeMismatch[]): void {
  if (value === null || value === undefined) return;
  const found = jsonType(value);
  const mismatch = (wanted: string) => out.push({ path, owner, found, wanted });
  switch (type.kind) {
    case "string":
    case "literal":
      if (found !== "string") mismatch("string");
      return;
    case "number":
      if (found !== "number") mismatch("number");
      return;
    case "boolean":
      if (found !== "bool") mismatch("bool");
      return;
    case "intOrString":
      if (found !== "number" && found !== "string") mismatch("IntOrString");
      return;
    case "array":
      if (found !== "array") mismatch("array");
      else (value as unknown[]).forEach((v, i) => checkTypes(v, type.items, `${path}[${i}]`, owner, out));
      return;
    case "map":
      if (found !== "object") mismatch("object");
      else for (const [k, v] of Object.entries(value as Record<string, unknown>)) checkTypes(v, type.values, join(path, k), owner, out);
      return;
    case "ref": {
      const decl = resolveRef(type);
      if (!decl) return;
      if (decl.kind === "alias") {
        // A Quantity decodes from a JSON number too (`cpu: 1`), as Kubernetes' unmarshaller allows.
        if (decl.name === "Quantity" && found === "number") return;
        checkTypes(value, decl.type, path, owner, out);
        return;
      }
      if (decl.fields.length === 0) return;
      if (found !== "object") {
        mismatch("object");
        return;
      }
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const field = decl.fieldsByName.get(k);
        if (field) checkTypes(v, field.type, join(path, k), decl.name, out);
      }
      return;
    }
    default:
      return;
  }
}

function walk(value: unknown, type: TypeExpr, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  switch (type.kind) {
    case "array":
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, type.items, `${path}[${i}]`, out));
      return;
    case "map":
      if (isRecord(value)) for (const [k, v] of Object.entries(value)) walk(v, type.values, join(path, k), out);
      return;
    case "ref": {
      const decl = resolveRef(type);
      if (!decl) return;
      if (decl.kind === "alias") {
        walk(value, decl.type, path, out);
        return;
      }
      if (decl.fields.length === 0 || !isRecord(value)) return;
      for (const [k, v] of Object.entries(value)) {
        const field = decl.fieldsByName.get(k);
        const p = join(path, k);
        if (!field) out.push(p);
        else walk(v, field.type, p, out);
      }
      return;
    }
    default:
      return;
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
