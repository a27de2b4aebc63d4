import type { Pod } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { Rng } from "../engine/rand.js";
import { objectKey } from "../engine/reconciler.js";
import type { ContainerMemo } from "./container-memo.js";
import type { ExecJournal } from "./exec-journal.js";
import type { KubeletReconciler } from "./kubelet-reconciler.js";
import { PodWorker, type PodWorkerDeps } from "./pod-worker.js";
import type { ExecOutcome } from "./runtime.js";

/** What a command run in a container printed, and its exit code. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** An interactive shell in a container (`kubectl exec -it POD -- sh`): variables and cwd persist between lines. */
export interface ShellSession {
  run(line: string): ExecResult;
  readonly cwd: string;
  /** `/ # ` (busybox sh) or `root@POD:/# ` (bash). */
  readonly prompt: string;
  /** True once the shell ran `exit`. */
  readonly closed: boolean;
  close(): void;
}

/** An exec refused, worded as kubectl words it (`error: …`). */
export class ExecError extends Error {}

/**
 * `kubectl exec`: runs a command in a container's interpreter and filesystem at the
 * current virtual time. In the process that runs the kubelets it acts on the live
 * container; elsewhere on a replica rebuilt by replay. Either way what it changes in the
 * filesystem goes to the exec journal, so the live container (the engine's leader reads
 * the journal) and every later replay see it.
 */
export class ExecService {
  constructor(
    private readonly ctx: EngineContext,
    private readonly kubelet: KubeletReconciler,
    private readonly deps: Omit<PodWorkerDeps, "events" | "logs" | "api">,
    private readonly journal: ExecJournal,
  ) {}

  exec(namespace: string, pod: string, container: string | undefined, argv: readonly string[], opts: { stdin?: string } = {}): ExecResult {
    const { worker, memo, uid } = this.find(namespace, pod, container);
    const now = this.ctx.clock.now();
    const r = memo.process!.exec(argv, now, { ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
    this.record(uid, memo, now, r);
    void worker;
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }

  openShell(namespace: string, pod: string, container: string | undefined): ShellSession {
    const { memo, uid } = this.find(namespace, pod, container);
    const process = memo.process!;
    const state = process.openShell(this.ctx.clock.now());
    const busybox = process.spec.program.userland === "busybox";
    const hostname = process.spec.program.hostname;
    let closed = false;
    const record = (now: number, r: ExecOutcome) => this.record(uid, memo, now, r);
    const clock = this.ctx.clock;
    return {
      run(line: string): ExecResult {
        if (closed) return { stdout: "", stderr: "error: the shell session is closed\n", exitCode: 1 };
        const now = clock.now();
        const r = process.exec({ script: line }, now, { shell: state });
        record(now, r);
        if (state.exited) closed = true;
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      },
      get cwd() {
        return state.shell.cwd;
      },
      get prompt() {
        const cwd = state.shell.cwd;
        return busybox ? `${cwd} # ` : `root@${hostname}:${cwd}# `;
      },
      get closed() {
        return closed;
      },
      close() {
        closed = true;
      },
    };
  }

  private record(uid: string, memo: ContainerMemo, at: number, r: ExecOutcome): void {
    if (r.ops.length === 0) return;
    this.journal.append(uid, { at, container: memo.spec.name, instance: memo.instance, ops: r.ops });
    this.kubelet.journalSeen(uid);
  }

  /** The running container an exec goes to, or kubectl's refusal. */
  private find(namespace: string, name: string, container: string | undefined): { worker: PodWorker; memo: ContainerMemo; uid: string } {
    const obj = this.ctx.api.get("pods", namespace, name);
    const pod = asKind<Pod>(obj);
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") throw new ExecError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
    const wanted = container ?? pod.metadata?.annotations?.["kubectl.kubernetes.io/default-container"] ?? pod.spec?.containers?.[0]?.name ?? "";
    const key = objectKey(namespace, name);
    const now = this.ctx.clock.now();
    const worker =
      this.kubelet.liveWorker(key, pod.metadata?.uid ?? "") ??
      new PodWorker(pod, now, Rng.fromSeed(1), { ...this.deps, api: this.ctx.api, events: this.ctx.events, logs: { append: () => {}, read: () => [], forget: () => {} }, journal: this.journal });
    const memo = worker.containers.find((c) => c.spec.name === wanted);
    if (!memo || !memo.process || memo.process.exit || !["Running", "PreStop", "Stopping"].includes(memo.state)) {
      throw new ExecError(`error: unable to upgrade connection: container not found ("${wanted}")`);
    }
    // The live container catches up to now before the command looks at it.
    worker.advanceProcesses(now, true);
    if (memo.process.exit) throw new ExecError(`error: unable to upgrade connection: container not found ("${wanted}")`);
    return { worker, memo, uid: pod.metadata?.uid ?? "" };
  }
}
