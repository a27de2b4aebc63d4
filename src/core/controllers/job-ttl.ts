import type { Job } from "kubernetes-types/batch/v1";
import { isApiError } from "../api/errors.js";
import { asKind } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { finishedCondition } from "./job-status.js";

const JOBS = "jobs.batch";

/** A finished Job with a TTL: the only Jobs this controller looks at. */
function expires(job: Job): boolean {
  return typeof job.spec?.ttlSecondsAfterFinished === "number" && !!finishedCondition(job) && !job.metadata?.deletionTimestamp;
}

/**
 * The TTL-after-finished controller: a Job with `ttlSecondsAfterFinished` is deleted
 * (with foreground propagation, its pods first) that many seconds after it completed
 * or failed. It keeps no state: the expiry is read from the Job's terminal condition.
 */
export class JobTTLReconciler implements Reconciler {
  readonly name = "ttl-after-finished-controller";
  readonly watches = [
    {
      resource: JOBS,
      keys: (ev: WatchEvent) => (ev.type !== "DELETED" && expires(asKind<Job>(ev.object)) ? [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)] : []),
    },
  ];

  constructor(private readonly ctx: EngineContext) {}

  *initialKeys(): Iterable<string> {
    for (const j of this.ctx.api.list(JOBS)) if (expires(asKind<Job>(j))) yield objectKey(j.metadata.namespace, j.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(JOBS, namespace, name);
    if (!obj) return;
    const job = asKind<Job>(obj);
    if (!expires(job)) return;
    const finishedAt = parseTime(finishedCondition(job)?.lastTransitionTime);
    const expireAt = finishedAt + job.spec!.ttlSecondsAfterFinished! * 1000;
    const now = this.ctx.clock.now();
    if (Number.isNaN(finishedAt) || now < expireAt) return Number.isNaN(finishedAt) ? undefined : { requeueAfter: expireAt - now };
    try {
      this.ctx.api.delete(JOBS, namespace, name, { propagationPolicy: "Foreground", preconditionResourceVersion: obj.metadata.resourceVersion });
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }
}
