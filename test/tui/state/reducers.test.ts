import { describe, expect, it } from "vitest";
import { changeField, choice, deleteDialog, focusField } from "../../../src/tui/state/dialog.js";
import { formatDuration, nextSpeed, parseDuration } from "../../../src/tui/state/duration.js";
import { parseFilter, textMatches } from "../../../src/tui/state/filter.js";
import { back, forward, historyOf, visit } from "../../../src/tui/state/history.js";
import { historyStep, openPrompt, suggestion, typeText } from "../../../src/tui/state/prompt.js";
import { closePrompt, cycleFocus, drill, focusPane, goBack, goForward, initialUi, popDrill, setNamespace, setPrompt, showResource, toggleMark, WORKLOADS } from "../../../src/tui/state/ui.js";

describe("the / filter", () => {
  it("reads text, inverse text and label selectors", () => {
    expect(parseFilter("Web")).toEqual({ type: "text", text: "web", inverse: false });
    expect(parseFilter("!web")).toEqual({ type: "text", text: "web", inverse: true });
    expect(parseFilter("-l app=web,tier!=db")).toEqual({ type: "label", selector: "app=web,tier!=db" });
    expect(parseFilter("-lapp=web")).toEqual({ type: "label", selector: "app=web" });
    expect(parseFilter("  ")).toEqual({ type: "none" });
    expect(textMatches(parseFilter("!web"), "demo/cache running")).toBe(true);
    expect(textMatches(parseFilter("web"), "demo/cache running")).toBe(false);
  });
});

describe("view history", () => {
  it("goes back and forward, and a new visit drops the forward part", () => {
    const same = (a: string, b: string): boolean => a === b;
    let h = visit(visit(historyOf("a"), "b", same), "c", same);
    h = back(back(h));
    expect(h.entries[h.at]).toBe("a");
    expect(forward(h).entries[forward(h).at]).toBe("b");
    h = visit(h, "d", same);
    expect(h.entries).toEqual(["a", "d"]);
    expect(visit(h, "d", same)).toBe(h);
  });
});

describe("prompts", () => {
  it("suggest the shortest completion of the last word", () => {
    expect(suggestion("po", ["pods", "pod", "po", "podsecuritypolicies"])).toBe("d");
    expect(suggestion("ns de", ["default", "demo"])).toBe("mo");
    expect(suggestion("ns ", ["default"])).toBe("");
    expect(suggestion("xyz", ["pods"])).toBe("");
  });

  it("walk their history", () => {
    const p = openPrompt("command", ":");
    const up = historyStep(p, ["po", "ns demo"], -1);
    expect(up.text).toBe("ns demo");
    expect(historyStep(up, ["po", "ns demo"], -1).text).toBe("po");
    expect(historyStep(up, ["po", "ns demo"], 1).text).toBe("");
    expect(typeText(p, "a\nb").text).toBe("a b");
  });

  it("remember submitted entries per kind", () => {
    let s = setPrompt(initialUi(), typeText(openPrompt("command", ":"), "po"));
    s = closePrompt(s, true);
    expect(s.promptHistory.command).toEqual(["po"]);
    expect(s.prompt).toBeUndefined();
  });
});

describe("durations and speeds", () => {
  it("parse Go durations", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1.5m")).toBe(90_000);
    expect(parseDuration("5")).toBeUndefined();
    expect(parseDuration("0s")).toBeUndefined();
    expect(formatDuration(5_400_000)).toBe("1h30m");
  });

  it("step speeds up and down, and out of a pause", () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(64, 1)).toBe(64);
    expect(nextSpeed(0, 1)).toBe(1);
    expect(nextSpeed(3, 1)).toBe(4);
  });
});

describe("the console's view state", () => {
  it("opens on the Nodes pane and cycles focus both ways", () => {
    const s = initialUi();
    expect(s.focus).toBe("nodes");
    expect(cycleFocus(s, 1).focus).toBe("workloads");
    expect(cycleFocus(s, -1).focus).toBe("logs");
    expect(focusPane(s, "workloads").subject).toBe("workloads");
    expect(focusPane(focusPane(s, "nodes"), "events").subject).toBe("nodes");
  });

  it("drills down and comes back with esc, and [ ] walk the history", () => {
    let s = showResource(initialUi(), "pods");
    s = drill(s, "pods", { type: "node", node: "kdeck-worker-1" });
    expect(s.workloads.scope).toEqual({ type: "node", node: "kdeck-worker-1" });
    const popped = popDrill(s)!;
    expect(popped.workloads.resource).toBe("pods");
    expect(popped.workloads.scope).toBeUndefined();
    expect(popDrill(popped)).toBeUndefined();
    const back1 = goBack(popped);
    expect(back1.workloads.scope).toEqual({ type: "node", node: "kdeck-worker-1" });
    expect(goForward(back1).workloads.scope).toBeUndefined();
    expect(goBack(goBack(goBack(back1))).workloads.resource).toBe(WORKLOADS);
  });

  it("leaves a drill-down when the namespace changes", () => {
    const s = setNamespace(drill(initialUi(), "pods", { type: "pod", namespace: "default", name: "x" }), "demo");
    expect(s.namespace).toBe("demo");
    expect(s.workloads.scope).toBeUndefined();
    expect(s.stack).toEqual([]);
  });

  it("marks and unmarks nodes", () => {
    const s = toggleMark(toggleMark(initialUi(), "a"), "b");
    expect(s.nodes.marks).toEqual(["a", "b"]);
    expect(toggleMark(s, "a").nodes.marks).toEqual(["b"]);
  });
});

describe("dialogs", () => {
  it("name what they delete and offer the cascade and grace period", () => {
    let d = deleteDialog([{ resource: "pods", kind: "Pod", namespace: "demo", name: "web-1" }]);
    expect(d.message[0]).toBe("Delete pod/web-1 in namespace demo?");
    expect(choice(d, "cascade")).toBe("background");
    d = changeField(d, 1);
    expect(choice(d, "cascade")).toBe("foreground");
    d = changeField(focusField(d, 1), -1);
    expect(choice(d, "grace period")).toBe("30s");
  });
});
