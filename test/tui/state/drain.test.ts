import { describe, expect, it } from "vitest";
import type { DrainEvent } from "../../../src/client/cluster.js";
import { changeField, focusField } from "../../../src/tui/state/dialog.js";
import {
  cancelDrainDialog,
  drainCommandLine,
  drainCounts,
  drainDialog,
  drainEnded,
  drainEvent,
  drainFailed,
  drainOptionsOf,
  drainStatus,
  drainWindowStart,
  newDrainView,
  scrollDrain,
  type DrainViewState,
} from "../../../src/tui/state/drain.js";

const T = Date.UTC(2024, 0, 1, 12, 0, 0);

function ev(kind: DrainEvent["kind"], text: string, extra: Partial<DrainEvent> = {}): DrainEvent {
  return { kind, text, stream: kind === "error" || kind === "retry" || kind === "timeout" || kind === "warning" ? "stderr" : "stdout", at: T, ...extra };
}

const pod = (name: string): { namespace: string; name: string } => ({ namespace: "default", name });

function feed(s: DrainViewState, events: DrainEvent[]): DrainViewState {
  return events.reduce(drainEvent, s);
}

describe("the drain dialog", () => {
  it("names the node, offers kubectl drain's options, and ignores DaemonSets by default", () => {
    const d = drainDialog(["w1"]);
    expect(d.message[0]).toBe("Drain node/w1?");
    expect(d.fields.map((f) => f.label)).toEqual(["grace period", "timeout", "ignore DaemonSets", "delete emptyDir data", "force", "disable eviction"]);
    expect(d.action).toEqual({ type: "drain", nodes: ["w1"] });
    expect(drainOptionsOf(d)).toEqual({ gracePeriodSeconds: -1, timeoutMs: 0, ignoreDaemonSets: true, deleteEmptyDirData: false, force: false, disableEviction: false });
    expect(drainCommandLine(["w1"], drainOptionsOf(d))).toBe("kdeck drain w1 --ignore-daemonsets");
  });

  it("names every marked node", () => {
    const d = drainDialog(["w1", "w2"]);
    expect(d.message.slice(0, 3)).toEqual(["Drain 2 nodes?", "  node/w1", "  node/w2"]);
  });

  it("turns the choices into the drain's options", () => {
    let d = drainDialog(["w1"]);
    d = changeField(changeField(d, 1), 1); // grace period: 10s
    d = focusField(d, 1);
    d = changeField(d, -1); // timeout: the last choice, 1h
    for (let i = 0; i < 4; i++) d = changeField(focusField(d, 1), 1); // DaemonSets no, emptyDir, force, disable eviction yes
    const o = drainOptionsOf(d);
    expect(o).toEqual({ gracePeriodSeconds: 10, timeoutMs: 3_600_000, ignoreDaemonSets: false, deleteEmptyDirData: true, force: true, disableEviction: true });
    expect(drainCommandLine(["w1", "w2"], o)).toBe("kdeck drain w1 w2 --delete-emptydir-data --force --disable-eviction --grace-period=10 --timeout=1h");
    expect(drainOptionsOf(changeField(drainDialog(["w1"]), 1)).gracePeriodSeconds).toBe(0);
  });

  it("asks before cancelling a running drain", () => {
    const d = cancelDrainDialog(["w1"]);
    expect(d.message[0]).toBe("Stop draining node/w1?");
    expect(d.action).toEqual({ type: "cancelDrain" });
  });
});

