import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver: PGlite (embedded) or postgres.js (server). The query builder is the same. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Runs raw SQL and returns its rows, whichever driver is underneath. */
  query<T extends Record<string, unknown>>(q: SQL): Promise<T[]>;
  close(): Promise<void>;
}

export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

export function wrap(db: Db, kind: Database["kind"], close: () => Promise<void>): Database {
  return {
    db,
    kind,
    async query<T extends Record<string, unknown>>(q: SQL) {
      return rowsOf<T>(await db.execute(q));
    },
    close,
  };
}

export { schema };
