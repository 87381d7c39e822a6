import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Clock } from "../../kernel/clock";
import { dependencyOf, outboxBucket } from "../../outbox/items";
import type { Outbox, OutboxItem, OutboxRow } from "../../outbox/ports";
import type { ClaimedRow, OutboxQueue } from "../../outbox/queue";
import type { Database } from "../client";
import { outbox } from "../schema";

/**
 * The outbox table (docs/reliability.md) as the Outbox port (enqueue, get, listFailed) and the OutboxQueue the
 * dispatcher drains (claim under a lease with FOR UPDATE SKIP LOCKED, mark sent / retry / failed).
 */

export interface OutboxStoreOptions {
  clock?: Clock;
  /** A reply/patch/urgent whose target key never appears is failed after this long (default 24 h). */
  orphanAfterMs?: number;
}

export interface OutboxStore extends Outbox, OutboxQueue {
  /** Called after an enqueue added rows (the Node dispatcher wakes up instead of waiting for its poll). */
  onEnqueue(listener: () => void): () => void;
}

const INSERT_CHUNK = 500;
const DONE = sql`('sent', 'failed', 'skipped')`;
/** The outbox key a row waits for (reply/patch/urgent with an `{outboxKey}` target). */
const depKey = (alias: string) =>
  sql.raw(`coalesce(${alias}.payload->'target'->>'outboxKey', ${alias}.payload->'replyTo'->>'outboxKey')`);

