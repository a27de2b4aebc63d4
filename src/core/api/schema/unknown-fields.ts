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
