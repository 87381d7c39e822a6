import { sql } from "drizzle-orm";
import type { Sql } from "postgres";
import type { Database } from "../client";

/** The scheduler's advisory lock id ("duban" schedule); any constant no other code uses. */
export const SCHEDULE_LOCK_ID = 0x64756261;

/** PGlite has one session, where advisory locks are re-entrant: guard it in-process as well. */
const heldInProcess = new WeakSet<object>();

/**
 * Runs `fn` holding pg_try_advisory_lock(SCHEDULE_LOCK_ID) on a session of its own (a reserved postgres.js
 * connection, so the lock and unlock happen on the same session even with a pool). If another instance
 * holds it, returns { locked: false } at once. A process that dies releases it with its session.
 * Behind a transaction-mode pooler (Hyperdrive, pgbouncer) session locks are not reliable; the outbox keys
 * and the ledger still keep a second planner from sending anything twice.
 */
export async function withScheduleLock<T>(
  database: Database,
  fn: () => Promise<T>,
): Promise<{ locked: true; value: T } | { locked: false }> {
  const client = (database.db as unknown as { $client: object }).$client;
  if (heldInProcess.has(client)) return { locked: false };
  heldInProcess.add(client);
  try {
    if (database.kind === "pglite") {
      const [row] = await database.query<{ ok: boolean }>(
        sql`select pg_try_advisory_lock(${SCHEDULE_LOCK_ID}) as ok`,
      );
      if (!row?.ok) return { locked: false };
      try {
        return { locked: true, value: await fn() };
      } finally {
        await database.query(sql`select pg_advisory_unlock(${SCHEDULE_LOCK_ID})`);
      }
    }
    const reserved = await (client as Sql).reserve();
    try {
      const [row] = await reserved<
        Array<{ ok: boolean }>
      >`select pg_try_advisory_lock(${SCHEDULE_LOCK_ID}) as ok`;
      if (!row?.ok) return { locked: false };
      try {
        return { locked: true, value: await fn() };
      } finally {
        await reserved`select pg_advisory_unlock(${SCHEDULE_LOCK_ID})`;
      }
    } finally {
      reserved.release();
    }
  } finally {
    heldInProcess.delete(client);
  }
}
