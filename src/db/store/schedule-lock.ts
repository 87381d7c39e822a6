import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";

/** The scheduler's advisory lock id ("duban" schedule); any constant no other code uses. */
export const SCHEDULE_LOCK_ID = 0x64756261;

/** PGlite has one session, where advisory locks are re-entrant: guard it in-process as well. */
const heldInProcess = new WeakSet<object>();

/**
 * Runs `fn` holding the scheduler's advisory lock (on Postgres, pg_try_advisory_xact_lock in a transaction of
 * its own that lasts as long as `fn`). If another instance holds it, returns { locked: false } at once. A
 * process that dies releases it with its session. The outbox keys and the ledger keep a second planner from
 * sending anything twice even without it.
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
    // A transaction-scoped lock on the transaction's own connection: released at commit or when the session
    // dies, and it works behind a transaction-mode pooler (Hyperdrive) and under workerd, where postgres.js's
    // reserve() never resolves.
    let outcome: { locked: true; value: T } | { locked: false } = { locked: false };
    await database.db.transaction(async (tx) => {
      const [row] = rowsOf<{ ok: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(${SCHEDULE_LOCK_ID}) as ok`),
      );
      if (row?.ok) outcome = { locked: true, value: await fn() };
    });
    return outcome;
  } finally {
    heldInProcess.delete(client);
  }
}
