/**
 * kdeck's API schema, read from the `kubernetes-types` declarations: strict field
 * validation (`unknownFields`) and `kdeck explain`.
 */
export { explain, type ExplainOptions } from "./explain.js";
export { decodingError, strictDecodingError, typeMismatches, unknownFields, type TypeMismatch } from "./unknown-fields.js";
export { kindSchema } from "./schema-source.js";
export type { Declaration, FieldDecl, TypeExpr } from "./dts-parser.js";
