/**
 * What a row or cell means, not how it looks: components map tones to colours in one
 * place (components/theme.ts).
 */
export type Tone = "normal" | "ok" | "warn" | "error" | "dim" | "info" | "accent" | "terminating";

/** The tone of a pod STATUS as `kubectl get pods` prints it. */
export function podStatusTone(status: string, ready: boolean): Tone {
  if (status === "Running") return ready ? "ok" : "warn";
  if (status === "Completed" || status === "Succeeded") return "dim";
  if (status === "Terminating") return "terminating";
  if (status.startsWith("Init:")) return /Error|BackOff|Err|ExitCode|Signal/.test(status) ? "error" : "warn";
  if (["Pending", "ContainerCreating", "PodInitializing", "NotReady", "SchedulingGated"].includes(status)) return "warn";
  return "error";
}
