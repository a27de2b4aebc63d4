import { parseManifests, readManifestSources, type ManifestDocument } from "../client/manifests/index.js";
import type { CommandContext, InputStream } from "./context.js";

export type { ManifestDocument };

/**
 * Every document of the files, directories and stdin `-f` named, parsed with positions;
 * a document that cannot be used carries its error instead of an object.
 */
export async function loadManifests(ctx: CommandContext, paths: readonly string[], recursive: boolean): Promise<ManifestDocument[]> {
  // Stdin is read up front: the parser wants text, and the stream may be a test's buffer.
  const stdin = paths.includes("-") ? await readAll(ctx.io.stdin) : undefined;
  const sources = readManifestSources(paths, { recursive, ...(stdin !== undefined ? { stdin: () => stdin } : {}) });
  return sources.flatMap((s) => parseManifests(s));
}

function readAll(input: InputStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    input.on("data", (c: Buffer | string) => chunks.push(typeof c === "string" ? Buffer.from(c) : c));
    input.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    input.on("error", reject);
  });
}

/** `document 2, line 14` (or `document 1, item 3, line 9` inside a List), 1-based as editors count. */
export function documentPosition(doc: ManifestDocument, line: number = doc.line): string {
  const item = doc.itemIndex !== undefined ? `, item ${doc.itemIndex + 1}` : "";
  return `document ${doc.index + 1}${item}, line ${line}`;
}

/** How a manifest's path reads in messages: kubectl calls stdin STDIN. */
export function sourceName(doc: ManifestDocument): string {
  return doc.file === "-" ? "STDIN" : doc.file;
}

/**
 * One line about a document that could not be read, with its position put right after
 * the file name that kubectl's message starts with:
 * `error: error parsing bad.yaml (document 2, line 7): error converting YAML to JSON: …`.
 */
export function documentError(doc: ManifestDocument, message: string, line: number = doc.error?.line ?? doc.line): string {
  const name = sourceName(doc);
  const where = documentPosition(doc, line);
  for (const head of [`error parsing ${name}`, `error validating "${name}"`]) {
    if (message.startsWith(`${head}:`)) return `error: ${head} (${where}):${message.slice(head.length + 1)}`;
  }
  return `error: ${name} (${where}): ${message}`;
}
