import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Database, type Db, schema, wrap } from "./client";

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; "memory://" or undefined keeps it in memory. */
  dataDir?: string | undefined;
  /** postgres.js pool size. */
  max?: number;
  /**
   * Postgres cancels any statement running longer (statement_timeout on every connection), so a stalled lock or
   * server cannot hold a request forever. PGlite runs in-process and has no such timer; callers bound their own.
   */
  statementTimeoutMs?: number;
}

/** Opens the database on Node: postgres.js when a URL is given, otherwise embedded PGlite. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      ...(opts.statementTimeoutMs ? { connection: { statement_timeout: opts.statementTimeoutMs } } : {}),
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return wrap(db, "postgres", () => client.end({ timeout: 5 }));
  }
  const dir = opts.dataDir && opts.dataDir !== "memory://" ? opts.dataDir : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const client = dir ? new PGlite(dir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return wrap(db, "pglite", () => client.close());
}
