import type { DrainLease } from "../../outbox/leader";
import type { Database } from "../client";

/** The drain's advisory lock id ("dbno", duban outbox); any constant no other code uses. */
const DRAIN_LOCK_ID = 0x64626e6f;

/** The part of a postgres.js client this needs: a connection of its own, kept out of the pool. */
interface Reservable {
  reserve(): Promise<ReservedConnection>;
}
interface ReservedConnection {
  unsafe(query: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  release(): void;
}

/**
 * DrainLease on a Postgres server: a session advisory lock on a connection reserved for it. Postgres releases
 * it the moment that session ends, so a killed holder hands over without any timeout to wait out, and no
 * instance's clock is involved. The holder checks its connection at every claim: a lost one means the lock is
 * gone too. (PGlite serves one process only and needs none of this.)
 */
export function createDrainLease(database: Database): DrainLease {
  const client = (database.db as unknown as { $client: Reservable }).$client;
  let conn: ReservedConnection | undefined;
  let held = false;
  const drop = () => {
    conn?.release();
    conn = undefined;
    held = false;
  };
  return {
    async acquire() {
      try {
        if (held && conn) {
          await conn.unsafe("select 1");
          return true;
        }
        conn ??= await client.reserve();
        const [row] = await conn.unsafe("select pg_try_advisory_lock($1) as ok", [DRAIN_LOCK_ID]);
        held = row?.ok === true;
        // Rows still `sending` were claimed by a holder that is gone (only the holder claims): they go back to
        // the queue now rather than when their lease runs out. A re-send carries the same uuid, which Feishu
        // answers with the message it already made.
        if (held)
          await conn.unsafe(
            "update outbox set state = 'pending', locked_until = null where state = 'sending'",
          );
        return held;
      } catch (err) {
        // The connection goes back to the pool: it must not take the lock along (nobody could drain then).
        await conn?.unsafe("select pg_advisory_unlock_all()").catch(() => {});
        drop();
        throw err;
      }
    },
    async release() {
      if (held && conn) await conn.unsafe("select pg_advisory_unlock($1)", [DRAIN_LOCK_ID]).catch(() => {});
      drop();
    },
  };
}
