import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** One measured figure, printed as a line and checked against its goal. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** `>=` goals are throughputs, `<` goals are latencies. */
  goal?: { op: ">=" | "<"; value: number };
}

export function report(f: Figure): Figure {
  const goal = f.goal ? `  (goal ${f.goal.op} ${fmt(f.goal.value)} ${f.unit}: ${met(f) ? "met" : "NOT met"})` : "";
  process.stdout.write(`${f.name.padEnd(58)} ${fmt(f.value).padStart(12)} ${f.unit}${goal}\n`);
  return f;
}

export function met(f: Figure): boolean {
  if (!f.goal) return true;
  return f.goal.op === ">=" ? f.value >= f.goal.value : f.value < f.goal.value;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kdeck-bench-${prefix}-`));
}

export function seconds(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
