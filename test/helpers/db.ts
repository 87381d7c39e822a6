import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, inject } from "vitest";
import type { Database } from "../../src/db/client";
import { openDatabase } from "../../src/db/open-node";

/**
 * Store tests run against PGlite always, and against the Postgres server too when TEST_DATABASE_URL is set
 * (CI sets it). Each test file gets its own fresh database with the committed migrations applied, so parallel
 * runs never share state; every test starts from empty tables. The migrated database they copy is made once a
 * run (test/helpers/db-template.ts).
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;

export type DbKind = "pglite" | "postgres";
export const dbKinds: DbKind[] = testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];

export interface TestDb {
  database: Database;
  /** The URL of the per-file Postgres database (postgres kind only), for code that opens its own pool. */
  url: string | undefined;
  drop(): Promise<void>;
}

function serverUrlFor(dbName: string): string {
  const u = new URL(testDatabaseUrl ?? "");
  u.pathname = `/${dbName}`;
  return u.toString();
}

let pgliteDump: Blob | undefined;

/** The run's migrated PGlite data directory as a tarball, for openDatabase's loadDataDir. */
export function migratedPgliteDump(): Blob {
  pgliteDump ??= new Blob([readFileSync(inject("pgliteDump"))]);
  return pgliteDump;
}

/** Creates a fresh, migrated database of the given kind: a copy of the run's migrated one. */
export async function createTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === "pglite") {
    const database = await openDatabase({ loadDataDir: migratedPgliteDump() });
    return { database, url: undefined, drop: () => database.close() };
  }
  const template = inject("postgresTemplate");
  if (!testDatabaseUrl || !template) throw new Error("TEST_DATABASE_URL is not set");
  const name = `duban_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${template}"`);
  await admin.end();
  const url = serverUrlFor(name);
  const database = await openDatabase({ url, max: 5 });
  return {
    database,
    url,
    async drop() {
      await database.close();
      const a = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

/** Empties every table (keeps the schema and the migrations record). */
export async function truncateAll(database: Database): Promise<void> {
  const tables = await database.query<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  if (tables.length === 0) return;
  const list = tables.map((t) => `"${t.tablename}"`).join(", ");
  await database.db.execute(sql.raw(`truncate ${list} restart identity cascade`));
}

export interface DbContext {
  readonly kind: DbKind;
  readonly database: Database;
  readonly url: string | undefined;
}

/**
 * describe() once per database kind. The database is created once per file and emptied before each test.
 *
 *   describeDb("members store", (ctx) => { it("…", async () => { ctx.database.db … }) })
 */
export function describeDb(name: string, body: (ctx: DbContext) => void): void {
  for (const kind of dbKinds) {
    describe(`${name} [${kind}]`, () => {
      let current: TestDb | undefined;
      const ctx: DbContext = {
        kind,
        get database() {
          if (!current) throw new Error("database not ready");
          return current.database;
        },
        get url() {
          return current?.url;
        },
      };
      beforeAll(async () => {
        current = await createTestDb(kind);
      }, 180_000); // starting PGlite (WASM) takes tens of seconds on a loaded 2-core machine
      afterAll(async () => {
        await current?.drop();
      });
      beforeEach(async () => {
        if (current) await truncateAll(current.database);
      });
      body(ctx);
    });
  }
}
