/**
 * Inbound dedup and redelivery (docs/reliability.md). A Feishu event is claimed by its event_id before any effect;
 * a second claim of the same id is a duplicate. Claimed events stay pending until their handler finishes, so
 * an event acked to Feishu whose handler failed (or whose process died) is run again instead of being lost.
 */
export interface PendingEvent {
  eventId: string;
  eventType: string;
  /** The normalized event as claimed (JSON: dates are ISO strings). */
  payload: unknown;
  /** Attempts started so far, this one included. */
  attempts: number;
}

export interface ClaimInput {
  eventId: string;
  eventType: string;
  /** The normalized event to run again if its handler does not finish; null when it cannot be re-run (card actions). */
  payload: unknown | null;
  now: Date;
  /** Until when the first attempt owns the event; null: never re-run automatically. */
  leaseUntil: Date | null;
}

export interface EventStore {
  /** Records the event as received. True when new; false when the id was already recorded (a duplicate). */
  claim(input: ClaimInput): Promise<boolean>;
  /** The handler finished. The type records the event again should its record be gone. */
  markDone(event: { eventId: string; eventType: string }, now: Date): Promise<void>;
  /** An attempt failed: run again at retryAt, or give up (state failed) when retryAt is null. */
  markFailed(eventId: string, error: string, now: Date, retryAt: Date | null): Promise<void>;
  /**
   * Leases up to `limit` pending events whose lease or retry time has passed (retry_at <= now) for another
   * attempt until leaseUntil, counting the attempt. Safe with several instances (rows are locked, skipped).
   */
  takeDue(now: Date, leaseUntil: Date, limit: number): Promise<PendingEvent[]>;
  /** Deletes finished records received before `before` (dedup memory is kept far longer than Feishu retries). */
  prune(before: Date): Promise<number>;
  /** The record of one event, for the office's diagnostics and tests. */
  get(eventId: string): Promise<EventRecord | undefined>;
}

export interface EventRecord {
  eventId: string;
  eventType: string;
  state: "pending" | "done" | "failed";
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  handledAt: Date | null;
}
