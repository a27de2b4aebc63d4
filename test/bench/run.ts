import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyAndAdvance, getPodsProcess, schedulerThroughput, storeWrites } from "./foundation.js";
import { consoleFigures } from "./console.js";
import { logIngest, memoryFootprint, probesSpeed } from "./containers.js";
import { met, type Figure } from "./harness.js";
import { schedulerPolicyThroughput } from "./scheduler-policy.js";
import { drainNode } from "./drain.js";
import { watchFolder } from "./watch.js";
import { deploymentRollout } from "./workloads.js";

/**
 * `npm run bench`: prints kdeck's speed figures on this machine, each with its goal.
 * Pass section names to run only some: `npm run bench -- store scheduler`.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const binary = path.join(root, "bin", "kdeck.js");

const sections: Record<string, () => Figure | Figure[] | Promise<Figure[]>> = {
  store: storeWrites,
  scheduler: () => [schedulerThroughput(), ...schedulerPolicyThroughput()],
  apply: applyAndAdvance,
  get: () => getPodsProcess(binary),
  probes: probesSpeed,
  logs: logIngest,
  memory: memoryFootprint,
  watch: watchFolder,
  console: () => consoleFigures(binary),
  rollout: deploymentRollout,
  drain: drainNode,
};

const wanted = process.argv.slice(2).filter((a) => a in sections);
const figures: Figure[] = [];
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  figures.push(...[await run()].flat());
}
const missed = figures.filter((f) => !met(f));
process.stdout.write(`\n${figures.length - missed.length} of ${figures.length} figures within their goals\n`);
