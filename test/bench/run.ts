import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyAndAdvance, getPodsProcess, schedulerThroughput, storeWrites } from "./foundation.js";
import { met, type Figure } from "./harness.js";

/**
 * `npm run bench`: prints kdeck's speed figures on this machine, each with its goal.
 * Pass section names to run only some: `npm run bench -- store scheduler`.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const binary = path.join(root, "bin", "kdeck.js");

const sections: Record<string, () => Figure | Figure[]> = {
  store: storeWrites,
  scheduler: schedulerThroughput,
  apply: applyAndAdvance,
  get: () => getPodsProcess(binary),
};

const wanted = process.argv.slice(2).filter((a) => a in sections);
const figures: Figure[] = [];
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  figures.push(...[run()].flat());
}
const missed = figures.filter((f) => !met(f));
process.stdout.write(`\n${figures.length - missed.length} of ${figures.length} figures within their goals\n`);
