import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";

/** The text of one manifest file, or of stdin. */
export interface ManifestSource {
  /** File path as the user gave it or as found in a directory, or "-" for stdin. */
  path: string;
  text: string;
}

/** The extensions kubectl picks up when it reads a directory (case-sensitive, as in kubectl). */
export const MANIFEST_EXTENSIONS: readonly string[] = [".json", ".yaml", ".yml"];

/**
 * Reads the files named by `-f` arguments the way kubectl does: a file is read
 * whatever its extension; a directory contributes its `.json`/`.yaml`/`.yml`
 * files in lexical order, descending into subdirectories only when `recursive`
 * (`-R`); `-` reads stdin, once however often it is given.
 *
 * @throws Error `the path "x" does not exist` for a path that is not there.
 */
export function readManifestSources(paths: readonly string[], opts: { recursive: boolean; stdin?: () => string }): ManifestSource[] {
  const sources: ManifestSource[] = [];
  let stdinRead = false;
  for (const path of paths) {
    if (path === "-") {
      if (!stdinRead) sources.push({ path: "-", text: (opts.stdin ?? readStdin)() });
      stdinRead = true;
      continue;
    }
    if (/^https?:\/\//.test(path)) {
      throw new Error(`reading manifests from a URL is not supported: "${path}"; download it and pass the file`);
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new Error(`the path "${path}" does not exist`);
    }
    if (isDirectory) {
      for (const file of filesIn(path, opts.recursive)) sources.push({ path: file, text: readFileSync(file, "utf8") });
    } else {
      sources.push({ path, text: readFileSync(path, "utf8") });
    }
  }
  return sources;
}

/** A directory's manifest files, depth-first in lexical order like Go's filepath.Walk. */
function filesIn(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  const names = readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const path = join(dir, name);
    const entry = lstatSync(path);
    if (entry.isDirectory()) {
      if (recursive) out.push(...filesIn(path, recursive));
      continue;
    }
    if (!MANIFEST_EXTENSIONS.includes(extname(name))) continue;
    // A symlink counts if it leads to a file; kubectl's walk does not follow links to directories.
    if (entry.isSymbolicLink() && !isFile(path)) continue;
    out.push(path);
  }
  return out;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readStdin(): string {
  return readFileSync(0, "utf8");
}
