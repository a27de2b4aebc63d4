import type Database from "better-sqlite3";

/**
 * Schema migrations, keyed on `PRAGMA user_version`. Each entry moves the database
 * from version i to i+1; never edit a released step, add a new one.
 *
 * Objects live in the change log: `changes` holds every revision (the global
 * resourceVersion is its rowid) and `objects` points each live key at its newest
 * revision, so a write stores its JSON once. Compaction drops revisions no live
 * object points at, as etcd's does.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE changes (
    rv INTEGER PRIMARY KEY,
    type INTEGER NOT NULL,          -- 0 ADDED, 1 MODIFIED, 2 DELETED
    resource TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TABLE objects (
    resource TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    rv INTEGER NOT NULL,
    PRIMARY KEY (resource, namespace, name)
  ) WITHOUT ROWID;
  CREATE INDEX objects_by_rv ON objects(rv);
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE logs (
    id INTEGER PRIMARY KEY,
    namespace TEXT NOT NULL,
    pod TEXT NOT NULL,
    container TEXT NOT NULL,
    instance INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    stream INTEGER NOT NULL,        -- 0 stdout, 1 stderr
    line TEXT NOT NULL
  );
  CREATE INDEX logs_by_container ON logs(namespace, pod, container, instance, id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `this cluster database was written by a newer kdeck (schema ${current}, this kdeck knows ${SCHEMA_VERSION}); upgrade kdeck to open it`,
    );
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
