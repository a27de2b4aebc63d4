import type { Event, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { describeProbe } from "../../../src/client/describe/container.js";
import { describePod, formatToleration } from "../../../src/client/describe/pod.js";
import { expectGolden, readFixture } from "../output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);
const pod = readFixture<Pod>(new URL("./testdata/pod-full.json", import.meta.url));
const events = readFixture<Event[]>(new URL("./testdata/pod-full-events.json", import.meta.url));
const tablePods = readFixture<Pod[]>(new URL("../../core/printers/testdata/pods.json", import.meta.url));
const tableEvents = readFixture<Event[]>(new URL("../../core/printers/testdata/events.json", import.meta.url));
const tablePod = (name: string): Pod => tablePods.find((p) => p.metadata?.name === name)!;

describe("describePod", () => {
  it("describes a running pod with init containers, probes, env, volumes and events", () => {
    expectGolden(new URL("./testdata/describe-pod.golden", import.meta.url), describePod(pod, events, { now: NOW }));
  });

  it("describes a pending pod the scheduler could not place", () => {
    const evs = tableEvents.filter((e) => e.involvedObject.name === "web-pending");
    expectGolden(new URL("./testdata/describe-pod-pending.golden", import.meta.url), describePod(tablePod("web-pending"), evs, { now: NOW }));
  });

  it("shows a deleting pod as Terminating with its grace period", () => {
    const out = describePod(tablePod("web-terminating"), [], { now: NOW });
    expect(out).toContain("Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n");
    expect(out).toMatch(/\nEvents: +<none>\n$/);
  });

  it("does not change the pod it describes", () => {
    const frozen = structuredClone(pod);
    const deepFreeze = (o: unknown): void => {
      if (o && typeof o === "object") {
        Object.freeze(o);
        Object.values(o).forEach(deepFreeze);
      }
    };
    deepFreeze(frozen);
    expect(() => describePod(frozen as Pod, Object.freeze([...events]), { now: NOW })).not.toThrow();
  });
});

describe("describeProbe", () => {
  it.each([
    [{ httpGet: { path: "/healthz", port: 8080 }, initialDelaySeconds: 3, periodSeconds: 3 }, "http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3"],
    [{ httpGet: { path: "/", port: "https", scheme: "HTTPS", host: "10.0.0.1" } }, "http-get https://10.0.0.1:https/ delay=0s timeout=1s period=10s #success=1 #failure=3"],
    [{ tcpSocket: { port: 6379 }, timeoutSeconds: 5 }, "tcp-socket :6379 delay=0s timeout=5s period=10s #success=1 #failure=3"],
    [{ exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 }, "exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3"],
    [{ grpc: { port: 2379 } }, "grpc <pod>:2379  delay=0s timeout=1s period=10s #success=1 #failure=3"],
  ])("%j", (probe, want) => {
    expect(describeProbe(probe)).toBe(want);
  });
});

describe("formatToleration", () => {
  it.each([
    [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }, "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s"],
    [{ key: "dedicated", operator: "Equal", value: "web", effect: "NoSchedule" }, "dedicated=web:NoSchedule"],
    [{ operator: "Exists" }, "op=Exists"],
    [{ key: "gpu", operator: "Exists" }, "gpu op=Exists"],
  ])("%j", (t, want) => {
    expect(formatToleration(t)).toBe(want);
  });

  it("shows a StatefulSet pod's DNS name after its IPs only when its headless Service exists", () => {
    const web0: Pod = { ...pod, metadata: { ...pod.metadata, name: "web-0", namespace: "default" }, spec: { ...pod.spec!, hostname: "web-0", subdomain: "nginx" } };
    const out = describePod(web0, [], { now: NOW }, { headlessSubdomain: true });
    expect(out).toMatch(/\nIPs:\n(?: +IP: +\S+\n)+DNS Name: +web-0\.nginx\.default\.svc\.cluster\.local\n/);
    expect(describePod(web0, [], { now: NOW })).not.toContain("DNS Name:");
    expect(describePod(pod, [], { now: NOW }, { headlessSubdomain: true })).not.toContain("DNS Name:");
  });
});
