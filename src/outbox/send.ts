import { type Clock, elapsed } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import { type Messenger, MessengerError } from "../kernel/messenger";
import type { OutboxQueue } from "./queue";
import type { RateLimiter } from "./rate-limit";
import type { Ready } from "./ready";

/** Makes the one Feishu call a ready row stands for; answers the new message's id for send/reply. */
export async function sendItem(
  messenger: Messenger,
  { row, item, messageId: target }: Ready,
): Promise<string | undefined> {
  switch (item.kind) {
    case "send":
      return (await messenger.send(item.to, item.message, row.key)).messageId;
    case "reply":
      return (await messenger.reply(need(target), item.message, row.key, item.inThread)).messageId;
    case "patch":
      await messenger.patchCard(need(target), item.card);
      return undefined;
    case "urgent":
      await messenger.urgent(need(target), item.openIds);
      return undefined;
  }
}

function need(messageId: string | undefined): string {
  if (!messageId) throw new MessengerError("permanent", "目标消息 ID 缺失");
  return messageId;
}

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  random: () => number;
}

export type FailureDecision =
  | { kind: "failed"; error: string }
  /** pauseMs: Feishu named a reset time; nothing more on this bucket before it. */
  | { kind: "retry"; delayMs: number; error: string; pauseMs: number | undefined };

/**
 * What to do after a failed call: permanent errors and the last allowed attempt fail the row; a 429 waits
 * x-ogw-ratelimit-reset (plus up to 250 ms of jitter, never less); 5xx, timeouts and token trouble back off
 * exponentially with jitter (between half and all of base·2^(n-1), capped).
 */
export function decideFailure(err: unknown, attempts: number, policy: RetryPolicy): FailureDecision {
  const e = err instanceof MessengerError ? err : new MessengerError("transient", String(err));
  if (e.reason === "permanent") return { kind: "failed", error: e.message };
  if (attempts >= policy.maxAttempts)
    return { kind: "failed", error: `重试 ${attempts} 次仍失败：${e.message}` };
  if (e.reason === "rate_limited" && e.detail.resetSeconds !== undefined) {
    const resetMs = e.detail.resetSeconds * 1000;
    return { kind: "retry", delayMs: resetMs + policy.random() * 250, error: e.message, pauseMs: resetMs };
  }
  const d = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempts - 1));
  return { kind: "retry", delayMs: d / 2 + (policy.random() * d) / 2, error: e.message, pauseMs: undefined };
}

/** Counters the dispatcher reports. */
export interface DrainStats {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** Claimed but put back without a call (rate limit beyond the horizon, or waiting for its target). */
  deferred: number;
}

/** Makes a ready row's call and records the outcome: sent (in batches), retry later, or failed for good. */
export class OutboxSender {
  private sentBuffer: Array<{ id: number; messageId: string | undefined }> = [];
  private marking: Promise<void> = Promise.resolve();

  constructor(
    private readonly queue: OutboxQueue,
    private readonly messenger: Messenger,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    private readonly logger: Logger | undefined,
    private readonly policy: RetryPolicy,
  ) {}

  async send(entry: Ready, stats: DrainStats): Promise<void> {
    try {
      const messageId = await sendItem(this.messenger, entry);
      this.sentBuffer.push({ id: entry.row.id, messageId });
      if (this.sentBuffer.length >= 50) void this.flush();
      stats.sent++;
    } catch (err) {
      try {
        await this.failed(entry, err, stats);
      } catch (markErr) {
        // The database is unreachable: the lease returns the row to the queue later.
        this.logger?.error({ key: entry.row.key, err: markErr }, "outbox: could not record a failure");
      }
    }
  }

  /**
   * Records sent rows in one statement per batch. Until it lands a row stays `sending`; if the process dies
   * first, the lease returns the row and the re-send carries the same uuid, which Feishu answers with the
   * message it already sent.
   */
  flush(): Promise<void> {
    const batch = this.sentBuffer.splice(0);
    if (batch.length > 0) {
      this.marking = this.marking
        .then(() => this.queue.markSent(batch, this.clock.now()))
        .catch((err) => {
          this.logger?.error({ rows: batch.length, err }, "outbox: could not record sent rows");
        });
    }
    return this.marking;
  }

  private async failed(entry: Ready, err: unknown, stats: DrainStats): Promise<void> {
    const { row } = entry;
    const attempts = row.attempts + 1;
    const decision = decideFailure(err, attempts, this.policy);
    const log = { key: row.key, kind: row.item.kind, attempts, err: decision.error };
    if (decision.kind === "failed") {
      await this.queue.markFailed(row.id, this.clock.now(), decision.error);
      stats.failed++;
      this.logger?.warn(log, "outbox: message failed for good");
      return;
    }
    if (decision.pauseMs !== undefined) this.limiter.pauseKey(row.bucket, elapsed.ms() + decision.pauseMs);
    const notBefore = new Date(this.clock.now().getTime() + decision.delayMs);
    await this.queue.markRetry(row.id, notBefore, decision.error, true);
    stats.retried++;
    this.logger?.info({ ...log, delayMs: Math.round(decision.delayMs) }, "outbox: will retry");
  }
}
