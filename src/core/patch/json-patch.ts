import { cloneJson, deepEqual, isJsonObject, setField, type JsonObject } from "./json-value.js";

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  from?: string;
  value?: unknown;
}

/**
 * A JSON patch that could not be applied. The message names the failing operation
 * by its position and path, so a user can find it in the patch they wrote.
 */
export class JsonPatchError extends Error {
  constructor(
    message: string,
    /** 0-based index of the failing operation, or -1 when the patch itself is malformed. */
    readonly operationIndex: number,
  ) {
    super(message);
    this.name = "JsonPatchError";
  }
}

const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);

/**
 * Applies a JSON patch (RFC 6902) and returns the patched document. The patch is
 * atomic: if any operation fails nothing is returned and a {@link JsonPatchError}
 * names the operation. `target` is not changed.
 */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) {
    throw new JsonPatchError("json patch must be an array of operations", -1);
  }
  const operations = ops.map((op, i) => validateOperation(op, i));
  const box: JsonObject = { doc: cloneJson(target) };
  operations.forEach((op, i) => {
    try {
      applyOperation(box, op);
    } catch (e) {
      if (e instanceof PointerError) {
        const from = op.from !== undefined ? ` from "${op.from}"` : "";
        throw new JsonPatchError(`json patch operation ${i} (${op.op} "${op.path}"${from}): ${e.message}`, i);
      }
      throw e;
    }
  });
  return box.doc;
}

function validateOperation(raw: unknown, i: number): JsonPatchOperation {
  const bad = (why: string): JsonPatchError => new JsonPatchError(`json patch operation ${i}: ${why}`, i);
  if (!isJsonObject(raw)) throw bad("must be an object");
  const { op, path, from } = raw;
  if (typeof op !== "string" || !OPS.has(op)) throw bad(`unknown op ${JSON.stringify(op)}`);
  if (typeof path !== "string") throw bad(`"${op}" is missing its "path"`);
  parsePointer(path, bad);
  if ((op === "add" || op === "replace" || op === "test") && !("value" in raw)) {
    throw bad(`"${op}" at "${path}" is missing its "value"`);
  }
  if (op === "move" || op === "copy") {
    if (typeof from !== "string") throw bad(`"${op}" to "${path}" is missing its "from"`);
    parsePointer(from, bad);
    if (op === "move" && path !== from && path.startsWith(`${from}/`)) {
      throw bad(`cannot move "${from}" into its own child "${path}"`);
    }
  }
  return raw as unknown as JsonPatchOperation;
}

class PointerError extends Error {}

/** Splits an RFC 6901 pointer into unescaped tokens. */
function parsePointer(pointer: string, bad: (why: string) => Error): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw bad(`"${pointer}" is not a JSON pointer (it must start with "/")`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => {
      if (/~[^01]|~$/.test(t)) throw bad(`"${pointer}" has an invalid "~" escape`);
      return t.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

function tokens(pointer: string): string[] {
  return parsePointer(pointer, (why) => new PointerError(why));
}

/** The container holding the last token of `path`, inside the boxed document. */
function parentOf(box: JsonObject, path: string[]): { container: unknown; key: string } {
  let container: unknown = box;
  let key = "doc";
  for (const t of path) {
    container = child(container, key);
    key = t;
  }
  return { container, key };
}

function child(container: unknown, key: string): unknown {
  if (Array.isArray(container)) {
    const i = arrayIndex(container, key, false);
    return container[i];
  }
  if (isJsonObject(container)) {
    if (!Object.prototype.hasOwnProperty.call(container, key)) throw new PointerError(`missing value at "${key}"`);
    return container[key];
  }
  throw new PointerError(`cannot descend into a ${container === null ? "null" : typeof container} at "${key}"`);
}

function arrayIndex(array: unknown[], token: string, forAdd: boolean): number {
  if (token === "-" && forAdd) return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PointerError(`"${token}" is not an array index`);
  const i = Number(token);
  const max = forAdd ? array.length : array.length - 1;
  if (i > max) throw new PointerError(`index ${i} is out of bounds (array length ${array.length})`);
  return i;
}

function read(box: JsonObject, pointer: string): unknown {
  const { container, key } = parentOf(box, tokens(pointer));
  return child(container, key);
}

function add(box: JsonObject, pointer: string, value: unknown): void {
  const { container, key } = parentOf(box, tokens(pointer));
  if (Array.isArray(container)) {
    container.splice(arrayIndex(container, key, true), 0, value);
  } else if (isJsonObject(container)) {
    setField(container, key, value);
  } else {
    throw new PointerError(`cannot add to a ${container === null ? "null" : typeof container}`);
  }
}

function remove(box: JsonObject, pointer: string): unknown {
  const path = tokens(pointer);
  const { container, key } = parentOf(box, path);
  const old = child(container, key);
  if (Array.isArray(container)) {
    container.splice(arrayIndex(container, key, false), 1);
  } else if (path.length === 0) {
    box.doc = null;
  } else {
    delete (container as JsonObject)[key];
  }
  return old;
}

function applyOperation(box: JsonObject, op: JsonPatchOperation): void {
  switch (op.op) {
    case "add":
      add(box, op.path, cloneJson(op.value));
      return;
    case "remove":
      remove(box, op.path);
      return;
    case "replace":
      remove(box, op.path);
      add(box, op.path, cloneJson(op.value));
      return;
    case "move": {
      if (op.from === op.path) {
        read(box, op.path);
        return;
      }
      const value = remove(box, op.from as string);
      add(box, op.path, value);
      return;
    }
    case "copy":
      add(box, op.path, cloneJson(read(box, op.from as string)));
      return;
    case "test": {
      const actual = read(box, op.path);
      if (!deepEqual(actual, op.value)) {
        throw new PointerError(`test failed: value is ${JSON.stringify(actual)}, expected ${JSON.stringify(op.value)}`);
      }
      return;
    }
  }
}
