import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrate } from "../../src/db/migrate";
import { openDatabase } from "../../src/db/open-node";

/**
 * Vitest's global setup: one migrated database to copy, made once for the whole run instead of once per test
 * file. A new PGlite spends seconds in initdb (tens of seconds on a loaded machine) before the migrations
 * even start; restoring a dump of a migrated one takes a fraction of that. On Postgres, each file's database is
 * created from a migrated template database. Both are named after the migrations and the PGlite version they
 * were made from, so a changed migration makes new ones, and runs from other checkouts sharing the machine
 * and the server keep theirs. What no run has used for a day is removed.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** A tarball of a migrated PGlite data directory (PGlite's dumpDataDir). */
    pgliteDump: string;
    /** The migrated template database on the TEST_DATABASE_URL server, when it is set. */
    postgresTemplate: string | undefined;
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const STALE_MS = 24 * 3600_000;

function templateKey(): string {
  const h = createHash("sha256");
  const migrations = join(root, "migrations");
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
      .sort();
  for (const f of files(migrations)) h.update(f.slice(migrations.length)).update(readFileSync(f));
  // The data directory's format is PGlite's (its Postgres major and build).
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  h.update(readFileSync(join(dirname(pglite), "../package.json")));
  return h.digest("hex").slice(0, 16);
}

/** A migrated PGlite's dump, made in a child process: initdb's WebAssembly heap is never given back. */
async function pgliteDump(key: string): Promise<string> {
  const dir = join(tmpdir(), "duban-test");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pglite-${key}.tar`);
  for (const f of readdirSync(dir)) {
    const path = join(dir, f);
    if (path !== file && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
  }
  try {
    const now = new Date();
    utimesSync(file, now, now);
    return file;
  } catch {
    // not made yet
  }
  // The same script makes the service's own template at install (scripts/build.mjs).
  await promisify(execFile)(process.execPath, [join(root, "scripts/pglite-template.mjs"), file], {
    cwd: root,
  });
  return file;
}

/** The migrated template on the test server; built under a lock, as other runs may want the same one. */
async function postgresTemplate(url: string, key: string): Promise<string> {
  const name = `duban_tpl_${key}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(hashtext('duban test template'))`;
    const [found] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!found) {
      const building = `${name}_new`;
      await admin.unsafe(`drop database if exists "${building}"`);
      await admin.unsafe(`create database "${building}"`);
      const u = new URL(url);
      u.pathname = `/${building}`;
      const database = await openDatabase({ url: u.toString(), max: 1 });
      try {
        await migrate(database);
      } finally {
        await database.close();
      }
      await admin.unsafe(`alter database "${building}" rename to "${name}"`);
    }
    await admin.unsafe(`comment on database "${name}" is '${new Date().toISOString()}'`);
    const old = await admin<{ datname: string; used: string | null }[]>`
      select datname, shobj_description(oid, 'pg_database') as used from pg_database
      where datname like 'duban\\_tpl\\_%' and datname <> ${name}`;
    for (const t of old)
      if (!t.used || Date.now() - Date.parse(t.used) > STALE_MS)
        await admin.unsafe(`drop database if exists "${t.datname}" with (force)`);
    await admin`select pg_advisory_unlock(hashtext('duban test template'))`;
    return name;
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const key = templateKey();
  const url = process.env.TEST_DATABASE_URL?.trim() || undefined;
  const [dump, template] = await Promise.all([
    pgliteDump(key),
    url ? postgresTemplate(url, key) : Promise.resolve(undefined),
  ]);
  project.provide("pgliteDump", dump);
  project.provide("postgresTemplate", template);
}