describe("the drain's progress", () => {
  const start = newDrainView(1, ["w1"], "kdeck drain w1 --ignore-daemonsets", T);

  it("counts pods evicted, terminating and waiting on a PodDisruptionBudget", () => {
    let s = feed(start, [
      ev("cordoned", "node/w1 cordoned", { node: "w1" }),
      ev("evicting", "evicting pod default/a", { node: "w1", pod: pod("a") }),
      ev("evicting", "evicting pod default/b", { node: "w1", pod: pod("b") }),
      ev("evicting", "evicting pod default/c", { node: "w1", pod: pod("c") }),
      ev("retry", `error when evicting pods/"c" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`, { node: "w1", pod: pod("c") }),
      ev("evicted", "pod/a evicted", { node: "w1", pod: pod("a") }),
    ]);
    expect(drainCounts(s)).toEqual({ evicted: 1, evicting: 1, waiting: 1, skipped: 0 });
    expect(drainStatus(s)).toEqual({ text: "draining node/w1: 1 evicted, 1 terminating, 1 waiting on a PodDisruptionBudget", tone: "warn" });
    expect(s.lines.map((l) => l.text)[0]).toBe("$ kdeck drain w1 --ignore-daemonsets");
    // A retry's next attempt: evicting again, then gone.
    s = feed(s, [ev("evicting", "evicting pod default/c", { node: "w1", pod: pod("c") }), ev("evicted", "pod/b evicted", { node: "w1", pod: pod("b") }), ev("evicted", "pod/c evicted", { node: "w1", pod: pod("c") })]);
    s = feed(s, [ev("drained", "node/w1 drained", { node: "w1" })]);
    expect(drainStatus(s).text).toBe("draining node/w1: 3 evicted");
    s = drainEnded(s, { drained: ["w1"], pending: [], cancelled: false }, T + 7000);
    expect(s.phase).toBe("drained");
    expect(drainStatus(s)).toEqual({ text: "node/w1 drained", tone: "ok" });
  });

  it("says which node of several it is on", () => {
    const two = newDrainView(2, ["w1", "w2"], "kdeck drain w1 w2", T);
    expect(drainStatus(feed(two, [ev("cordoned", "node/w1 cordoned", { node: "w1" }), ev("cordoned", "node/w2 cordoned", { node: "w2" })])).text).toBe("draining node/w1 (1 of 2): 0 evicted");
    expect(drainStatus(feed(two, [ev("error", `error: unable to drain node "w1" due to error: x, continuing command...`, { node: "w1" })])).text).toBe("draining node/w2 (2 of 2): 0 evicted");
    const s = feed(newDrainView(2, ["w1", "w2"], "kdeck drain w1 w2", T), [ev("cordoned", "node/w1 cordoned", { node: "w1" }), ev("cordoned", "node/w2 cordoned", { node: "w2" }), ev("drained", "node/w1 drained", { node: "w1" }), ev("evicting", "evicting pod default/x", { node: "w2", pod: pod("x") })]);
    expect(drainStatus(s).text).toBe("draining node/w2 (2 of 2): 0 evicted, 1 terminating");
    expect(drainStatus(drainEnded(s, { drained: ["w1", "w2"], pending: [], cancelled: false }, T)).text).toBe("node/w1, node/w2 drained");
  });

  it("ends with kubectl's reason when the drain is refused", () => {
    const s = feed(start, [
      ev("cordoned", "node/w1 cordoned", { node: "w1" }),
      ev("error", `error: unable to drain node "w1" due to error: cannot delete Pods declare no controller (use --force to override): default/bare, continuing command...`, { node: "w1" }),
      ev("error", "There are pending nodes to be drained:"),
      ev("error", " w1", { node: "w1" }),
      ev("error", "cannot delete Pods declare no controller (use --force to override): default/bare"),
    ]);
    const end = drainEnded(s, { drained: [], pending: ["w1"], cancelled: false }, T);
    expect(end.phase).toBe("failed");
    expect(drainStatus(end)).toEqual({ text: "node/w1 not drained: cannot delete Pods declare no controller (use --force to override): default/bare", tone: "error" });
  });

  it("tells a timeout from other failures", () => {
    const s = feed(start, [
      ev("timeout", `There are pending pods in node "w1" when an error occurred: error when evicting pods/"a" -n "default": global timeout reached: 30s`, { node: "w1" }),
      ev("timeout", "pod/a", { node: "w1", pod: pod("a") }),
      ev("error", `error: unable to drain node "w1" due to error: error when evicting pods/"a" -n "default": global timeout reached: 30s, continuing command...`, { node: "w1" }),
      ev("error", "There are pending nodes to be drained:"),
      ev("error", " w1"),
      ev("error", `error when evicting pods/"a" -n "default": global timeout reached: 30s`),
    ]);
    const end = drainEnded(s, { drained: [], pending: ["w1"], cancelled: false }, T);
    expect(end.phase).toBe("timedOut");
    expect(drainStatus(end).text).toBe(`node/w1 timed out: error when evicting pods/"a" -n "default": global timeout reached: 30s`);
  });

  it("reports a cancel, and a drain that could not start", () => {
    const s = feed(start, [ev("evicted", "pod/a evicted", { node: "w1", pod: pod("a") })]);
    expect(drainStatus(drainEnded(s, { drained: [], pending: [], cancelled: true }, T))).toEqual({ text: "drain of node/w1 stopped after 1 evicted; the node stays cordoned (u uncordons)", tone: "warn" });
    const failed = drainFailed(start, `Error from server (NotFound): nodes "w1" not found`, T);
    expect(failed.phase).toBe("failed");
    expect(drainStatus(failed).text).toBe(`node/w1 not drained: Error from server (NotFound): nodes "w1" not found`);
  });

  it("splits lines of several and keeps only the newest ones", () => {
    const s = drainEvent(start, ev("error", "Following errors occurred while getting the list of pods to delete:\nbad thing"));
    expect(s.lines.slice(-2).map((l) => l.text)).toEqual(["Following errors occurred while getting the list of pods to delete:", "bad thing"]);
    let many = start;
    for (let i = 0; i < 6000; i++) many = drainEvent(many, ev("evicting", `evicting pod default/p${i}`));
    expect(many.lines.length).toBe(5000);
    expect(many.lines[4999]!.text).toBe("evicting pod default/p5999");
  });

  it("follows the newest line until scrolled up, and again from the bottom", () => {
    const s = { ...start, lines: Array.from({ length: 30 }, (_, i) => ({ kind: "evicting" as const, text: `line ${i}`, at: T })) };
    expect(drainWindowStart(s, 30, 10)).toBe(20);
    const up = scrollDrain(s, "up", 30, 10);
    expect(up.follow).toBe(false);
    expect(drainWindowStart(up, 30, 10)).toBe(19);
    // More lines arrive: the view holds still.
    expect(drainWindowStart(up, 40, 10)).toBe(19);
    expect(scrollDrain(up, "top", 30, 10).scroll).toBe(0);
    expect(scrollDrain(up, "bottom", 40, 10)).toMatchObject({ follow: true, scroll: 30 });
  });
});
