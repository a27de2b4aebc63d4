/**
 * The console as a user meets it: the built binary in a real terminal (tmux), on a temp
 * database. Needs `npm run build` first (`npm test` does it) and tmux (`.ci/run`
 * installs it); without tmux these tests are skipped, saying so.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployment, manifests, pdb } from "../helpers/fixtures.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin", "kdeck.js");
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux) process.stderr.write("test/tui/e2e.test.ts: tmux is not installed; the console's end-to-end tests are skipped (install tmux to run them)\n");

const API = deployment("api", { namespace: "demo", replicas: 2, container: "api" });

const CRASHY = `apiVersion: v1
kind: Pod
metadata:
  name: crashy
  namespace: demo
  labels: { app: crashy }
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "echo starting up; sleep 2; echo giving up; exit 1"]
`;

let dir: string;
let db: string;
let session: string;
/** A tmux server of our own: other tests' sessions and ours never meet. */
const socket = `kdeck-tui-e2e-${process.pid}`;

function tmux(...args: string[]): string {
  const r = spawnSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function screen(): string {
  return tmux("capture-pane", "-p", "-t", session);
}

/** Sends keys one tmux argument each: `Tab`, `Escape`, `C-d`, or literal text with `-l`. */
function keys(...k: string[]): void {
  for (const key of k) tmux("send-keys", "-t", session, key);
}

function text(t: string): void {
  tmux("send-keys", "-t", session, "-l", "--", t);
}

async function waitFor(what: string, pred: (s: string) => boolean, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function kdeck(...args: string[]): void {
  kdeckOn(db, ...args);
}

/** Runs kdeck on the cluster in `file`; returns what it printed. */
function kdeckOn(file: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, KDECK_DB: file }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kdeck ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Three replicas that must keep two available: a node with two of them drains one pod at a time. */
const WEB_WITH_BUDGET = manifests(deployment("web", { replicas: 3 }), pdb("web", "web", { minAvailable: 2 }));

describe.skipIf(!hasTmux)("the console in a terminal", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(root, "dist", "src", "cli.js"))) throw new Error("dist/src/cli.js is missing: run `npm run build` first");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-tui-e2e-"));
    db = path.join(dir, "cluster.db");
    fs.writeFileSync(path.join(dir, "crashy.yaml"), CRASHY);
    fs.writeFileSync(path.join(dir, "api.yaml"), API);
    kdeck("apply", "-f", path.join(root, "manifests"));
    kdeck("apply", "-f", path.join(dir, "crashy.yaml"));
    kdeck("apply", "-f", path.join(dir, "api.yaml"));
  });

  /** A fresh 120×40 window running a plain POSIX shell (so a terminal left raw would show), in the temp folder. */
  async function shell(name: string): Promise<void> {
    session = name;
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", "sh");
    keys(`cd ${dir} && stty -g > before.stty && PS1='$ ' && clear`, "Enter");
    await waitFor("the shell", (x) => x.trimStart().startsWith("$"));
  }

  afterAll(() => {
    spawnSync("tmux", ["-L", socket, "kill-server"]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("launches, navigates, opens a shell, cordons, tails logs by label while pods restart, resizes, and quits leaving the terminal as it was", async () => {
    await shell("tour");
    keys(`KDECK_DB=${db} ${process.execPath} ${bin} -n demo; echo "exit=$?"`, "Enter");
    let s = await waitFor("the console", (x) => x.includes("Nodes (4)"));
    expect(tmux("display-message", "-p", "-t", session, "#{alternate_on}").trim()).toBe("1");
    expect(s).toContain("ns demo");

    // Workloads: the Deployment first; scale it.
    keys("Tab");
    s = await waitFor("the demo's workloads", (x) => x.includes("deploy/api") && x.includes("web-1") && x.includes("too-big"));
    keys("g", "s");
    await waitFor("the scale prompt", (x) => x.includes("scale deployment/api to replicas: 2"));
    keys("BSpace");
    text("4");
    keys("Enter");
    await waitFor("the scale", (x) => x.includes("deployments.apps/api scaled to 4"));
    await waitFor("four ready replicas", (x) => /deploy\/api\s+4\/4/.test(x), 30_000);
    await waitFor("the bare pods beside it", (x) => x.includes("po/web-1"));
    keys("/");
    text("web-2");
    keys("Enter", "Enter");
    s = await waitFor("web-2's containers", (x) => x.includes("Containers") && x.includes("nginx:1.27"));
    // A shell in the container: the console steps aside for it, and comes back on exit.
    keys("s");
    await waitFor("the shell", (x) => x.includes("a shell in pod/web-2 › nginx") && x.trimEnd().endsWith("#"));
    expect(tmux("display-message", "-p", "-t", session, "#{alternate_on}").trim()).toBe("0");
    text("echo from-$HOSTNAME");
    keys("Enter");
    await waitFor("the shell's answer", (x) => x.includes("from-web-2"));
    text("exit 4");
    keys("Enter");
    await waitFor("the console again", (x) => x.includes("Containers") && x.includes("exited with status 4"));
    expect(tmux("display-message", "-p", "-t", session, "#{alternate_on}").trim()).toBe("1");
    keys("Escape");
    await waitFor("the pods again", (x) => !x.includes("Containers ("));
    keys("Escape");

    // Nodes: cordon the first worker.
    keys("BTab", "j", "c");
    s = await waitFor("the cordon", (x) => x.includes("kdeck-worker-1 cordoned") || /kdeck-worker-1\s+Ready,SchedulingDisabled/.test(x));
    await waitFor("SchedulingDisabled", (x) => x.includes("SchedulingDisabled"));

    // Logs by label, while the pod crashes and restarts (time fast-forwarded from the console).
    keys("Tab", "Tab", "Tab");
    keys("/");
    text("-l app=crashy");
    keys("Enter");
    await waitFor("the crashy pod's first lines", (x) => x.includes("-l app=crashy") && x.includes("starting up"));
    keys(">");
    text("40s");
    keys("Enter");
    s = await waitFor("a restart in the logs", (x) => x.includes("advanced 40s") || (x.match(/starting up/g) ?? []).length >= 2, 30_000);
    s = await waitFor("start and stop markers", (x) => /\+ crashy › app/.test(x) && /- crashy › app/.test(x), 30_000);

    // Resize to 80×24: the console redraws to fit.
    tmux("resize-window", "-t", session, "-x", "80", "-y", "24");
    s = await waitFor("the small layout", (x) => x.trimEnd().split("\n").length <= 24 && x.includes("Logs") && x.includes("nodes 4/4"));
    for (const line of s.split("\n")) expect(line.length).toBeLessThanOrEqual(80);

    // Quit: the shell is back, on the normal screen, with the terminal settings it had.
    keys("q");
    s = await waitFor("the shell", (x) => x.includes("exit=0"));
    expect(tmux("display-message", "-p", "-t", session, "#{alternate_on}").trim()).toBe("0");
    expect(s, "the console's frame was left on the normal screen").not.toContain("╭─");
    keys("stty -g > after.stty; cmp before.stty after.stty && echo terminal-restored", "Enter");
    await waitFor("stty to match", (x) => x.includes("terminal-restored"));
  });

  it("drains a node through a PodDisruptionBudget, watching its progress until drained", async () => {
    // A cluster of its own, two workers: one of them runs two of the three replicas.
    const drainDb = path.join(dir, "drain.db");
    kdeckOn(drainDb, "reset", "--nodes", "2", "--yes");
    fs.writeFileSync(path.join(dir, "web.yaml"), WEB_WITH_BUDGET);
    kdeckOn(drainDb, "apply", "-f", path.join(dir, "web.yaml"));
    kdeckOn(drainDb, "advance", "30s");
    const pods = JSON.parse(kdeckOn(drainDb, "get", "pods", "-l", "app=web", "-o", "json")) as { items: { spec: { nodeName: string } }[] };
    const perNode = new Map<string, number>();
    for (const p of pods.items) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    const [node, count] = [...perNode].sort((a, b) => b[1] - a[1])[0]!;
    expect(count).toBe(2);

    await shell("drain");
    keys(`KDECK_DB=${drainDb} ${process.execPath} ${bin}; echo "exit=$?"`, "Enter");
    await waitFor("the console", (x) => x.includes("Nodes (3)") && x.includes("kdeck-worker-2"));
    // Nodes sort by name: the control plane, then the workers.
    keys(...Array.from({ length: Number(node.slice(-1)) }, () => "j"));
    await waitFor(`${node} selected`, (x) => x.includes(`›${node}`));
    keys("r");
    await waitFor("the drain dialog", (x) => x.includes(`Drain node/${node}?`) && /ignore DaemonSets:\s+yes/.test(x));
    keys("Enter");
    await waitFor("the progress view", (x) => x.includes(`$ kdeck drain ${node} --ignore-daemonsets`));
    // The budget holds the second pod until the first one's replacement is ready elsewhere.
    let s = await waitFor("the drain to end", (x) => x.includes(`✔ node/${node} drained`) || x.includes(" ✖ "), 90_000);
    expect(s).toContain(`✔ node/${node} drained`);
    expect(s).toContain(`node/${node} cordoned`);
    expect(s).toMatch(/evicting pod default\/web-/);
    expect(s).toContain("(will retry after 5s): Cannot evict pod as it");
    expect(s).toMatch(/pod\/web-\S+ evicted/);
    expect(s).toMatch(new RegExp(`node/${node} drained\\s+│`));
    keys("Escape");
    s = await waitFor("the node cordoned and empty", (x) => new RegExp(`${node}\\s+Ready,SchedulingDisabled\\s+\\S+\\s+\\S+\\s+0 `).test(x));
    keys("q");
    await waitFor("the shell", (x) => x.includes("exit=0"));
  });

  it("restores the terminal on SIGTERM", async () => {
    await shell("sigterm");
    keys(`sh -c 'echo $$ > console.pid; exec env KDECK_DB=${db} ${process.execPath} ${bin}'; echo "term=$?"`, "Enter");
    await waitFor("the console", (x) => x.includes("Nodes (4)"));
    process.kill(Number(fs.readFileSync(path.join(dir, "console.pid"), "utf8").trim()), "SIGTERM");
    await waitFor("the console to stop", (x) => x.includes("term=143"), 20_000);
    expect(tmux("display-message", "-p", "-t", session, "#{alternate_on}").trim()).toBe("0");
    keys("stty -g > after2.stty; cmp before.stty after2.stty && echo still-restored", "Enter");
    await waitFor("stty to match", (x) => x.includes("still-restored"));
  });
});
