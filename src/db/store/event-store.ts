import { and, asc, eq, inArray, isNotNull, lt, lte, ne, sql } from "drizzle-orm";
import type { ClaimInput, EventRecord, EventStore, PendingEvent } from "../../services/ports/event-store";
import type { Db } from "../client";
import { processedEvents } from "../schema";
import { batcher } from "./batch";

/**
 * processed_events as the EventStore port: INSERT … ON CONFLICT DO NOTHING is the dedup.
 *
 * Claims are durable before the ack and batched under load (concurrent claims share one INSERT and one commit).
 * markDone is batched too and committed with synchronous_commit off: it is not on the ack's path, and if a crash
 * loses it the event merely stays pending and runs again (handlers are idempotent per event_id).
 */
/** Up to 4 claim statements at once (the pool has 10 connections); claims arriving meanwhile share the next one. */
const CLAIM_BATCHING = { maxBatch: 200, maxInFlight: 4 };

export function createEventStore(db: Db): EventStore {
  const claim = batcher<ClaimInput, boolean>(async (items) => {
    const first = new Map<string, number>();
    items.forEach((it, i) => {
      if (!first.has(it.eventId)) first.set(it.eventId, i);
    });
    const rows = await db
      .insert(processedEvents)
      .values(
        [...first.values()].map((i) => {
          const it = items[i] as ClaimInput;
          return {
            eventId: it.eventId,
            eventType: it.eventType,
            receivedAt: it.now,
            state: "pending" as const,
            payload: it.payload,
            attempts: 1,
            retryAt: it.leaseUntil,
          };
        }),
      )
      .onConflictDoNothing({ target: processedEvents.eventId })
      .returning({ eventId: processedEvents.eventId });
    const fresh = new Set(rows.map((r) => r.eventId));
    return items.map((it, i) => fresh.has(it.eventId) && first.get(it.eventId) === i);
  }, CLAIM_BATCHING);

  const markDone = batcher<{ eventId: string; now: Date }, void>(
    async (items) => {
      const now = new Date(Math.max(...items.map((i) => i.now.getTime())));
      // set_config(…, true) makes this statement's own transaction commit asynchronously: one round trip, no fsync wait.
      await db
        .update(processedEvents)
        .set({ state: "done", handledAt: now, retryAt: null, lastError: null })
        .where(
          and(
            inArray(
              processedEvents.eventId,
              items.map((i) => i.eventId),
            ),
            sql`set_config('synchronous_commit', 'off', true) is not null`,
          ),
        );
      return items.map(() => undefined);
    },
    { maxInFlight: 2 },
  );

  return {
    claim,

    async markDone(eventId, now) {
      await markDone({ eventId, now });
    },

    async markFailed(eventId, error, now, retryAt) {
      await db
        .update(processedEvents)
        .set(
          retryAt
            ? { lastError: error.slice(0, 2000), retryAt }
            : { state: "failed", lastError: error.slice(0, 2000), retryAt: null, handledAt: now },
        )
        .where(and(eq(processedEvents.eventId, eventId), ne(processedEvents.state, "done")));
    },

    async takeDue(now, leaseUntil, limit): Promise<PendingEvent[]> {
      const due = db
        .select({ eventId: processedEvents.eventId })
        .from(processedEvents)
        .where(
          and(
            eq(processedEvents.state, "pending"),
            lte(processedEvents.retryAt, now),
            isNotNull(processedEvents.payload),
          ),
        )
        .orderBy(asc(processedEvents.retryAt))
        .limit(limit)
        .for("update", { skipLocked: true });
      const rows = await db
        .update(processedEvents)
        .set({ attempts: sql`${processedEvents.attempts} + 1`, retryAt: leaseUntil })
        .where(inArray(processedEvents.eventId, due))
        .returning({
          eventId: processedEvents.eventId,
          eventType: processedEvents.eventType,
          payload: processedEvents.payload,
          attempts: processedEvents.attempts,
        });
      return rows;
    },

    async prune(before) {
      const rows = await db
        .delete(processedEvents)
        .where(and(lt(processedEvents.receivedAt, before), ne(processedEvents.state, "pending")))
        .returning({ eventId: processedEvents.eventId });
      return rows.length;
    },

    async get(eventId): Promise<EventRecord | undefined> {
      const [row] = await db
        .select({
          eventId: processedEvents.eventId,
          eventType: processedEvents.eventType,
          state: processedEvents.state,
          attempts: processedEvents.attempts,
          lastError: processedEvents.lastError,
          receivedAt: processedEvents.receivedAt,
          handledAt: processedEvents.handledAt,
        })
        .from(processedEvents)
        .where(eq(processedEvents.eventId, eventId));
      return row;
    },
  };
}
