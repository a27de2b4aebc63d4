import { describe, expect, it } from "vitest";
import { FolderFilter, IgnoreRules, isEditorTempFile } from "../../../src/client/watch/ignore-rules.js";

describe("IgnoreRules (gitignore syntax)", () => {
  it("matches a name without a slash at any depth, with * and ?", () => {
    const r = IgnoreRules.parse("*.tmp.yaml\ndraft?.yaml\n");
    expect(r.ignores("x.tmp.yaml", false)).toBe(true);
    expect(r.ignores("sub/deeper/x.tmp.yaml", false)).toBe(true);
    expect(r.ignores("draft1.yaml", false)).toBe(true);
    expect(r.ignores("draft12.yaml", false)).toBe(false);
    expect(r.ignores("x.yaml", false)).toBe(false);
  });

  it("anchors a pattern with a leading or inner slash to the folder", () => {
    const r = IgnoreRules.parse("/local.yaml\nenv/dev.yaml\n");
    expect(r.ignores("local.yaml", false)).toBe(true);
    expect(r.ignores("sub/local.yaml", false)).toBe(false);
    expect(r.ignores("env/dev.yaml", false)).toBe(true);
    expect(r.ignores("x/env/dev.yaml", false)).toBe(false);
  });

  it("matches directories only with a trailing slash, and everything under them", () => {
    const r = IgnoreRules.parse("drafts/\n");
    expect(r.ignores("drafts", true)).toBe(true);
    expect(r.ignores("drafts", false)).toBe(false);
    expect(r.ignores("drafts/a.yaml", false)).toBe(true);
    expect(r.ignores("x/drafts/a.yaml", false)).toBe(true);
  });

  it("handles ** at the start, in the middle and at the end", () => {
    const r = IgnoreRules.parse("**/secret.yaml\na/**/b.yaml\nvendor/**\n");
    expect(r.ignores("secret.yaml", false)).toBe(true);
    expect(r.ignores("x/y/secret.yaml", false)).toBe(true);
    expect(r.ignores("a/b.yaml", false)).toBe(true);
    expect(r.ignores("a/x/y/b.yaml", false)).toBe(true);
    expect(r.ignores("vendor/x/y.yaml", false)).toBe(true);
    expect(r.ignores("vendor", true)).toBe(false);
  });

  it("lets a later negation re-include, but not under an ignored directory", () => {
    const r = IgnoreRules.parse("*.yaml\n!keep.yaml\nold/\n!old/keep.yaml\n");
    expect(r.ignores("a.yaml", false)).toBe(true);
    expect(r.ignores("keep.yaml", false)).toBe(false);
    expect(r.ignores("old/keep.yaml", false)).toBe(true);
  });

  it("skips comments and blank lines, honours escapes, classes and trailing spaces", () => {
    const r = IgnoreRules.parse("# a comment\n\n\\#hash.yaml\n\\!bang.yaml\nv[0-9].yaml\nx[!a].yaml\nspaced.yaml   \n");
    expect(r.ignores("# a comment", false)).toBe(false);
    expect(r.ignores("#hash.yaml", false)).toBe(true);
    expect(r.ignores("!bang.yaml", false)).toBe(true);
    expect(r.ignores("v3.yaml", false)).toBe(true);
    expect(r.ignores("vx.yaml", false)).toBe(false);
    expect(r.ignores("xb.yaml", false)).toBe(true);
    expect(r.ignores("xa.yaml", false)).toBe(false);
    expect(r.ignores("spaced.yaml", false)).toBe(true);
  });
});

describe("editor temp files", () => {
  it.each(["4913", "5036", "web.yaml~", ".web.yaml.swp", ".web.yaml.swx", ".#web.yaml", "#web.yaml#", "web.yaml___jb_tmp___", "web.yaml___jb_old___", ".web.yaml.kate-swp"])(
    "%s is an editor's file",
    (name) => expect(isEditorTempFile(name)).toBe(true),
  );

  it.each(["web.yaml", "4913.yaml", "a~b.yaml", ".hidden.yaml"])("%s is not", (name) => expect(isEditorTempFile(name)).toBe(false));
});

describe("FolderFilter", () => {
  it("takes .yaml, .yml and .json files that no rule and no editor claims", () => {
    const f = new FolderFilter("ignored.yaml\nscratch/\n");
    expect(f.acceptsFile("a.yaml")).toBe(true);
    expect(f.acceptsFile("a.yml")).toBe(true);
    expect(f.acceptsFile("a.json")).toBe(true);
    expect(f.acceptsFile("a.YAML")).toBe(false);
    expect(f.acceptsFile("a.txt")).toBe(false);
    expect(f.acceptsFile(".#a.yaml")).toBe(false);
    expect(f.acceptsFile("ignored.yaml")).toBe(false);
    expect(f.acceptsFile("scratch/x.yaml")).toBe(false);
    expect(f.acceptsFile(".git/x.yaml")).toBe(false);
    expect(f.acceptsDir("scratch")).toBe(false);
    expect(f.acceptsDir("apps")).toBe(true);
  });
});
