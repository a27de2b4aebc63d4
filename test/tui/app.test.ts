import { afterEach, describe, expect, it } from "vitest";
import { Command } from "../../src/tui/keys/commands.js";
import { renderConsole, testCluster, type Harness } from "./render.js";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

function lines(frame: string): string[] {
  return frame.split("\n");
}

describe("the console", () => {
  it("opens on the Nodes pane with the header's counts, and fits 80×24", async () => {
    h = await renderConsole({ columns: 80, rows: 24 });
    const f = h.frame();
    expect(h.console.ui.focus).toBe("nodes");
    expect(f).toContain("kdeck");
    expect(f).toContain("ns default");
    expect(f).toContain("nodes 4/4");
    expect(f).toMatch(/Nodes \(4\)/);
    expect(f).toContain("kdeck-worker-1");
    expect(f).toMatch(/zone-a/);
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const l of lines(f)) expect(l.length, l).toBeLessThanOrEqual(80);
  });

  it("lays the four panes out as a grid on a wide terminal", async () => {
    h = await renderConsole({ columns: 200, rows: 60 });
    const f = h.frame();
    for (const title of ["Nodes", "Workloads", "Events", "Logs"]) expect(f).toContain(`╭─ ${title}`);
    expect(lines(f).length).toBe(59);
    for (const l of lines(f)) expect(l.length).toBeLessThanOrEqual(200);
  });

  it("cycles focus with tab and shift-tab, and the footer shows the focused pane's keys", async () => {
    h = await renderConsole();
    expect(h.frame()).toContain("cordon");
    await h.press(Command.FocusNext);
    expect(h.console.ui.focus).toBe("workloads");
    expect(h.frame()).toContain("logs");
    await h.press(Command.FocusPrevious);
    await h.press(Command.FocusPrevious);
    expect(h.console.ui.focus).toBe("logs");
  });

  it("switches namespace with :ns and with the favourite keys", async () => {
    h = await renderConsole();
    await h.press(Command.CommandPrompt);
    await h.type("ns demo");
    await h.press(Command.Submit);
    expect(h.console.ui.namespace).toBe("demo");
    await h.press(Command.FocusNext);
    expect(h.frame()).toContain("web-1");
    expect(h.frame()).toContain("too-big");
    await h.press(Command.AllNamespaces);
    expect(h.console.ui.namespace).toBe("");
    await h.key("1");
    expect(h.console.ui.namespace).toBe("default");
  });

  it("shows any kind from the registry after :, with completion, and explains unknown kinds", async () => {
    h = await renderConsole({ namespace: "demo" });
    await h.press(Command.CommandPrompt);
    await h.type("con");
    expect(h.frame()).toContain(":configmap");
    await h.press(Command.Complete);
    await h.press(Command.Submit);
    expect(h.console.ui.focus).toBe("workloads");
    expect(h.frame()).toContain("ConfigMaps");
    expect(h.frame()).toContain("web-config");
    await h.press(Command.CommandPrompt);
    await h.type("bogus");
    await h.press(Command.Submit);
    expect(h.frame()).toContain(`the server doesn't have a resource type "bogus"`);
    await h.press(Command.CommandPrompt);
    await h.type("events");
    await h.press(Command.Submit);
    expect(h.console.ui.focus).toBe("events");
  });

  it("drills from a node to its pods, from a pod to its containers, and back with esc", async () => {
    h = await renderConsole({ namespace: "demo" });
    const node = h.console.cluster.get("pods", "demo", "cache").spec as { nodeName: string };
    const nodes = h.console.list("nodes").keys;
    await h.press(Command.Down, nodes.indexOf(node.nodeName));
    await h.press(Command.Enter);
    expect(h.console.ui.focus).toBe("workloads");
    expect(h.frame()).toContain(`node/${node.nodeName}`);
    expect(h.frame()).toContain("cache");
    const pods = h.console.list("workloads").keys;
    await h.press(Command.Down, pods.indexOf("demo/cache"));
    await h.press(Command.Enter);
    expect(h.frame()).toContain("Containers");
    expect(h.frame()).toContain("redis:7.2");
    await h.press(Command.Back);
    expect(h.frame()).toContain(`node/${node.nodeName}`);
    await h.press(Command.Back);
    expect(h.console.ui.workloads.scope).toBeUndefined();
    await h.press(Command.HistoryBack);
    expect(h.console.ui.workloads.scope).toEqual({ type: "node", node: node.nodeName });
  });

  it("filters by text, by inverse text and by label selector", async () => {
    h = await renderConsole({ namespace: "demo" });
    await h.press(Command.FocusNext);
    await h.press(Command.Filter);
    await h.type("web");
    // The pane narrows as the filter is typed.
    expect(h.console.list("workloads").keys).toEqual(["demo/web-1", "demo/web-2"]);
    await h.press(Command.Submit);
    await h.press(Command.Filter);
    await h.key("backspace");
    await h.key("backspace");
    await h.key("backspace");
    await h.type("!web");
    await h.press(Command.Submit);
    expect(h.console.list("workloads").keys).not.toContain("demo/web-1");
    await h.press(Command.Back);
    await h.press(Command.Filter);
    await h.type("-l tier=backend");
    await h.press(Command.Submit);
    expect(h.console.list("workloads").keys).toEqual(["demo/cache"]);
    await h.press(Command.Filter);
    await h.type(",,bad");
    await h.press(Command.Submit);
    expect(h.frame()).toMatch(/unable to parse|invalid|selector/i);
  });

  it("cordons and uncordons the selected node, or every marked one", async () => {
    h = await renderConsole();
    await h.press(Command.Down);
    await h.press(Command.Cordon);
    expect(h.frame()).toContain("node/kdeck-worker-1 cordoned");
    await h.waitFor((f) => f.includes("SchedulingDisabled"));
    await h.press(Command.Uncordon);
    expect(h.frame()).toContain("node/kdeck-worker-1 uncordoned");
    await h.press(Command.Mark);
    await h.press(Command.Mark);
    expect(h.frame()).toContain("2 marked");
    await h.press(Command.Cordon);
    const nodes = h.cluster.list("nodes").filter((n) => (n.spec as { unschedulable?: boolean }).unschedulable);
    expect(nodes.map((n) => n.metadata.name)).toEqual(["kdeck-worker-1", "kdeck-worker-2"]);
  });

  it("deletes only after a confirmation that names the object and the cascade", async () => {
    h = await renderConsole({ namespace: "demo" });
    await h.press(Command.FocusNext);
    const keys = h.console.list("workloads").keys;
    await h.press(Command.Down, keys.indexOf("demo/ticker"));
    await h.press(Command.Delete);
    expect(h.frame()).toContain("Delete pod/ticker in namespace demo?");
    expect(h.frame()).toContain("background");
    await h.press(Command.No);
    expect(h.cluster.tryGet("pods", "demo", "ticker")).toBeDefined();
    await h.press(Command.Delete);
    await h.press(Command.NextField);
    await h.press(Command.ChangeField);
    await h.press(Command.Yes);
    expect(h.frame()).toContain("pod/ticker deleted");
    await h.waitFor(() => h!.cluster.tryGet("pods", "demo", "ticker") === undefined || h!.cluster.get("pods", "demo", "ticker").metadata.deletionTimestamp !== undefined);
  });

  it("describes and shows YAML, and esc goes back", async () => {
    h = await renderConsole({ namespace: "demo" });
    await h.press(Command.FocusNext);
    await h.press(Command.Down, h.console.list("workloads").keys.indexOf("demo/cache"));
    await h.press(Command.Describe);
    expect(h.frame()).toMatch(/Name:\s+cache/);
    await h.press(Command.Bottom);
    expect(h.frame()).toContain("Events:");
    await h.press(Command.Close);
    await h.press(Command.Yaml);
    expect(h.frame()).toContain("apiVersion: v1");
    expect(h.frame()).toContain("kind: Pod");
    await h.press(Command.Down, 3);
    await h.press(Command.Close);
    expect(h.console.ui.overlay).toBeUndefined();
  });

  it("edits in the editor and applies on save; a bad edit applies nothing and re-opens", async () => {
    const edits: ((text: string) => string)[] = [
      (t) => t.replace("  labels:\n", "  labels:\n    edited: \"yes\"\n"),
      (t) => t.replace(/image: redis:7.2/, "image: \"\""),
      (t) => t.replace(/image: ""/, "image: redis:7.4"),
    ];
    const seen: string[] = [];
    h = await renderConsole({
      namespace: "demo",
      edit: (text) => {
        seen.push(text);
        return edits.shift()!(text);
      },
    });
    await h.press(Command.FocusNext);
    await h.press(Command.Down, h.console.list("workloads").keys.indexOf("demo/cache"));
    await h.press(Command.Edit);
    expect(h.frame()).toContain("pod/cache edited");
    expect(h.cluster.get("pods", "demo", "cache").metadata.labels).toMatchObject({ edited: "yes" });
    await h.press(Command.Edit);
    expect(h.frame()).toContain("Edit failed: nothing was applied");
    expect(h.frame()).toMatch(/image/);
    expect((h.cluster.get("pods", "demo", "cache").spec as { containers: { image: string }[] }).containers[0]!.image).toBe("redis:7.2");
    await h.press(Command.Yes);
    expect(seen[2]).toContain("# The edit could not be applied");
    expect(seen[2]).toContain('image: ""');
    expect(h.frame()).toContain("pod/cache edited");
  });

  it("tails the selected pod's logs, and a label selector across pods", async () => {
    h = await renderConsole({ namespace: "demo" });
    await h.press(Command.FocusNext);
    const keys = h.console.list("workloads").keys;
    await h.press(Command.Down, keys.indexOf("demo/ticker"));
    await h.cluster.advance(12_000);
    await h.waitFor((f) => /Logs pod\/ticker/.test(f) && f.includes("tick"));
    await h.press(Command.FocusNext);
    await h.press(Command.FocusNext);
    expect(h.console.ui.focus).toBe("logs");
    await h.press(Command.Filter);
    await h.type("-l tier=frontend");
    await h.press(Command.Submit);
    await h.waitFor((f) => f.includes("-l tier=frontend") && f.includes("web-1") && f.includes("web-2"));
    expect(h.frame()).toMatch(/\+ web-\d › nginx/);
    await h.press(Command.LogTimestamps);
    expect(h.frame()).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    await h.press(Command.Back);
    expect(h.console.ui.logs.pinned).toBe(false);
  });

  it("shows help from the key tables, :map and :pulse, and zooms", async () => {
    h = await renderConsole({ columns: 120, rows: 40 });
    await h.press(Command.Help);
    expect(h.frame()).toContain("Help");
    expect(h.frame()).toContain("quit (ctrl-c also while typing)");
    await h.press(Command.Bottom);
    expect(h.frame()).toContain(":map");
    await h.press(Command.Close);
    await h.press(Command.CommandPrompt);
    await h.type("map");
    await h.press(Command.Submit);
    expect(h.frame()).toContain("╭ kdeck-worker-1");
    expect(h.frame()).toContain("●");
    await h.press(Command.Close);
    await h.press(Command.CommandPrompt);
    await h.type("pulse");
    await h.press(Command.Submit);
    expect(h.frame()).toContain("running");
    await h.press(Command.Close);
    await h.press(Command.Zoom);
    expect(h.frame()).not.toContain("╭─ Workloads");
    await h.press(Command.Zoom);
    expect(h.frame()).toContain("Workloads");
  });

  it("changes the speed, pauses and advances virtual time", async () => {
    h = await renderConsole();
    await h.press(Command.SpeedUp);
    expect(h.cluster.engineStatus().speed).toBe(2);
    await h.press(Command.Pause);
    expect(h.frame()).toContain("paused");
    await h.press(Command.Pause);
    expect(h.cluster.engineStatus().speed).toBe(2);
    const before = h.cluster.now();
    await h.press(Command.Advance);
    await h.type("5m");
    await h.press(Command.Submit);
    await h.waitFor((f) => f.includes("advanced 5m"));
    expect(h.cluster.now() - before).toBeGreaterThanOrEqual(300_000);
    await h.press(Command.Advance);
    await h.type("soon");
    await h.press(Command.Submit);
    expect(h.frame()).toContain('"soon" is not a duration');
  });

  it("follows the selection in the Events pane", async () => {
    h = await renderConsole({ namespace: "demo", columns: 200, rows: 60 });
    await h.press(Command.FocusNext);
    const keys = h.console.list("workloads").keys;
    await h.press(Command.Down, keys.indexOf("demo/too-big"));
    await h.waitFor((f) => f.includes("pod/too-big") && f.includes("FailedScheduling"));
    await h.press(Command.FocusNext);
    await h.press(Command.EventsFollow);
    expect(h.frame()).toMatch(/Events \(\d+\) demo/);
  });

  it("quits with q", async () => {
    h = await renderConsole();
    await h.press(Command.Quit);
    expect(h.quitted()).toBe(true);
  });
});

describe("a cluster with many pods", () => {
  it("windows the list: 2,000 pods render only the rows that fit", async () => {
    const cluster = testCluster({ workers: 20 });
    for (let i = 0; i < 2000; i++) {
      cluster.apply({ apiVersion: "v1", kind: "Pod", metadata: { name: `p-${String(i).padStart(4, "0")}`, namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } });
    }
    cluster.settle();
    h = await renderConsole({ cluster, columns: 120, rows: 40 });
    await h.press(Command.FocusNext);
    expect(h.frame()).toMatch(/Workloads \(2,000\)/);
    await h.press(Command.Bottom);
    expect(h.frame()).toContain("po/p-1999");
    expect(h.frame()).not.toContain("po/p-0000");
    await h.press(Command.Filter);
    await h.type("p-0042");
    await h.press(Command.Submit);
    expect(h.console.list("workloads").keys).toEqual(["default/p-0042"]);
  });
});
