import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, NGINX_POD, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("kdeck advance", () => {
  it("moves virtual time by Go durations and says where it is", async () => {
    expect(await kdeck(db, ["advance", "30s"])).toEqual({ code: 0, stdout: "advanced 30s to 2024-01-01T00:00:30Z\n", stderr: "" });
    expect((await kdeck(db, ["advance", "1h30m"])).stdout).toBe("advanced 1h30m to 2024-01-01T01:30:30Z\n");
    expect((await kdeck(db, ["advance", "500ms"])).stdout).toBe("advanced 500ms to 2024-01-01T01:30:30Z\n");
    expect((await kdeck(db, ["get", "nodes", "kdeck-worker-1", "--no-headers"])).stdout).toMatch(/\s90m\s/);
  });

  it("refuses what is not a duration", async () => {
    const r = await kdeck(db, ["advance", "5 minutes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: invalid duration "5 minutes": time: /);
    expect((await kdeck(db, ["advance", "-5m"])).code).toBe(2);
    expect((await kdeck(db, ["advance"])).code).toBe(2);
  });
});

describe("kdeck wait", () => {
  it("fast-forwards until the condition holds", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    expect(await kdeck(db, ["wait", "--for=condition=Ready", "pod/nginx"])).toEqual({ code: 0, stdout: "pod/nginx condition met\n", stderr: "" });
    expect((await kdeck(db, ["wait", "--for=jsonpath={.status.phase}=Running", "pods", "nginx"])).stdout).toBe("pod/nginx condition met\n");
    expect((await kdeck(db, ["wait", "--for=condition=Ready", "pods", "--all"])).stdout).toBe("pod/nginx condition met\n");
  });

  it("times out with kubectl's message", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    const r = await kdeck(db, ["wait", "--for=jsonpath={.status.phase}=Failed", "pod/nginx", "--timeout", "10s"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: "error: timed out waiting for the condition on pods/nginx\n" });
  });

  it("waits for deletion and refuses unknown conditions", async () => {
    expect((await kdeck(db, ["wait", "--for=delete", "pod/gone"])).stdout).toBe("pod/gone condition met\n");
    const missing = await kdeck(db, ["wait", "--for=condition=Ready", "pod/gone"]);
    expect(missing.stderr).toBe('Error from server (NotFound): pods "gone" not found\n');
    const bad = await kdeck(db, ["wait", "pod/x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: unrecognized condition: ""/);
  });
});

describe("kdeck logs and events", () => {
  it("prints a container's log lines, with virtual timestamps on request", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    await kdeck(db, ["advance", "30s"]);
    const all = await kdeck(db, ["logs", "nginx"]);
    expect(all.code).toBe(0);
    expect(all.stdout.split("\n").length).toBeGreaterThan(3);
    const tail = await kdeck(db, ["logs", "pod/nginx", "--tail", "1", "--timestamps"]);
    expect(tail.stdout).toMatch(/^2024-01-01T00:00:\d\d(\.\d+)?Z \S.*\n$/);
    expect((await kdeck(db, ["logs", "nginx", "--since", "1s"])).stdout).toBe("");
    expect(await kdeck(db, ["logs", "nope"])).toEqual({ code: 1, stdout: "", stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n' });
  });

  it("defaults to the first of several containers with kubectl's note", async () => {
    const twoContainers = `apiVersion: v1
kind: Pod
metadata:
  name: pair
spec:
  containers:
  - name: web
    image: nginx:1.27
  - name: cache
    image: redis:7
`;
    await kdeck(db, ["apply", "-f", writeManifest(db, "pair.yaml", twoContainers)]);
    await kdeck(db, ["advance", "30s"]);
    const r = await kdeck(db, ["logs", "pair"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Defaulted container "web" out of: web, cache\n');
    const wrong = await kdeck(db, ["logs", "pair", "-c", "db"]);
    expect(wrong.stderr).toBe("error: container db is not valid for pod pair\n");
    expect((await kdeck(db, ["logs", "pair", "cache"])).code).toBe(0);
  });

  it("lists events oldest first in kubectl events' columns", async () => {
    expect((await kdeck(db, ["events"])).stderr).toBe("No events found in default namespace.\n");
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    await kdeck(db, ["advance", "30s"]);
    const r = await kdeck(db, ["events", "--for", "pod/nginx"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(lines.at(-1)).toMatch(/Normal\s+Started\s+Pod\/nginx\s+Started container nginx$/);
    const all = await kdeck(db, ["events", "-A", "--types=Normal"]);
    expect(all.stdout).toMatch(/^NAMESPACE\s+LAST SEEN/);
    expect(all.stdout).not.toContain("Warning");
    expect((await kdeck(db, ["events", "--types=Bad"])).code).toBe(2);
  });
});
