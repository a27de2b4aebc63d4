import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Command } from "../../../src/tui/keys/commands.js";
import { keyTablesMarkdown } from "../../../src/tui/keys/markdown.js";
import { displayKey, keyName, keySequence, resolveKey } from "../../../src/tui/keys/match.js";
import { effectiveBindings, KEY_TABLES, type BindingContext } from "../../../src/tui/keys/tables.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const ANY: BindingContext = { isObject: true, namespaced: true, hasPods: true, clipboard: true, editable: true, rowKind: "Pod" };

const NO_KEY = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false };

describe("key tables", () => {
  it("give every binding a command, a description and at least one key", () => {
    const known = new Set<string>(Object.values(Command));
    for (const t of KEY_TABLES) {
      expect(t.title, t.view).not.toBe("");
      for (const b of t.bindings) {
        expect(known.has(b.command), `${t.view}: ${b.command}`).toBe(true);
        expect(b.description.trim(), `${t.view}: ${b.command}`).not.toBe("");
        expect(b.keys.length, `${t.view}: ${b.command}`).toBeGreaterThan(0);
        // A condition is explained in words wherever it is written as a predicate.
        expect(b.when === undefined, `${t.view}: ${b.command} when`).toBe(b.applies === undefined);
      }
    }
  });

  it("bind no key twice in one view, inherited tables included", () => {
    for (const t of KEY_TABLES.filter((x) => !x.partial)) {
      const seen = new Map<string, string>();
      for (const b of effectiveBindings(t.view)) {
        for (const k of b.keys) {
          expect(seen.get(k), `${t.view}: "${k}" bound to ${seen.get(k)} and ${b.command}`).toBeUndefined();
          seen.set(k, b.command);
        }
      }
    }
  });

  it("inherit only tables that exist, and every command runs somewhere", () => {
    const views = new Set(KEY_TABLES.map((t) => t.view));
    for (const t of KEY_TABLES) for (const v of t.inherits) expect(views.has(v), `${t.view} inherits ${v}`).toBe(true);
    const bound = new Set(KEY_TABLES.flatMap((t) => t.bindings.map((b) => b.command)));
    for (const c of Object.values(Command)) expect(bound.has(c), `${c} has no key`).toBe(true);
  });

  it("resolve keys by view, own bindings before inherited ones", () => {
    expect(resolveKey("nodes", "c", ANY)?.command).toBe(Command.Cordon);
    expect(resolveKey("workloads", "c", ANY)?.command).toBe(Command.CopyName);
    expect(resolveKey("logs", "c", ANY)?.command).toBe(Command.LogContainer);
    expect(resolveKey("workloads", "q", ANY)?.command).toBe(Command.Quit);
    expect(resolveKey("prompt", "q", ANY)).toBeUndefined();
    expect(resolveKey("workloads", "c", { ...ANY, clipboard: false })).toBeUndefined();
    expect(resolveKey("workloads", "3", ANY)).toMatchObject({ command: Command.FavouriteNamespace, key: "3" });
  });

  it("name keys the way the tables spell them", () => {
    expect(keyName("j", NO_KEY)).toBe("j");
    expect(keyName("G", { ...NO_KEY, shift: true })).toBe("G");
    expect(keyName("", { ...NO_KEY, tab: true, shift: true })).toBe("shift-tab");
    expect(keyName("d", { ...NO_KEY, ctrl: true })).toBe("ctrl-d");
    expect(keyName(" ", NO_KEY)).toBe("space");
    expect(keyName("", { ...NO_KEY, escape: true })).toBe("esc");
    expect(keyName("jjj", NO_KEY)).toBeUndefined();
    expect(keySequence("ctrl-d")).toBe("\u0004");
    expect(keySequence("shift-tab")).toBe("\u001B[Z");
    expect(displayKey("up")).toBe("↑");
  });
});

describe("the README's key list", () => {
  it("is exactly the rendering of the key tables", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const m = /<!-- keys:start -->\n([\s\S]*?)<!-- keys:end -->/.exec(readme);
    expect(m, "README.md has no <!-- keys:start --> … <!-- keys:end --> section").not.toBeNull();
    expect(m![1]).toBe(keyTablesMarkdown());
  });
});
