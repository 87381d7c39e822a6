import { and, asc, eq, inArray, isNotNull, lt, lte, ne, sql } from "drizzle-orm";
import type { EventRecord, EventStore, PendingEvent } from "../../services/ports/event-store";
import type { Db } from "../client";
import { processedEvents } from "../schema";

/** processed_events as the EventStore port: INSERT … ON CONFLICT DO NOTHING is the dedup. */
export function createEventStore(db: Db): EventStore {
  return {
    async claim({ eventId, eventType, payload, now, leaseUntil }) {
      const rows = await db
        .insert(processedEvents)
        .values({
          eventId,
          eventType,
          receivedAt: now,
          state: "pending",
          payload,
          attempts: 1,
          retryAt: leaseUntil,
        })
        .onConflictDoNothing({ target: processedEvents.eventId })
        .returning({ eventId: processedEvents.eventId });
      return rows.length === 1;
    },

    async markDone(eventId, now) {
      await db
        .update(processedEvents)
        .set({ state: "done", handledAt: now, retryAt: null, lastError: null })
        .where(eq(processedEvents.eventId, eventId));
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
