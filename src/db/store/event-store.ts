import { and, asc, eq, inArray, isNotNull, lt, lte, ne, type SQL, sql } from "drizzle-orm";
import type { ClaimInput, EventRecord, EventStore, PendingEvent } from "../../kernel/event-store";
import type { Db } from "../client";
import { processedEvents } from "../schema";
import { batcher } from "./batch";

/**
 * processed_events as the EventStore port: INSERT … ON CONFLICT DO NOTHING is the dedup.
 *
 * Claims are durable before the ack and batched under load (concurrent claims share one INSERT and one commit).
 * Done-marks are not on the ack's path: each rides in the next claim statement (a CTE before its INSERT, so it
 * commits with that claim batch at no extra round trip or commit), or, when no claim comes within
 * MARK_ALONE_MS, goes out on its own with synchronous_commit off. A done-mark lost to a crash only leaves the
 * event pending, to run again after its lease (handlers are idempotent per event_id): docs/reliability.md.
 * Both hot statements take their rows as one JSON parameter, so their text never changes with the batch size and
 * each connection prepares them once. The parameter is json, not jsonb: json_to_recordset reads it once, where a
 * jsonb cast would first build a binary copy of the whole batch.
 * A done-mark is an INSERT … ON CONFLICT DO UPDATE: Postgres finds the claimed row through the primary key, the
 * conflict's arbiter, with no plan to choose. An UPDATE … WHERE event_id = any(…) has a plan, and a prepared
 * statement keeps the generic plan made after its fifth run, while the table was nearly empty: a sequential scan,
 * kept until the next ANALYZE (never, where autovacuum is off), so each done-mark read the whole table: Postgres
 * spent 266 µs of CPU per event at 30,000 rows and 496 µs at 60,000, 36–39 µs both now. A done-mark whose record
 * is gone (deleted by hand) writes it again, as done.
 * A done event's payload is cleared: only pending events are ever run again, and the row written by the
 * done-mark is then a third smaller, and so is its WAL.
 */
/**
 * One claim statement at a time; claims arriving meanwhile share the next one, about 30 a statement at the
 * webhook's most. A second statement in flight halves the batches, so each statement's fixed cost (protocol,
 * executor start, commit) is paid twice as often, and it did not raise the webhook's throughput beyond the
 * spread between runs (bench:webhook). A lone commit takes well under a millisecond, so a claim rarely waits long.
 */
const CLAIM_BATCHING = { maxBatch: 200, maxInFlight: 1 };
/** How long a done-mark waits for a claim statement to ride in before it is sent alone. */
const MARK_ALONE_MS = 20;

export function createEventStore(db: Db): EventStore {
  const now = sql`${sql.placeholder("now")}::timestamptz`;
  // Each mark's row, should its record be gone; otherwise only `set` applies (insert … select fills the
  // table's columns in their declared order, src/db/schema).
  const doneRows = (guard: SQL) =>
    db
      .insert(processedEvents)
      .select(
        sql`select m.event_id, m.event_type, ${now}, 'done', null, 1, null, null, ${now}
        from json_to_recordset(${sql.placeholder("marks")}::json) as m(event_id text, event_type text)
        where ${guard}`,
      )
      .onConflictDoUpdate({
        target: processedEvents.eventId,
        set: { state: "done", handledAt: now, retryAt: null, lastError: null, payload: null },
      });
  // The done-marks carried by a claim statement (none: an empty list, which writes nothing).
  const carried = db.$with("done").as(doneRows(sql`true`));
  // Named, so the driver prepares each once per connection: db.execute() sends every statement unnamed, and
  // postgres.js then asks the server for the parameter types first (a second round trip each time).
  const claimRows = db
    .with(carried)
    .insert(processedEvents)
    .select(
      sql`select x.event_id, x.event_type, x.received_at, 'pending', x.payload, 1, x.retry_at, null, null
      from json_to_recordset(${sql.placeholder("rows")}::json)
        as x(event_id text, event_type text, received_at timestamptz, payload jsonb, retry_at timestamptz)`,
    )
    .onConflictDoNothing({ target: processedEvents.eventId })
    .returning({ eventId: processedEvents.eventId })
    .prepare("claim_events");
  // set_config(…, true) makes this statement's own transaction commit asynchronously: one round trip, no fsync wait.
  const markRowsDone = doneRows(sql`set_config('synchronous_commit', 'off', true) is not null`).prepare(
    "mark_events_done",
  );

  type Mark = {
    eventId: string;
    eventType: string;
    now: Date;
    resolve: () => void;
    reject: (e: unknown) => void;
  };
  let marks: Mark[] = [];
  let markTimer: ReturnType<typeof setTimeout> | undefined;
  const takeMarks = () => {
    const taken = marks;
    marks = [];
    if (markTimer) clearTimeout(markTimer);
    markTimer = undefined;
    return taken;
  };
  // One row per event: ON CONFLICT DO UPDATE refuses to touch a row twice in one statement, and an event run
  // again after its lease while its first run was still going is marked done twice.
  const markParams = (taken: Mark[]) => ({
    now: new Date(Math.max(0, ...taken.map((m) => m.now.getTime()))).toISOString(),
    marks: JSON.stringify([
      ...new Map(taken.map((m) => [m.eventId, { event_id: m.eventId, event_type: m.eventType }])).values(),
    ]),
  });
  const settle = (taken: Mark[], done: Promise<unknown>) =>
    done.then(
      () => {
        for (const m of taken) m.resolve();
      },
      (err) => {
        for (const m of taken) m.reject(err);
      },
    );
  const markAlone = batcher<Mark[], void>(
    async (groups) => {
      const taken = groups.flat();
      await markRowsDone.execute(markParams(taken));
      return groups.map(() => undefined);
    },
    { maxInFlight: 1 },
  );

  const claim = batcher<ClaimInput, boolean>(async (items) => {
    const first = new Map<string, number>();
    items.forEach((it, i) => {
      if (!first.has(it.eventId)) first.set(it.eventId, i);
    });
    const rows = [...first.values()].map((i) => {
      const it = items[i] as ClaimInput;
      return {
        event_id: it.eventId,
        event_type: it.eventType,
        received_at: it.now.toISOString(),
        payload: it.payload,
        retry_at: it.leaseUntil?.toISOString() ?? null,
      };
    });
    const taken = takeMarks();
    const statement = claimRows.execute({ rows: JSON.stringify(rows), ...markParams(taken) });
    void settle(taken, statement);
    const inserted = await statement;
    const fresh = new Set(inserted.map((r) => r.eventId));
    return items.map((it, i) => fresh.has(it.eventId) && first.get(it.eventId) === i);
  }, CLAIM_BATCHING);

  function markDone(event: { eventId: string; eventType: string }, now: Date): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      marks.push({ eventId: event.eventId, eventType: event.eventType, now, resolve, reject });
      markTimer ??= setTimeout(() => {
        const taken = takeMarks();
        void settle(taken, markAlone(taken));
      }, MARK_ALONE_MS);
    });
  }

  return {
    claim,
    markDone,

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
