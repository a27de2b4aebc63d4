import { describe, expect, it } from "vitest";
import { drainLines, drainLineTone, drainRows, drainTitle } from "../../../src/tui/presenters/drain.js";
import type { Line } from "../../../src/tui/presenters/segments.js";
import { drainEnded, drainEvent, newDrainView } from "../../../src/tui/state/drain.js";

const T = Date.UTC(2024, 0, 1, 12, 0, 5);
const text = (l: Line): string => l.map((s) => s.text).join("");

describe("the drain view", () => {
  it("colours lines by what they say", () => {
    expect(drainLineTone("retry")).toBe("warn");
    expect(drainLineTone("warning")).toBe("warn");
    expect(drainLineTone("error")).toBe("error");
    expect(drainLineTone("timeout")).toBe("error");
    expect(drainLineTone("drained")).toBe("ok");
    expect(drainLineTone("evicting")).toBe("normal");
  });

  it("shows each line after its virtual time, wraps long ones under their text, and pins the summary", () => {
    let s = newDrainView(1, ["w1"], "kdeck drain w1", T);
    s = drainEvent(s, { kind: "evicting", text: "evicting pod default/a", stream: "stdout", node: "w1", pod: { namespace: "default", name: "a" }, at: T });
    s = drainEvent(s, { kind: "retry", text: `error when evicting pods/"a" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`, stream: "stderr", node: "w1", pod: { namespace: "default", name: "a" }, at: T + 1000 });
    const lines = drainLines(s, 60, 8);
    expect(lines).toHaveLength(8);
    expect(text(lines[0]!)).toBe(" 12:00:05 $ kdeck drain w1");
    expect(text(lines[1]!)).toBe(" 12:00:05 evicting pod default/a");
    expect(text(lines[2]!)).toMatch(/^ 12:00:06 error when evicting pods\/"a"/);
    expect(text(lines[3]!)).toMatch(/^ {10}\S/);
    for (const l of lines) expect(text(l).length).toBeLessThanOrEqual(60);
    expect(lines[2]!.find((seg) => seg.text.startsWith("error"))?.tone).toBe("warn");
    // The summary wraps rather than losing its end.
    expect(text(lines[5]!)).toBe("");
    expect(text(lines[6]!)).toBe(" ▶ draining node/w1: 0 evicted, 1 waiting on a");
    expect(text(lines[7]!)).toBe("   PodDisruptionBudget");
    expect(drainRows(s.lines, 60).length).toBeGreaterThan(3);
  });

  it("keeps the newest lines in view, and says how it ended in the title and the summary", () => {
    let s = newDrainView(1, ["w1"], "kdeck drain w1", T);
    for (let i = 0; i < 20; i++) s = drainEvent(s, { kind: "evicting", text: `evicting pod default/p${i}`, stream: "stdout", at: T });
    s = drainEvent(s, { kind: "drained", text: "node/w1 drained", stream: "stdout", node: "w1", at: T + 65_000 });
    s = drainEnded(s, { drained: ["w1"], pending: [], cancelled: false }, T + 65_000);
    const lines = drainLines(s, 80, 6);
    expect(text(lines[3]!)).toBe(" 12:01:10 node/w1 drained");
    expect(lines[3]!.some((seg) => seg.tone === "ok" && seg.bold)).toBe(true);
    expect(text(lines[5]!)).toBe(" ✔ node/w1 drained");
    expect(text(drainTitle(s, T + 90_000))).toBe("Drain node/w1  drained 1m05s");
  });
});
