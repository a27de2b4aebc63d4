import path from "node:path";
import { MANIFEST_EXTENSIONS } from "../manifests/index.js";

/** The file a watched folder lists paths to leave alone in, with gitignore's syntax. */
export const IGNORE_FILE = ".kdeckignore";

/** One line of an ignore file, compiled. */
interface IgnorePattern {
  /** `!pattern`: a later match re-includes what an earlier one excluded. */
  negated: boolean;
  /** `pattern/`: matches directories only (and so everything under them). */
  dirOnly: boolean;
  regex: RegExp;
  /** Patterns without a slash match a name at any depth; the others match the path from the root. */
  basenameOnly: boolean;
}

/**
 * gitignore rules for one folder: `*`, `**`, `?`, `[…]`, `!` negation, a trailing `/`
 * for directories, a leading (or inner) `/` anchoring the pattern to the folder, `#`
 * comments and `\` escapes. As in git, the last matching line wins, and nothing under
 * an ignored directory can be re-included.
 */
export class IgnoreRules {
  private constructor(private readonly patterns: readonly IgnorePattern[]) {}

  /** Rules from the text of a `.kdeckignore` (no text: nothing ignored). */
  static parse(text = ""): IgnoreRules {
    const patterns: IgnorePattern[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const compiled = compileLine(raw);
      if (compiled) patterns.push(compiled);
    }
    return new IgnoreRules(patterns);
  }

  /** True when `relPath` (relative to the folder, `/`-separated) is ignored, itself or through a parent directory. */
  ignores(relPath: string, isDir: boolean): boolean {
    const parts = relPath.split("/").filter((p) => p !== "" && p !== ".");
    for (let i = 1; i < parts.length; i++) {
      if (this.matchOne(parts.slice(0, i).join("/"), true)) return true;
    }
    return parts.length > 0 && this.matchOne(parts.join("/"), isDir);
  }

  private matchOne(relPath: string, isDir: boolean): boolean {
    let ignored = false;
    const base = relPath.slice(relPath.lastIndexOf("/") + 1);
    for (const p of this.patterns) {
      if (p.dirOnly && !isDir) continue;
      if (p.regex.test(p.basenameOnly ? base : relPath)) ignored = !p.negated;
    }
    return ignored;
  }
}

function compileLine(raw: string): IgnorePattern | undefined {
  // Trailing spaces are dropped unless escaped with a backslash.
  let line = raw.replace(/(?<!\\)\s+$/, "");
  if (line === "" || line.startsWith("#")) return undefined;
  let negated = false;
  if (line.startsWith("!")) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith("/") && !line.endsWith("\\/")) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  if (line === "") return undefined;
  const anchored = line.includes("/");
  if (line.startsWith("/")) line = line.slice(1);
  return { negated, dirOnly, basenameOnly: !anchored, regex: new RegExp(`^${globToRegex(line)}$`) };
}

/** gitignore's glob as a regular expression over a `/`-separated path. */
function globToRegex(glob: string): string {
  let out = "";
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      const atStart = i === 0 || glob[i - 1] === "/";
      const atEnd = i + 2 === glob.length || glob[i + 2] === "/";
      if (atStart && atEnd) {
        if (i + 2 === glob.length) {
          // `x/**`: everything inside x.
          out += ".*";
          i += 2;
        } else {
          // `**/x`, `a/**/b`: zero or more directories.
          out += "(?:.*/)?";
          i += 3;
        }
        continue;
      }
      // Other consecutive asterisks are plain ones.
      out += "[^/]*";
      i += 2;
      continue;
    }
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) {
        out += "\\[";
      } else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        out += `[${body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) {
      i++;
      out += escapeRegex(glob[i]!);
    } else out += escapeRegex(c);
    i++;
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * Names editors write beside the file being edited, never manifests: vim's `4913`
 * write test and swap files, backups ending in `~`, emacs lock (`.#x`) and autosave
 * (`#x#`) files, JetBrains' safe-write copies, kate's swap files, gedit's temp files.
 */
const EDITOR_TEMP_FILES: readonly RegExp[] = [
  /^4913$/, // vim checks it may create files in the directory with this name
  /^\d+$/, // … and tries 4913 + 123·n when that one exists
  /~$/,
  /^\..*\.sw.$/, // vim swap files, .swp then .swo … and .swx
  /^\.#/,
  /^#.*#$/,
  /___jb_(tmp|old)___$/,
  /\.kate-swp$/,
  /^\.goutputstream-/,
];

/** True for a file name an editor writes while saving (see EDITOR_TEMP_FILES). */
export function isEditorTempFile(name: string): boolean {
  return EDITOR_TEMP_FILES.some((re) => re.test(name));
}

/** Directories never worth descending into. */
const SKIPPED_DIRS = new Set([".git"]);

/**
 * What a watched folder takes into account: manifest files (`.yaml`, `.yml`, `.json`,
 * as kubectl picks them) that are not editor temp files and not ignored by the
 * folder's `.kdeckignore`.
 */
export class FolderFilter {
  readonly rules: IgnoreRules;

  constructor(ignoreText = "") {
    this.rules = IgnoreRules.parse(ignoreText);
  }

  /** A file the folder's manifests come from (`relPath` relative to the folder). */
  acceptsFile(relPath: string): boolean {
    const rel = toPosix(relPath);
    const name = rel.slice(rel.lastIndexOf("/") + 1);
    if (!MANIFEST_EXTENSIONS.includes(path.extname(name))) return false;
    if (isEditorTempFile(name)) return false;
    if (rel.split("/").slice(0, -1).some((d) => SKIPPED_DIRS.has(d))) return false;
    return !this.rules.ignores(rel, false);
  }

  /** A directory worth looking into. */
  acceptsDir(relPath: string): boolean {
    const rel = toPosix(relPath);
    if (rel === "" || rel === ".") return true;
    if (rel.split("/").some((d) => SKIPPED_DIRS.has(d))) return false;
    return !this.rules.ignores(rel, true);
  }
}

/** `a\b` → `a/b` on Windows; unchanged elsewhere. */
export function toPosix(p: string): string {
  return path.sep === "/" ? p : p.split(path.sep).join("/");
}