export function createOutboxStore(database: Database, options: OutboxStoreOptions = {}): OutboxStore {
  const { db } = database;
  const clock = options.clock ?? { now: () => new Date() };
  const orphanAfterMs = options.orphanAfterMs ?? 24 * 60 * 60_000;
  const listeners = new Set<() => void>();

  /** Pending rows that may be sent at `now`: due, and their dependency is done or has been missing too long. */
  const claimable = (now: Date) => sql`(
    o.state = 'pending' and o.not_before <= ${now.toISOString()}::timestamptz and (
      ${depKey("o")} is null
      or exists (select 1 from outbox d where d.key = ${depKey("o")} and d.state in ${DONE})
      or (o.created_at <= ${new Date(now.getTime() - orphanAfterMs).toISOString()}::timestamptz
          and not exists (select 1 from outbox d where d.key = ${depKey("o")}))
    )
  ) or (o.state = 'sending' and o.locked_until <= ${now.toISOString()}::timestamptz)`;

  return {
    onEnqueue(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async enqueue(items: OutboxItem[]): Promise<number> {
      if (items.length === 0) return 0;
      const now = clock.now();
      const buckets = await replyBuckets(items);
      let added = 0;
      for (let i = 0; i < items.length; i += INSERT_CHUNK) {
        const rows = items.slice(i, i + INSERT_CHUNK).map((item) => {
          const { notBefore, ...payload } = item;
          const target = item.kind === "reply" ? dependencyOf(item) : undefined;
          return {
            key: item.key,
            planId: item.planId ?? null,
            kind: item.kind,
            purpose: item.purpose,
            bucket: (target && buckets.get(target)) ?? outboxBucket(item),
            payload,
            notBefore: notBefore ?? now,
            createdAt: now,
          };
        });
        const inserted = await db
          .insert(outbox)
          .values(rows)
          .onConflictDoNothing({ target: outbox.key })
          .returning({ id: outbox.id });
        added += inserted.length;
      }
      if (added > 0) for (const l of listeners) l();
      return added;
    },

    async get(key: string): Promise<OutboxRow | undefined> {
      const [row] = await db.select().from(outbox).where(eq(outbox.key, key));
      return row ? toRow(row) : undefined;
    },

    async listFailed(planId: string | null, limit = 50): Promise<OutboxRow[]> {
      const rows = await db
        .select()
        .from(outbox)
        .where(
          planId === null
            ? eq(outbox.state, "failed")
            : and(eq(outbox.state, "failed"), eq(outbox.planId, planId)),
        )
        .orderBy(desc(outbox.id))
        .limit(limit);
      return rows.map(toRow);
    },

    async claim(now: Date, limit: number, leaseMs: number, perBucket = limit): Promise<ClaimedRow[]> {
      // A card shows its latest content: an older pending patch of the same message has nothing left to do.
      await database.query(sql`
        update outbox o set state = 'skipped', last_error = '已被同一卡片更新的内容取代', locked_until = null
        where o.kind = 'patch' and o.state = 'pending' and exists (
          select 1 from outbox n
          where n.kind = 'patch' and n.bucket = o.bucket and n.id > o.id and n.state in ('pending', 'sending', 'sent')
        )`);
      const lease = new Date(now.getTime() + leaseMs).toISOString();
      const claimed = await database.query<{
        id: string | number;
        key: string;
        bucket: string;
        payload: OutboxItem;
        attempts: number;
        created_at: Date | string;
      }>(sql`
        with ranked as (
          select o.id, o.not_before, row_number() over (partition by o.bucket order by o.not_before, o.id) as rn
          from outbox o
          where ${claimable(now)}
        ), due as (
          select o.id from outbox o join ranked r on r.id = o.id
          where r.rn <= ${perBucket} and (${claimable(now)})
          order by r.not_before, o.id
          limit ${limit}
          for update of o skip locked
        )
        update outbox o set state = 'sending', locked_until = ${lease}::timestamptz
        from due where o.id = due.id
        returning o.id, o.key, o.bucket, o.payload, o.attempts, o.created_at`);
      if (claimed.length === 0) return [];
      const depKeys = [
        ...new Set(claimed.map((r) => dependencyOf(r.payload)).filter((k) => k !== undefined)),
      ];
      const deps = new Map<string, { state: string; messageId: string | null }>();
      if (depKeys.length > 0) {
        const rows = await db
          .select({ key: outbox.key, state: outbox.state, result: outbox.result })
          .from(outbox)
          .where(inArray(outbox.key, depKeys));
        for (const r of rows) deps.set(r.key, { state: r.state, messageId: messageIdOf(r.result) });
      }
      return claimed
        .map((r) => {
          const dep = dependencyOf(r.payload);
          return {
            id: Number(r.id),
            key: r.key,
            bucket: r.bucket,
            item: r.payload,
            attempts: r.attempts,
            createdAt: new Date(r.created_at),
            dependency: dep === undefined ? null : (deps.get(dep) ?? null),
          };
        })
        .sort((a, b) => a.id - b.id);
    },

    async markSent(rows, now) {
      if (rows.length === 0) return;
      const values = sql.join(
        rows.map(
          (r) => sql`(${r.id}::bigint, ${JSON.stringify(r.messageId ? { messageId: r.messageId } : {})})`,
        ),
        sql`, `,
      );
      await database.query(sql`
        update outbox o set state = 'sent', sent_at = ${now.toISOString()}::timestamptz, result = v.result::jsonb,
          locked_until = null, last_error = null, attempts = o.attempts + 1
        from (values ${values}) as v(id, result)
        where o.id = v.id and o.state = 'sending'`);
    },

    async markRetry(id, notBefore, error, countAttempt) {
      await db
        .update(outbox)
        .set({
          state: "pending",
          notBefore,
          lockedUntil: null,
          ...(error !== null ? { lastError: error } : {}),
          ...(countAttempt ? { attempts: sql`${outbox.attempts} + 1` } : {}),
        })
        .where(and(eq(outbox.id, id), eq(outbox.state, "sending")));
    },

    async markFailed(id, _now, error) {
      await db
        .update(outbox)
        .set({ state: "failed", lastError: error, lockedUntil: null, attempts: sql`${outbox.attempts} + 1` })
        .where(and(eq(outbox.id, id), eq(outbox.state, "sending")));
    },

    async nextDueAt(): Promise<Date | undefined> {
      const orphanMs = `${orphanAfterMs} milliseconds`;
      const [row] = await database.query<{ t: Date | string | null }>(sql`
        select min(t) as t from (
          select case
            when ${depKey("o")} is null then o.not_before
            when exists (select 1 from outbox d where d.key = ${depKey("o")} and d.state in ${DONE}) then o.not_before
            when not exists (select 1 from outbox d where d.key = ${depKey("o")})
              then greatest(o.not_before, o.created_at + ${orphanMs}::interval)
            else null end as t
          from outbox o where o.state = 'pending'
          union all
          select min(locked_until) from outbox where state = 'sending'
        ) x`);
      return row?.t ? new Date(row.t) : undefined;
    },
  };

  /** For replies to an outbox-sent message: the bucket (chat or user) of the row that sends it. */
  async function replyBuckets(items: OutboxItem[]): Promise<Map<string, string>> {
    const buckets = new Map<string, string>();
    const wanted = new Set<string>();
    for (const item of items) {
      const target = item.kind === "reply" ? dependencyOf(item) : undefined;
      if (target) wanted.add(target);
    }
    if (wanted.size === 0) return buckets;
    for (const item of items) if (wanted.has(item.key)) buckets.set(item.key, outboxBucket(item));
    const missing = [...wanted].filter((k) => !buckets.has(k));
    if (missing.length > 0) {
      const rows = await db
        .select({ key: outbox.key, bucket: outbox.bucket })
        .from(outbox)
        .where(inArray(outbox.key, missing));
      for (const r of rows) buckets.set(r.key, r.bucket);
    }
    return buckets;
  }
}

function messageIdOf(result: unknown): string | null {
  const id = (result as { messageId?: unknown } | null)?.messageId;
  return typeof id === "string" ? id : null;
}

function toRow(row: typeof outbox.$inferSelect): OutboxRow {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind as OutboxRow["kind"],
    purpose: row.purpose,
    planId: row.planId,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    messageId: messageIdOf(row.result),
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}
