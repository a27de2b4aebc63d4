import { afterEach, describe, expect, it } from "vitest";
import { TIMINGS } from "../../../src/core/kubelet/index.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { getPod, logText } from "./helpers.js";

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

const DELAY = TIMINGS.volumeRefresh.delayMs;

const CONFIG = (greeting: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {greeting: ${greeting}}
`;

const SECRET = (password: string) => `
apiVersion: v1
kind: Secret
metadata: {name: app-secret}
stringData: {password: ${password}}
`;

const POD = `
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  nodeName: kdeck-worker-1
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "while true; do cat /etc/config/greeting; echo; sleep 5; done"]
    env:
    - name: GREETING
      valueFrom: {configMapKeyRef: {name: app-config, key: greeting}}
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: pinned, mountPath: /etc/pinned, subPath: greeting}
    - {name: secret, mountPath: /etc/secret}
  volumes:
  - name: config
    configMap: {name: app-config}
  - name: pinned
    configMap: {name: app-config}
  - name: secret
    secret: {secretName: app-secret}
`;

function start(): TestCluster {
  const c = createTestCluster();
  cluster = c;
  c.applyYaml(CONFIG("hello") + "---" + SECRET("s3cret") + "---" + POD);
  c.advance(10_000);
  expect(getPod(c, "app").status?.phase).toBe("Running");
  return c;
}

function sh(c: TestCluster, script: string): string {
  return c.kubelet.exec.exec("default", "app", undefined, ["sh", "-c", script]).stdout;
}

describe("ConfigMap and Secret volume updates", () => {
  it("reach a running container's files after the kubelet's delay, not its env, without a restart", () => {
    const c = start();
    expect(sh(c, "cat /etc/config/greeting; echo \" $GREETING\"")).toBe("hello hello\n");

    c.applyYaml(CONFIG("bonjour"));
    c.advance(DELAY - 1_000);
    expect(sh(c, "cat /etc/config/greeting")).toBe("hello");
    c.advance(2_000);
    expect(sh(c, "cat /etc/config/greeting; echo \" $GREETING\"")).toBe("bonjour hello\n");
    // A subPath mount keeps what the container started with.
    expect(sh(c, "cat /etc/pinned/greeting")).toBe("hello");
    expect(getPod(c, "app").status?.containerStatuses?.[0]?.restartCount).toBe(0);

    // The looping `cat` logged the old value until the update, then the new one.
    c.advance(10_000);
    const lines = logText(c, "app");
    expect(lines.at(-1)).toBe("bonjour");
    const first = lines.indexOf("bonjour");
    expect(first).toBeGreaterThan(0);
    expect(lines.slice(0, first).every((l) => l === "hello")).toBe(true);
    expect(lines.slice(first).every((l) => l === "bonjour")).toBe(true);
  });

  it("updates a Secret volume the same way", () => {
    const c = start();
    expect(sh(c, "cat /etc/secret/password")).toBe("s3cret");
    c.applyYaml(SECRET("rotated"));
    c.advance(DELAY / 2);
    expect(sh(c, "cat /etc/secret/password")).toBe("s3cret");
    c.advance(DELAY / 2 + 1_000);
    expect(sh(c, "cat /etc/secret/password")).toBe("rotated");
  });

  it("leaves the files alone when a ConfigMap the pod does not mount changes", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: ConfigMap
metadata: {name: unrelated}
data: {x: "1"}
`);
    c.advance(DELAY + 1_000);
    expect(sh(c, "cat /etc/config/greeting")).toBe("hello");
  });
});
