/**
 * `s` on a pod or a container: a shell in it, as `kdeck exec -it POD -- sh` opens one.
 * The harness stands in for the terminal: it receives the session the console opened
 * in the real cluster and types into it through the REPL the CLI uses.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ShellSession } from "../../src/client/cluster.js";
import { ShellRepl } from "../../src/client/shell/repl.js";
import { Command } from "../../src/tui/keys/commands.js";
import { deployment } from "../helpers/fixtures.js";
import { renderConsole, testCluster, type Harness } from "./render.js";

const DEPLOYMENT = deployment("api", { namespace: "demo", replicas: 2, container: "api" });

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** A terminal that types `lines` into the shell and records what it printed. */
function scriptedShell(lines: string[]): { opened: string[]; printed: string[]; shell: (session: ShellSession, title: string) => Promise<number> } {
  const opened: string[] = [];
  const printed: string[] = [];
  return {
    opened,
    printed,
    shell: async (session, title) => {
      opened.push(title);
      const repl = new ShellRepl(session);
      for (const line of lines) {
        printed.push(repl.prompt + line);
        const step = repl.submit(line);
        if (step.output) printed.push(step.output.trimEnd());
        if (step.exited !== undefined) return step.exited;
      }
      return repl.eof();
    },
  };
}

async function selectWorkload(h: Harness, key: string): Promise<void> {
  await h.press(Command.FocusNext);
  const keys = h.console.list("workloads").keys;
  expect(keys).toContain(key);
  await h.press(Command.Down, keys.indexOf(key));
}

describe("a shell from the console", () => {
  it("opens in the selected pod's default container, runs what is typed, and comes back with the exit status", async () => {
    const term = scriptedShell(["echo hello > /tmp/greeting", "cat /tmp/greeting", "exit 3"]);
    h = await renderConsole({ namespace: "demo", shell: term.shell });
    await selectWorkload(h, "demo/cache");
    expect(h.frame()).toContain("shell");
    await h.press(Command.Shell);
    await h.waitFor((f) => f.includes("exited with status 3"));
    expect(term.opened).toEqual(["pod/cache › redis in namespace demo"]);
    expect(term.printed).toContain("hello");
    expect(h.frame()).toContain("the shell in pod/cache › redis exited with status 3");
    // What the shell wrote stays in the container, as with kdeck exec.
    expect(h.cluster.exec("demo", "cache", "redis", ["cat", "/tmp/greeting"]).stdout).toBe("hello\n");
  });

  it("opens in the container of a container row", async () => {
    const term = scriptedShell(["printenv HOSTNAME"]);
    h = await renderConsole({ namespace: "demo", shell: term.shell });
    await selectWorkload(h, "demo/web-1");
    await h.press(Command.Enter);
    expect(h.frame()).toContain("Containers");
    await h.press(Command.Shell);
    await h.waitFor((f) => f.includes("the shell in pod/web-1 › nginx exited"));
    expect(term.opened).toEqual(["pod/web-1 › nginx in namespace demo"]);
    expect(term.printed).toContain("web-1");
  });

  it("says why in the status line when the pod cannot have a shell, and opens none", async () => {
    const term = scriptedShell(["exit"]);
    h = await renderConsole({ namespace: "demo", shell: term.shell });
    await selectWorkload(h, "demo/migrate");
    await h.press(Command.Shell);
    expect(h.frame()).toContain("cannot exec into a container in a completed pod; current phase is Succeeded");
    expect(term.opened).toEqual([]);
  });

  it("is scale, not a shell, on a Deployment", async () => {
    const cluster = testCluster({ demo: true, yaml: DEPLOYMENT });
    h = await renderConsole({ cluster, namespace: "demo", shell: scriptedShell([]).shell });
    await selectWorkload(h, "demo/api");
    await h.key("s");
    expect(h.frame()).toContain("scale deployment/api to replicas: 2");
  });
});
