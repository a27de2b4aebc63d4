import { afterEach } from "vitest";
import { createTestCluster, type TestCluster, type TestClusterOptions } from "./cluster.js";

/** Starts a test's cluster: `yaml` applied (and settled) when given; `opts` over the file's defaults. */
export type StartCluster = (yaml?: string, opts?: TestClusterOptions) => TestCluster;

/**
 * One test cluster per test, closed after it. Call once at the top of a test file
 * (`const start = clusterPerTest({ workers: 1 })`), then `const c = start(manifests)` in
 * each test.
 */
export function clusterPerTest(defaults: TestClusterOptions = {}): StartCluster {
  const open: TestCluster[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  return (yaml, opts) => {
    const cluster = createTestCluster({ ...defaults, ...opts });
    open.push(cluster);
    if (yaml) cluster.applyYaml(yaml);
    return cluster;
  };
}
