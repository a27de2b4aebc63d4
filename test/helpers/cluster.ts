import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../../src/core/api/object.js";
import { kindForObject, resourceOf } from "../../src/core/api/registry.js";
import { bootstrapCluster, type BootstrapOptions } from "../../src/core/bootstrap.js";
import { createControlPlane, type ControlPlane } from "../../src/core/control-plane.js";
import { EngineClock } from "../../src/core/engine/clock.js";
import { SqliteStore } from "../../src/persistence/sqlite-store.js";

/** 2024-01-01T00:00:00Z: every test cluster starts at the same virtual instant. */
export const TEST_EPOCH = Date.UTC(2024, 0, 1);

export interface TestCluster extends ControlPlane {
  store: SqliteStore;
  clock: EngineClock;
  /** Runs every reconciler until nothing is due at the current virtual time. */
  settle(): void;
  /** Fast-forwards virtual time, running every timer on the way. */
  advance(ms: number): void;
  /** Creates or replaces each document (default namespace when none), then settles. */
  applyYaml(text: string): KubeObject[];
  close(): void;
}

export interface TestClusterOptions extends BootstrapOptions {
  /** SQLite file; defaults to an in-memory database. */
  file?: string;
  seed?: number;
}

/**
 * A real cluster for tests: the SQLite store (in memory unless a file is given), a
 * paused clock at {@link TEST_EPOCH}, a fixed seed, and a started engine. By default
 * it has the standard nodes (a control plane and three workers); pass `empty: true`
 * for none, or `workers: N`.
 */
export function createTestCluster(opts: TestClusterOptions = {}): TestCluster {
  const store = new SqliteStore(opts.file ?? ":memory:");
  const clock = new EngineClock(TEST_EPOCH);
  const cp = createControlPlane(store, clock, { seed: opts.seed ?? 42 });
  bootstrapCluster(cp.api, clock.now(), opts);
  cp.engine.start();
  cp.engine.settle();
  return {
    ...cp,
    store,
    clock,
    settle: () => void cp.engine.settle(),
    advance: (ms) => cp.engine.advance(ms),
    applyYaml(text) {
      const out: KubeObject[] = [];
      for (const doc of parseAllDocuments(text)) {
        const obj = doc.toJS() as KubeObject | null;
        if (!obj) continue;
        const kind = kindForObject(obj.apiVersion, obj.kind);
        const ns = kind.namespaced ? (obj.metadata.namespace ?? "default") : "";
        const withNs = kind.namespaced ? { ...obj, metadata: { ...obj.metadata, namespace: ns } } : obj;
        const existing = cp.api.tryGet(resourceOf(kind), ns, obj.metadata.name!);
        out.push(existing ? cp.api.update({ ...withNs, metadata: { ...withNs.metadata, resourceVersion: existing.metadata.resourceVersion } }) : cp.api.create(withNs));
      }
      cp.engine.settle();
      return out;
    },
    close() {
      cp.engine.stop();
      store.close();
    },
  };
}
