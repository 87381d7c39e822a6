import type { OutboxItem } from "./ports";

/**
 * What the outbox dispatcher needs from the outbox table (src/db/store/outbox-store.ts implements it).
 * A claim takes due rows under a lease (`state = sending`, `locked_until = now + lease`, FOR UPDATE SKIP
 * LOCKED), so two dispatchers never take the same row and a crashed dispatcher's rows are taken again once
 * the lease runs out. Every mark is conditional on the row still being `sending`.
 */

/** A claimed row, with the row it depends on (reply/patch/urgent whose target is `{outboxKey}`). */
export interface ClaimedRow {
  id: number;
  key: string;
  bucket: string;
  /** The item as enqueued (the row's payload). */
  item: OutboxItem;
  /** Failed attempts so far (an attempt is a call that reached, or tried to reach, Feishu). */
  attempts: number;
  createdAt: Date;
  /** The row named by the item's `{outboxKey}` target, as it is now; null when no such row exists. */
  dependency: { state: string; messageId: string | null } | null;
}

export interface OutboxQueue {
  /**
   * Supersedes older card patches of the same message, then claims up to `limit` due rows under a lease,
   * at most `perBucket` of them per rate-limit bucket (so one busy chat cannot fill a whole claim).
   */
  claim(now: Date, limit: number, leaseMs: number, perBucket?: number): Promise<ClaimedRow[]>;
  /** Records sent rows (with Feishu's message_id for send/reply), in one statement. */
  markSent(rows: Array<{ id: number; messageId?: string | undefined }>, now: Date): Promise<void>;
  /** Back to pending until `notBefore`; `countAttempt` when a call was made (not for a mere deferral). */
  markRetry(id: number, notBefore: Date, error: string | null, countAttempt: boolean): Promise<void>;
  markFailed(id: number, now: Date, error: string): Promise<void>;
  /** When the next row becomes claimable (pending due time or lease end), if any row could become so. */
  nextDueAt(): Promise<Date | undefined>;
}
