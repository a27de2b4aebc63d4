/**
 * Durations as kubectl prints them (k8s.io/apimachinery/pkg/util/duration), and the
 * "how long ago" helper every AGE column uses. Ages come from the virtual clock the
 * caller passes, never from the wall clock.
 */
import { parseTime } from "../engine/clock.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's integer division of durations truncates toward zero. */
function whole(ms: number, unit: number): number {
  return Math.trunc(ms / unit);
}

/**
 * A succinct duration with about two significant figures, as apimachinery's
 * `HumanDuration`: `45s`, `119s`, `3m20s`, `15m`, `5h`, `2d3h`, `400d`, `3y12d`.
 * Up to a second in the future reads `0s` (clock skew); further is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${whole(hours, 24)}d` : `${whole(hours, 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${whole(hours, 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = whole(hours, 24) % 365;
    const y = whole(hours, 24 * 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${whole(hours, 24 * 365)}y`;
}

/**
 * One unit only, as apimachinery's `ShortHumanDuration`: `45s`, `3m`, `5h`, `2d`, `3y`.
 * kubectl uses it where space is tight (rollout history, `top`), not for AGE columns.
 */
export function shortHumanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${whole(hours, 24)}d`;
  return `${whole(hours, 24 * 365)}y`;
}

/**
 * How long before `now` a Kubernetes timestamp was, as `translateTimestampSince`
 * prints it; `<unknown>` for an absent or unparsable timestamp.
 */
export function timestampSince(timestamp: string | undefined | null, now: number): string {
  const t = parseTime(timestamp ?? undefined);
  if (Number.isNaN(t)) return "<unknown>";
  return humanDuration(now - t);
}
