import fs from "node:fs";
import type { ContainerStatus, Pod } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { CONTAINER_STAGES, POD_STAGES, TIMINGS } from "../../../src/core/kubelet/index.js";
import { createTestCluster, TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";
import { eventLines, expectGolden } from "./helpers.js";

/**
 * Stage golden tests, kwok style: each testdata/stages/<name>.input.yaml is applied to a
 * fresh cluster and run for two minutes of virtual time; every change the kubelet makes to
 * the pod, and the events it records, are compared with <name>.output.txt. Times are
 * offsets from the start (`+1.234s`), taken as each change is written. `UPDATE_GOLDEN=1` rewrites the outputs.
 */
const STAGES_DIR = new URL("./testdata/stages/", import.meta.url);
const inputs = fs.readdirSync(STAGES_DIR).filter((f) => f.endsWith(".input.yaml"));

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

function containerState(s: ContainerStatus): string {
  const st = s.state ?? {};
  if (st.waiting) return `waiting(${st.waiting.reason})`;
  if (st.running) return `running${s.ready ? "" : "(not ready)"}`;
  if (st.terminated) return `terminated(${st.terminated.reason}, ${st.terminated.exitCode})`;
  return "unknown";
}

function summary(pod: Pod): string {
  const s = pod.status ?? {};
  const containers = [...(s.initContainerStatuses ?? []).map((c) => `init:${c.name}`), ...(s.containerStatuses ?? []).map((c) => c.name)];
  const states = [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])].map(
    (c, i) => `${containers[i]}=${containerState(c)}${c.restartCount ? ` restarts=${c.restartCount}` : ""}`,
  );
  const conditions = (s.conditions ?? []).filter((c) => c.status === "True").map((c) => c.type);
  return [s.phase ?? "-", s.podIP ?? "-", states.join(" "), `[${conditions.join(",")}]`].join("  ");
}

describe("kubelet stages", () => {
  it("is a table of rows whose delays name a timing or a built-in", () => {
    const builtIn = new Set(["immediate", "process", "exit", "probe", "hook", "backOff", "gracePeriod"]);
    for (const row of [...POD_STAGES, ...CONTAINER_STAGES]) expect(builtIn.has(row.delay) || row.delay in TIMINGS).toBe(true);
  });

  it.each(inputs)("%s", (input) => {
    const c = (cluster = createTestCluster());
    const trace: string[] = [];
    let last = "";
    // Taken as each change is written: the engine may commit a whole advance at once.
    const stop = c.store.onWrite((ev) => {
      if (ev.resource !== "pods") return;
      const line = summary(asKind<Pod>(ev.object));
      if (line === last) return;
      last = line;
      trace.push(`+${((c.clock.now() - TEST_EPOCH) / 1000).toFixed(3)}s  ${line}`);
    });
    const [pod] = c.applyYaml(fs.readFileSync(new URL(input, STAGES_DIR), "utf8"));
    c.advance(120_000);
    stop();
    const events = eventLines(c, pod!.metadata.name!);
    const out = ["# pod", ...trace, "", "# events", ...events, ""].join("\n");
    expectGolden(`stages/${input.replace(".input.yaml", ".output.txt")}`, out);
  });
});
