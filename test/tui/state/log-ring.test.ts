import { describe, expect, it } from "vitest";
import { LogIndex, LogRing, type NewLogEntry } from "../../../src/tui/state/log-ring.js";
import { INITIAL_LOG_VIEW, scrollLogs, toggleFollow } from "../../../src/tui/state/log-view.js";

function line(i: number, container = "app"): NewLogEntry {
  return { type: "line", ts: i, namespace: "ns", pod: `p${i % 2}`, container, stream: "stdout", text: `line ${i}` };
}

describe("the log ring", () => {
  it("keeps the newest entries up to its capacity", () => {
    const ring = new LogRing(5);
    ring.push(Array.from({ length: 8 }, (_, i) => line(i)));
    expect(ring.size).toBe(5);
    expect(ring.firstSeq).toBe(3);
    expect(ring.at(3)?.text).toBe("line 3");
    expect(ring.at(7)?.text).toBe("line 7");
    expect(ring.at(2)).toBeUndefined();
    ring.clear();
    expect(ring.size).toBe(0);
    ring.push([line(9)]);
    expect(ring.at(8)?.text).toBe("line 9");
  });

  it("indexes matches incrementally and forgets what the ring dropped", () => {
    const ring = new LogRing(10);
    const index = new LogIndex();
    const even = (e: { text: string }): boolean => Number(e.text.split(" ")[1]) % 2 === 0;
    ring.push(Array.from({ length: 6 }, (_, i) => line(i)));
    expect(index.update(ring, "even", even).length).toBe(3);
    ring.push(Array.from({ length: 10 }, (_, i) => line(i + 6)));
    const m = index.update(ring, "even", even);
    expect(m.length).toBe(5);
    expect(m.seqAt(0)).toBe(6);
    expect(m.indexAtOrBefore(9)).toBe(1);
    expect(index.update(ring, "all", () => true).length).toBe(10);
  });
});

describe("the log view", () => {
  it("holds its place while scrolled back, and follows again at the bottom", () => {
    const ring = new LogRing(100);
    const index = new LogIndex();
    ring.push(Array.from({ length: 50 }, (_, i) => line(i)));
    let m = index.update(ring, "", () => true);
    let s = scrollLogs(INITIAL_LOG_VIEW, "up", m, 10);
    expect(s).toMatchObject({ follow: false, anchor: 48 });
    ring.push([line(50)]);
    m = index.update(ring, "", () => true);
    expect(scrollLogs(s, "pageUp", m, 10).anchor).toBe(39);
    s = scrollLogs(s, "bottom", m, 10);
    expect(s).toMatchObject({ follow: true, anchor: undefined });
    expect(toggleFollow(s, m)).toMatchObject({ follow: false, anchor: 50 });
    // The bottom line never goes above the first page.
    expect(scrollLogs(s, "top", m, 10).anchor).toBe(9);
  });
});
