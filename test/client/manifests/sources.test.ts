import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifestSources } from "../../../src/client/manifests/index.js";

describe("readManifestSources", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "kdeck-manifests-"));
    const files: Record<string, string> = {
      "b.yaml": "kind: B\n",
      "a.json": '{"kind": "A"}',
      "c.yml": "kind: C\n",
      "notes.txt": "not a manifest",
      "Upper.YAML": "kind: Upper\n",
      ".hidden.yaml": "kind: Hidden\n",
      "sub/d.yaml": "kind: D\n",
      "sub/deeper/e.json": '{"kind": "E"}',
      "zz/f.yaml": "kind: F\n",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    symlinkSync(path.join(dir, "sub/d.yaml"), path.join(dir, "link.yaml"));
    symlinkSync(path.join(dir, "sub"), path.join(dir, "linkdir.yaml"));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rel = (sources: { path: string }[]): string[] => sources.map((s) => path.relative(dir, s.path));

  it("reads a directory's manifest files in lexical order, without subdirectories", () => {
    expect(rel(readManifestSources([dir], { recursive: false }))).toEqual([".hidden.yaml", "a.json", "b.yaml", "c.yml", "link.yaml"]);
  });

  it("descends depth-first into subdirectories with recursive, as kubectl -R does", () => {
    expect(rel(readManifestSources([dir], { recursive: true }))).toEqual([
      ".hidden.yaml",
      "a.json",
      "b.yaml",
      "c.yml",
      "link.yaml",
      "sub/d.yaml",
      "sub/deeper/e.json",
      "zz/f.yaml",
    ]);
  });

  it("reads a file given by name whatever its extension, keeping the path as given", () => {
    const given = path.join(dir, "notes.txt");
    expect(readManifestSources([given], { recursive: false })).toEqual([{ path: given, text: "not a manifest" }]);
  });

  it("keeps the order of the arguments", () => {
    const sources = readManifestSources([path.join(dir, "c.yml"), path.join(dir, "sub")], { recursive: false });
    expect(rel(sources)).toEqual(["c.yml", "sub/d.yaml"]);
  });

  it("reads stdin once for -, however often it is given", () => {
    let reads = 0;
    const stdin = (): string => {
      reads++;
      return "kind: FromStdin\n";
    };
    const sources = readManifestSources(["-", path.join(dir, "b.yaml"), "-"], { recursive: false, stdin });
    expect(sources.map((s) => s.path)).toEqual(["-", path.join(dir, "b.yaml")]);
    expect(sources[0]!.text).toBe("kind: FromStdin\n");
    expect(reads).toBe(1);
  });

  it("refuses a missing path with kubectl's message", () => {
    expect(() => readManifestSources([path.join(dir, "nope.yaml")], { recursive: false })).toThrow(`the path "${path.join(dir, "nope.yaml")}" does not exist`);
  });
});
