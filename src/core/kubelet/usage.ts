import type { Container, Pod } from "kubernetes-types/core/v1";
import { bytes, cpuMillis } from "../quantity.js";
import { lookupProgram, type Usage } from "./catalogue/index.js";
import { hexHash } from "./images.js";
import { cpuSchedule, firstAbove, memorySchedule, scheduleAt } from "./sim-annotations.js";

/**
 * What a running container uses: `sim.kdeck.dev/cpu` and `/memory` when set, else what
 * its program's arguments ask for (`stress --vm-bytes 250M`), else its program's
 * baseline from the catalogue, with a small steady wobble so `top` looks alive. CPU
 * never goes over the container's limit (it is throttled); memory over the limit is an
 * OOM kill (see {@link oomAfter}). A pure function of the spec and times; a serving
 * container's share of its workload's `sim.kdeck.dev/load` (load.ts), when given,
 * replaces its CPU.
 */
export function containerUsage(pod: Pod, container: Container, argv: readonly string[], startedAt: number, now: number, loadShareMillis?: number): Usage {
  const ms = Math.max(0, now - startedAt);
  const cpuS = cpuSchedule(pod, container.name);
  const memS = memorySchedule(pod, container.name);
  const base = programUsage(argv);
  const wobble = (salt: string) => {
    const h = parseInt(hexHash(`${pod.metadata?.uid ?? ""}/${container.name}/${salt}/${Math.floor(now / 15_000)}`, 6), 16);
    return 0.95 + (h % 1000) / 10_000;
  };
  // A share of the workload's scripted traffic (load.ts) is what a serving container does.
  let cpu = loadShareMillis ?? (cpuS ? scheduleAt(cpuS, ms) : base.cpuMillis * wobble("cpu"));
  const memory = memS ? scheduleAt(memS, ms) : base.memoryBytes * wobble("mem");
  const limit = container.resources?.limits?.cpu;
  if (limit !== undefined) cpu = Math.min(cpu, cpuMillis(limit));
  return { cpuMillis: Math.round(cpu), memoryBytes: Math.round(memory) };
}

/** How long after start the container's memory first passes its limit, or undefined. */
export function oomAfter(pod: Pod, container: Container, argv: readonly string[]): number | undefined {
  const limit = container.resources?.limits?.memory;
  if (limit === undefined) return undefined;
  const max = bytes(limit);
  const memS = memorySchedule(pod, container.name);
  if (memS) return firstAbove(memS, max);
  // A program that allocates what its arguments say does so at once: killed a moment later.
  return programUsage(argv).memoryBytes > max ? 100 : undefined;
}

/** A program's own use: the catalogue's baseline, or what `stress` was told to use. */
export function programUsage(argv: readonly string[]): Usage {
  const match = lookupProgram(argv);
  const base = match?.program.usage ?? { cpuMillis: 1, memoryBytes: 1_500_000 };
  if (match?.name !== "stress") return base;
  const flag = (names: string[]) => {
    for (let i = 0; i < argv.length; i++) {
      for (const n of names) {
        if (argv[i] === n) return argv[i + 1];
        if (argv[i]!.startsWith(`${n}=`)) return argv[i]!.slice(n.length + 1);
      }
    }
    return undefined;
  };
  let cpu = 0;
  let memory = base.memoryBytes;
  const workers = Number(flag(["--cpu", "-c"]) ?? 0) + Number(flag(["-cpus"]) ?? 0);
  cpu += workers * 1000;
  const vm = Number(flag(["--vm", "-m"]) ?? 0);
  const vmBytes = flag(["--vm-bytes"]);
  // stress's sizes are binary (`150M` is 150 MiB).
  if (vm > 0) memory += vm * (vmBytes ? bytes(vmBytes.replace(/([KMG])$/i, "$1i").replace(/([kmg])i$/, (m) => m.toUpperCase())) : 256 * 1024 * 1024);
  const memTotal = flag(["-mem-total"]);
  if (memTotal) memory += bytes(memTotal);
  if (vm > 0) cpu += vm * 1000;
  return { cpuMillis: cpu || base.cpuMillis, memoryBytes: memory };
}
