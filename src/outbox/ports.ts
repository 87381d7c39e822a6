import type { CardRef, MessageRef, OutMessage, Recipient } from "../kernel/messages";

/**
 * The outbox (docs/reliability.md): every message is first a row with an idempotency key (also Feishu's uuid).
 * Enqueueing the same key twice adds nothing. A dispatcher sends due rows under rate limits.
 */
interface Common {
  /** Deterministic idempotency key, e.g. `reply:<event_id>:0`, `nudge:<request>:<step>`. At most 50 chars are sent as uuid. */
  key: string;
  /** What it is for (overview, nudge, escalation, reply, bulletin, export …): shown in the office's failure list. */
  purpose: string;
  planId?: string | null;
  /** Do not send before this time (jitter, quiet hours). */
  notBefore?: Date;
}

export type OutboxItem =
  | (Common & { kind: "send"; to: Recipient; message: OutMessage })
  | (Common & { kind: "reply"; replyTo: MessageRef; message: OutMessage; inThread?: boolean })
  | (Common & { kind: "patch"; target: MessageRef; card: CardRef })
  | (Common & { kind: "urgent"; target: MessageRef; openIds: string[] });

/**
 * A message a step of the scheduler's tick would send now, with the line `duban tick --dry-run` shows for it.
 * The step that enqueues it and the dry run that lists it build it once, so the two cannot tell different stories.
 */
export interface PlannedSend {
  item: Extract<OutboxItem, { kind: "send" }>;
  /** What it is, in a few words; the dry run adds the recipient. */
  text: string;
  /** The plan's time zone, for the local time it goes out. */
  timezone: string;
}

export interface OutboxRow {
  id: number;
  key: string;
  kind: OutboxItem["kind"];
  purpose: string;
  planId: string | null;
  state: "pending" | "sending" | "sent" | "failed" | "skipped";
  attempts: number;
  lastError: string | null;
  /** Feishu's message_id once sent (send/reply). */
  messageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface Outbox {
  /** Inserts the items whose keys are new; returns how many were new. Never sends by itself. */
  enqueue(items: OutboxItem[]): Promise<number>;
  /** The row for a key, if any (e.g. to find the message_id of a sent card). */
  get(key: string): Promise<OutboxRow | undefined>;
  /** Permanent failures for the office to see. */
  listFailed(planId: string | null, limit?: number): Promise<OutboxRow[]>;
}
