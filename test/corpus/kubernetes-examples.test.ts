import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kdeck, tempDb } from "../commands/run.js";

/**
 * Every document of the kubernetes/examples corpus goes through `kdeck apply`: it
 * applies, or it is refused with a message that names the file and what kdeck does
 * not accept. Never a crash, never a stack trace.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, "../../../shared/corpus/kubernetes-examples");

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...manifests(p));
    else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** The shapes a refusal may take: each says which file and why. */
const CLEAR_REFUSALS: [string, RegExp][] = [
  ["kind not served by kdeck yet", /is not served by kdeck yet/],
  ["apiVersion Kubernetes no longer serves", /no matches for kind "[^"]+" in version "[^"]+"/],
  ["unknown field (strict decoding)", /strict decoding error: unknown field "[^"]+"/],
  ["value of the wrong type", /json: cannot unmarshal \w+ into Go struct field \S+ of type \w+/],
  [
    "validation error with field path",
    /(is invalid|error validating "[^"]+" \(document \d+, line \d+\)): [\w.[\]]*: (Required value|Invalid value|Unsupported value|Duplicate value|Forbidden|Not found|Too long)/,
  ],
  ["YAML that does not parse", /error parsing .+: error converting YAML to JSON/],
  ["document without apiVersion/kind", /error validating data: \[.+\]/],
  ["namespace that does not exist", /namespaces "[^"]+" not found/],
];

describe.skipIf(!fs.existsSync(corpus))("the kubernetes-examples corpus", () => {
  let db: { db: string; cleanup: () => void };
  beforeAll(() => {
    db = tempDb();
  });
  afterAll(() => db.cleanup());

  it("applies every document or refuses it with a clear message", async () => {
    const files = manifests(corpus);
    expect(files.length).toBeGreaterThan(200);
    let applied = 0;
    const refusals = new Map<string, number>();
    const unclear: string[] = [];
    for (const file of files) {
      const r = await kdeck(db.db, ["apply", "-f", file]);
      expect(r.stderr, file).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
      applied += r.stdout.split("\n").filter((l) => / (created|configured|unchanged)$/.test(l)).length;
      for (const line of r.stderr.split("\n").filter((l) => /^(error|Error)/.test(l))) {
        // A file of comments only: kubectl's own words, and the file is the one named on the command line.
        if (line === "error: no objects passed to apply") {
          refusals.set("file with no documents", (refusals.get("file with no documents") ?? 0) + 1);
          continue;
        }
        expect(line, file).toContain(path.basename(file));
        const shape = CLEAR_REFUSALS.find(([, re]) => re.test(line));
        if (!shape) unclear.push(line);
        else refusals.set(shape[0], (refusals.get(shape[0]) ?? 0) + 1);
      }
      expect([0, 1]).toContain(r.code);
    }
    const refused = [...refusals.values()].reduce((a, b) => a + b, 0);
    console.log(`corpus: ${files.length} files, ${applied} documents applied, ${refused} refused:`);
    for (const [shape, n] of [...refusals].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${shape}`);
    expect(unclear, unclear.join("\n")).toEqual([]);
    expect(applied).toBeGreaterThan(0);
  }, 300_000);
});
