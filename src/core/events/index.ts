import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import { EventTTLReconciler } from "./event-ttl.js";

export { ApiEventRecorder, EVENT_CACHE_SIZE } from "./recorder.js";
export { EventTTLReconciler, EVENT_TTL_MS } from "./event-ttl.js";

/** The reconcilers that keep Events tidy, for the engine to register. */
export function eventReconcilers(ctx: EngineContext): Reconciler[] {
  return [new EventTTLReconciler(ctx.api, ctx.clock)];
}
