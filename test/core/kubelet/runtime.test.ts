import type { Container, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { SimpleRuntime } from "../../../src/core/kubelet/runtime.js";
import { SIMPLE_PROGRAM_RUN_MS } from "../../../src/core/kubelet/stages.js";

const runtime = new SimpleRuntime();
const T0 = Date.UTC(2024, 0, 1);

function run(container: Partial<Container>) {
  const c = { name: "c", image: "busybox:1.36", ...container };
  return runtime.process({ pod: { metadata: { name: "p" }, spec: { containers: [c] } } as Pod, container: c, startedAt: T0, restartCount: 0 });
}

describe("SimpleRuntime", () => {
  it("echoes and exits with the script's code after the short run time", () => {
    const p = run({ command: ["sh", "-c", "echo hello; exit 3"] });
    expect(p.output).toEqual([{ afterMs: 0, stream: "stdout", text: "hello" }]);
    expect(p.exit).toEqual({ afterMs: SIMPLE_PROGRAM_RUN_MS, code: 3 });
    expect(p.exitsOnTerm).toBe(true);
  });

  it("takes command and args together, as the kubelet does", () => {
    const p = run({ command: ["/bin/sh", "-c"], args: ['echo "a b"; sleep 5; echo done && exit 0'] });
    expect(p.output.map((l) => [l.afterMs, l.text])).toEqual([
      [0, "a b"],
      [5000, "done"],
    ]);
    expect(p.exit).toEqual({ afterMs: 5000, code: 0 });
  });

  it("runs `while` loops, `sleep infinity` and `tail -F` until stopped", () => {
    expect(run({ command: ["sh", "-c", "while true; do echo hi; sleep 1; done"] }).exit).toBeUndefined();
    expect(run({ command: ["sleep", "infinity"] }).exit).toBeUndefined();
    expect(run({ command: ["sh", "-c", "tail -F /opt/logs.txt"] }).exit).toBeUndefined();
  });

  it("runs a program it does not know for the short run time, exiting 0", () => {
    expect(run({ command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"] }).exit).toEqual({ afterMs: SIMPLE_PROGRAM_RUN_MS, code: 0 });
    expect(run({ command: ["sh", "-c", "false"] }).exit?.code).toBe(1);
  });

  it("prints `date` like busybox, at the virtual time it runs", () => {
    expect(run({ args: ["date"], command: ["sh", "-c"] }).output[0]?.text).toBe("Mon Jan  1 00:00:00 UTC 2024");
  });

  it("treats a container without a command as a server: it runs until stopped and waits for SIGKILL", () => {
    const nginx = run({ image: "nginx:1.25" });
    expect(nginx.exit).toBeUndefined();
    expect(nginx.exitsOnTerm).toBe(false);
    expect(nginx.output.map((l) => l.text)).toContain("2024/01/01 00:00:00 [notice] 1#1: nginx/1.25.0");
    expect(run({ image: "redis:7" }).output).toEqual([]);
  });

  it("gives every image a stable size", () => {
    const ref = { repository: "docker.io/library/nginx", tag: "1.25" };
    expect(runtime.image(ref).sizeBytes).toBe(runtime.image(ref).sizeBytes);
    expect(runtime.image(ref).sizeBytes).toBeGreaterThan(1_000_000);
  });
});
