import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/persistence/sqlite-store.js";
import { Capture, kdeck, NGINX_POD, TEST_EPOCH, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** Polls until `cond` holds (wall clock), failing after `ms`. */
async function eventually(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("kdeck get -w", () => {
  it("prints the table, then a row per change, until ctrl-c", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n")]);
    const stdout = new Capture();
    const interrupt = new AbortController();
    const watching = kdeck(db, ["get", "cm", "-w"], { stdout, signal: interrupt.signal });
    await eventually(() => stdout.text.includes("first"));
    expect(stdout.text).toMatch(/^NAME\s+DATA\s+AGE\nfirst\s+0\s+0s\n$/);

    // Another writer, as a second kdeck process would be.
    const applied = await kdeck(db, ["apply", "-f", writeManifest(db, "b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\ndata:\n  k: v\n")]);
    expect(applied.stdout).toBe("configmap/second created\n");
    await eventually(() => stdout.text.includes("second"));
    interrupt.abort();
    const r = await watching;
    expect(r.code).toBe(130);
    expect(stdout.text).toMatch(/^NAME\s+DATA\s+AGE\nfirst\s+0\s+0s\nsecond\s+1\s+0s\n$/);
  });

  it("starts with kubectl's empty message and prints the header with the first row", async () => {
    const stdout = new Capture();
    const interrupt = new AbortController();
    const watching = kdeck(db, ["get", "pods", "-w"], { stdout, signal: interrupt.signal });
    await new Promise((r) => setTimeout(r, 100));
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    await eventually(() => stdout.text.includes("nginx"));
    interrupt.abort();
    const r = await watching;
    expect(r.stderr).toBe("No resources found in default namespace.\n");
    expect(stdout.text.split("\n")[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(stdout.text.split("\n")[1]).toMatch(/^nginx\s+0\/1\s+Pending\s+0\s+0s$/);
  });

  it("refuses to watch several kinds", async () => {
    const r = await kdeck(db, ["get", "pods,nodes", "-w"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: watch is only supported on individual resources and resource collections, but 2 resources were found\n");
  });
});

describe("kdeck logs -f and events -w", () => {
  it("follows new events until ctrl-c", async () => {
    const stdout = new Capture();
    const interrupt = new AbortController();
    const watching = kdeck(db, ["events", "-w"], { stdout, signal: interrupt.signal });
    await new Promise((r) => setTimeout(r, 100));
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    await eventually(() => /Pod\/nginx/.test(stdout.text));
    interrupt.abort();
    expect((await watching).code).toBe(130);
    expect(stdout.text).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
  });

  it("follows a container's log, from the newest line, until ctrl-c", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    await kdeck(db, ["advance", "30s"]);
    const stdout = new Capture();
    const interrupt = new AbortController();
    const following = kdeck(db, ["logs", "-f", "nginx", "--tail", "0"], { stdout, signal: interrupt.signal });
    await new Promise((r) => setTimeout(r, 300));
    expect(stdout.text).toBe("");
    // The container writes again, as seen from another process.
    const store = new SqliteStore(db);
    store.appendLogs([{ namespace: "default", pod: "nginx", container: "nginx", instance: 0, ts: TEST_EPOCH + 40_000, stream: "stdout", text: "GET / 200" }]);
    store.close();
    await eventually(() => stdout.text.includes("GET / 200"));
    interrupt.abort();
    expect((await following).code).toBe(130);
    expect(stdout.text).toBe("GET / 200\n");
  });
});
