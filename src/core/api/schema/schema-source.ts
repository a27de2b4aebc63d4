import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { KindInfo } from "../registry.js";
import { apiVersionOf } from "../registry.js";
import { VPA_DECLARATIONS, VPA_DECLARATIONS_PATH } from "./vpa-declarations.js";
import { NODEPOOL_DECLARATIONS, NODEPOOL_DECLARATIONS_PATH } from "./nodepool-declarations.js";
import { parseDeclarationFile, type Declaration, type DeclarationFile, type InterfaceDecl, type TypeExpr } from "./dts-parser.js";

/**
 * Where kdeck's API schema comes from: the declaration files of the installed
 * `kubernetes-types` package, read on first use and kept per file. Nothing here runs
 * unless `explain` or strict field validation is asked for.
 */

let packageRoot: string | undefined;
const files = new Map<string, DeclarationFile | null>();
/** Declarations kdeck ships for kinds the package does not describe (add-on CRDs), by path. */
const BUILT_IN_DECLARATIONS: ReadonlyMap<string, string> = new Map([
  [VPA_DECLARATIONS_PATH, VPA_DECLARATIONS],
  [NODEPOOL_DECLARATIONS_PATH, NODEPOOL_DECLARATIONS],
]);
const kindRoots = new Map<string, TypeExpr | null>();

function root(): string {
  if (packageRoot === undefined) {
    packageRoot = dirname(createRequire(import.meta.url).resolve("kubernetes-types/package.json"));
  }
  return packageRoot;
}

/** The parsed file `core/v1` (package-relative, no extension); `undefined` when it does not exist. */
export function declarationFile(path: string): DeclarationFile | undefined {
  let f = files.get(path);
  if (f === undefined) {
    try {
      const builtIn = BUILT_IN_DECLARATIONS.get(path);
      f = parseDeclarationFile(path, builtIn ?? readFileSync(join(root(), `${path}.d.ts`), "utf8"));
    } catch {
      f = null;
    }
    files.set(path, f);
  }
  return f ?? undefined;
}

/** The declaration a reference names, or `undefined` when the package does not declare it. */
export function resolveRef(ref: { name: string; file: string }): Declaration | undefined {
  return declarationFile(ref.file)?.declarations.get(ref.name);
}

/**
 * The schema of a served kind: a reference to its top-level interface, found in the
 * file for its group and version (`apps/v1`, `networking/v1`, `core/v1` for the core
 * group) and checked against its `apiVersion` literal. `undefined` for kinds the
 * package does not describe (custom resources).
 */
export function kindSchema(kind: Pick<KindInfo, "group" | "version" | "kind">): TypeExpr | undefined {
  const key = `${kind.group}/${kind.version}/${kind.kind}`;
  let found = kindRoots.get(key);
  if (found === undefined) {
    found = findKind(kind) ?? null;
    kindRoots.set(key, found);
  }
  return found ?? undefined;
}

function findKind(kind: Pick<KindInfo, "group" | "version" | "kind">): TypeExpr | undefined {
  const apiVersion = apiVersionOf(kind);
  const first = kind.group === "" ? "core" : kind.group.split(".")[0]!;
  const tried = new Set<string>();
  const tryDir = (dir: string): TypeExpr | undefined => {
    if (tried.has(dir)) return undefined;
    tried.add(dir);
    const path = `${dir}/${kind.version}`;
    const decl = declarationFile(path)?.declarations.get(kind.kind);
    if (decl?.kind === "interface" && declaresApiVersion(decl, apiVersion)) return { kind: "ref", name: kind.kind, file: path };
    return undefined;
  };
  const direct = tryDir(first) ?? tryDir(kind.group);
  if (direct) return direct;
  // A few groups live in a directory named differently (internal.apiserver.k8s.io).
  let dirs: string[] = [];
  try {
    dirs = readdirSync(root(), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return undefined;
  }
  for (const dir of dirs) {
    const hit = tryDir(dir);
    if (hit) return hit;
  }
  return undefined;
}

function declaresApiVersion(decl: InterfaceDecl, apiVersion: string): boolean {
  const t = decl.fieldsByName.get("apiVersion")?.type;
  return t?.kind === "literal" && t.value === apiVersion;
}
