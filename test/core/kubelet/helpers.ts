import fs from "node:fs";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { expect } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import type { TestCluster } from "../../helpers/cluster.js";

/** The pod as stored now. */
export function getPod(c: TestCluster, name: string, namespace = "default"): Pod {
  return asKind<Pod>(c.api.get("pods", namespace, name));
}

/** The events about an object, oldest first, as `Reason: message` lines (`(xN)` when aggregated). */
export function eventLines(c: TestCluster, name: string): string[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.name === name)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.reason}: ${e.message}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ""}`);
}

/** Log lines of a pod's container, as text. */
export function logText(c: TestCluster, pod: string, container?: string): string[] {
  return c.ctx.logs.read({ namespace: "default", pod, ...(container ? { container } : {}) }).map((l) => l.text);
}

/**
 * Compares with testdata/<name>; `UPDATE_GOLDEN=1 npx vitest run …` rewrites the file
 * instead (kwok's `-update`).
 */
export function expectGolden(name: string, actual: string): void {
  const file = new URL(`./testdata/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN) {
    fs.writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
}

/** A pod manifest bound to a node, with one container. */
export function podYaml(opts: {
  name: string;
  node?: string;
  image?: string;
  command?: string[];
  restartPolicy?: string;
  grace?: number;
  pullPolicy?: string;
}): string {
  const lines = [
    "apiVersion: v1",
    "kind: Pod",
    `metadata: {name: ${opts.name}}`,
    "spec:",
    `  nodeName: ${opts.node ?? "kdeck-worker-1"}`,
    ...(opts.restartPolicy ? [`  restartPolicy: ${opts.restartPolicy}`] : []),
    ...(opts.grace !== undefined ? [`  terminationGracePeriodSeconds: ${opts.grace}`] : []),
    "  containers:",
    `  - name: ${opts.name.replace(/-\d+$/, "")}`,
    `    image: ${JSON.stringify(opts.image ?? "nginx:1.25")}`,
    ...(opts.pullPolicy ? [`    imagePullPolicy: ${opts.pullPolicy}`] : []),
    ...(opts.command ? [`    command: ${JSON.stringify(opts.command)}`] : []),
  ];
  return lines.join("\n");
}
