/**
 * Golden files for output whose layout matters: compared byte for byte, rewritten
 * with UPDATE_GOLDEN=1 (then review the diff before committing).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** Compares `actual` with the golden file at `url` (a `new URL("./testdata/x.golden", import.meta.url)`). */
export function expectGolden(url: URL, actual: string): void {
  const path = fileURLToPath(url);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** Reads a JSON fixture next to the test. */
export function readFixture<T>(url: URL): T {
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as T;
}
