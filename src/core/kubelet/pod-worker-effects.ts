import { rfc3339 } from "../engine/clock.js";
import { internalIP, podEvent, type ContainerEffect, type PodEffect } from "./effects-common.js";
import { CONTAINER_RUN_EFFECTS } from "./effects-container.js";
import { STOP_EFFECTS } from "./effects-stop.js";
import { missingVolume } from "./guards.js";
import { initialWaitingReason } from "./pod-status.js";
import { waitingStatus } from "./pod-status.js";
import { PROBE_EFFECTS } from "./probes.js";

/**
 * What happens when a stage-table row fires, by row name: the status it reports, the
 * events it records (worded as the 1.33 kubelet words them) and the log lines written.
 * An effect returning false did not happen (the sandbox found no free IP, say): the
 * row stays in its state and is tried again after its delay.
 */
export { EXIT_CODE_SIGKILL, flushLogs, formatGoDuration, type ContainerEffect, type PodEffect } from "./effects-common.js";

export const POD_EFFECTS: Readonly<Record<string, PodEffect>> = {
  accept(w, run, at) {
    const hostIP = internalIP(run.node);
    run.touched = true;
    run.draft.startTime = rfc3339(at);
    if (hostIP) {
      run.draft.hostIP = hostIP;
      run.draft.hostIPs = [{ ip: hostIP }];
    }
    const reason = initialWaitingReason(run.pod);
    for (const c of w.containers) if (!w.statusOf(run, c)) w.setStatus(run, c, waitingStatus(c.spec, reason));
  },
  mountFailed(w, run) {
    const missing = missingVolume(w, run);
    if (missing) podEvent(w, run, "Warning", "FailedMount", `MountVolume.SetUp failed for volume "${missing.volume}" : ${missing.message}`);
  },
  sandbox(w, run) {
    const ip = run.pod.spec?.hostNetwork ? run.draft.hostIP : w.deps.ips.allocate(run.key, run.node);
    if (!ip) {
      const range = w.deps.ips.rangeOf(run.node) ?? run.node.spec?.podCIDR ?? "<none>";
      podEvent(w, run, "Warning", "FailedCreatePodSandBox",
        `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${range}`);
      return false;
    }
    run.touched = true;
    run.draft.podIP = ip;
    run.draft.podIPs = [{ ip }];
  },
  finish(w, run) {
    w.deps.ips.release(run.key);
  },
  remove(w, run) {
    w.deps.ips.release(run.key);
    run.remove = true;
  },
};

export const CONTAINER_EFFECTS: Readonly<Record<string, ContainerEffect>> = {
  ...CONTAINER_RUN_EFFECTS,
  ...STOP_EFFECTS,
  ...PROBE_EFFECTS,
};

