import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Command } from "../../../src/tui/keys/commands.js";
import { keyTablesMarkdown } from "../../../src/tui/keys/markdown.js";
import { displayKey, keyName, keySequence, resolveKey } from "../../../src/tui/keys/match.js";
import { effectiveBindings, KEY_TABLES, type Binding, type BindingContext } from "../../../src/tui/keys/tables.js";

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
    // A key may do two things in one view only as k9s's `s` does (scale a Deployment,
    // shell into a pod): each binding under a condition, and never both on one row.
    const kinds = [undefined, "Pod", "Container", "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job", "CronJob", "Node", "Event", "Namespace", "ConfigMap", "Service"];
    const contexts: BindingContext[] = [];
    for (const rowKind of kinds) {
      for (const flags of [0, 1, 2, 3, 4, 5, 6, 7]) {
        const ctx: BindingContext = { isObject: rowKind !== undefined && rowKind !== "Container", namespaced: (flags & 1) === 1, hasPods: (flags & 2) === 2, clipboard: (flags & 4) === 4, editable: (flags & 4) === 4 };
        contexts.push(rowKind ? { ...ctx, rowKind } : ctx);
      }
    }
    for (const t of KEY_TABLES.filter((x) => !x.partial)) {
      const byKey = new Map<string, Binding[]>();
      for (const b of effectiveBindings(t.view)) for (const k of b.keys) byKey.set(k, [...(byKey.get(k) ?? []), b]);
      for (const [k, bindings] of byKey) {
        if (bindings.length === 1) continue;
        const names = bindings.map((b) => b.command).join(" and ");
        for (const b of bindings) expect(b.applies, `${t.view}: "${k}" bound to ${names}, ${b.command} under no condition`).toBeDefined();
        for (const ctx of contexts) {
          const live = bindings.filter((b) => b.applies!(ctx));
          expect(live.length, `${t.view}: "${k}" runs ${live.map((b) => b.command).join(" and ")} on a ${ctx.rowKind ?? "empty"} row`).toBeLessThanOrEqual(1);
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
    // `s`: a shell on a pod or a container row, scale on a workload that has replicas.
    expect(resolveKey("workloads", "s", ANY)?.command).toBe(Command.Shell);
    expect(resolveKey("workloads", "s", { ...ANY, isObject: false, rowKind: "Container" })?.command).toBe(Command.Shell);
    expect(resolveKey("workloads", "s", { ...ANY, rowKind: "Deployment" })?.command).toBe(Command.Scale);
    expect(resolveKey("workloads", "s", { ...ANY, rowKind: "Job" })).toBeUndefined();
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
    const file = path.join(root, "README.md");
    const section = /<!-- keys:start -->\n([\s\S]*?)<!-- keys:end -->/;
    const readme = fs.readFileSync(file, "utf8");
    const m = section.exec(readme);
    expect(m, "README.md has no <!-- keys:start --> … <!-- keys:end --> section").not.toBeNull();
    // UPDATE_GOLDEN=1 writes the tables' rendering into the README (conventions.md).
    if (process.env.UPDATE_GOLDEN && m![1] !== keyTablesMarkdown()) fs.writeFileSync(file, readme.replace(section, () => `<!-- keys:start -->\n${keyTablesMarkdown()}<!-- keys:end -->`));
    else expect(m![1], "README.md's key list is out of date: UPDATE_GOLDEN=1 npx vitest run test/tui/keys rewrites it").toBe(keyTablesMarkdown());
  });
});
