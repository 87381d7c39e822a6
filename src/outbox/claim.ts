import { type Clock, elapsed } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { Messenger } from "../kernel/messenger";
import type { DrainLease } from "./leader";
import type { ClaimedRow, OutboxQueue } from "./queue";
import type { RateLimiter } from "./rate-limit";
import { planBatch, prepareRow, type Ready } from "./ready";
import type { DrainStats } from "./send";

/**
 * The claim side of the outbox drain: takes (or checks) the drain's lease, claims due rows, checks their payloads,
 * and plans which go out within the horizon; the rest go back to pending. The dispatcher (dispatcher.ts) paces
 * and sends what it plans.
 */

export interface Batch {
  claimed: number;
  plan: Ready[];
}

export interface ClaimerOptions {
  queue: OutboxQueue;
  messenger: Messenger;
  clock: Clock;
  logger: Logger | undefined;
  limiter: RateLimiter;
  leadership: DrainLease | undefined;
  horizonMs: number;
  batchSize: number;
  leaseMs: number;
  perBucket: number;
}

export class BatchClaimer {
  private readonly queue: OutboxQueue;
  private readonly messenger: Messenger;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly limiter: RateLimiter;
  private readonly leadership: DrainLease | undefined;
  private readonly horizonMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly perBucket: number;
  /** Whether this instance drained at its last claim: it held the lease, or it drains alone. */
  leading = false;

  constructor(o: ClaimerOptions) {
    this.queue = o.queue;
    this.messenger = o.messenger;
    this.clock = o.clock;
    this.logger = o.logger;
    this.limiter = o.limiter;
    this.leadership = o.leadership;
    this.horizonMs = o.horizonMs;
    this.batchSize = o.batchSize;
    this.leaseMs = o.leaseMs;
    this.perBucket = o.perBucket;
  }

  /** Gives the drain's lease up (on stop), when this instance holds it. */
  async release(): Promise<void> {
    if (this.leadership && this.leading) {
      await this.leadership.release().catch(() => {});
      this.leading = false;
    }
  }

  async claimBatch(stats: DrainStats): Promise<Batch> {
    if (!(await this.lead())) return { claimed: 0, plan: [] };
    if (this.limiter.size > 10_000) this.limiter.prune(elapsed.ms());
    await this.dropStale();
    const rows = await this.queue.claim(this.clock.now(), this.batchSize, this.leaseMs, this.perBucket);
    stats.claimed += rows.length;
    if (rows.length === 0) return { claimed: 0, plan: [] };
    // The token is fetched before the batch is paced, so the first calls do not leave in a bunch after it; an
    // idle drain fetches none. A token that cannot be had now fails the first send, which retries as any does.
    await this.messenger.warmUp?.().catch(() => {});
    const ready: Ready[] = [];
    for (const row of rows) {
      const r = await this.prepare(row, stats);
      if (r) ready.push(r);
    }
    const { plan, left } = planBatch(ready, this.limiter, this.horizonMs, elapsed.ms());
    for (const { entry, at } of left) await this.putBack(entry, at, stats);
    return { claimed: rows.length, plan };
  }

  /** Back to pending without counting an attempt, due when its bucket frees up (`at`, epoch ms). */
  async putBack(entry: Ready, at: number, stats: DrainStats): Promise<void> {
    const notBefore = new Date(this.clock.now().getTime() + Math.max(0, at - elapsed.ms()));
    await this.queue.markRetry(entry.row.id, notBefore, null, false);
    stats.deferred++;
  }

  private lastStaleCheck = Number.NEGATIVE_INFINITY;

  /** At most once a minute: staleness is measured in hours, and the check is one more statement. */
  private async dropStale(): Promise<void> {
    const now = this.clock.now();
    if (!this.queue.dropStale || now.getTime() - this.lastStaleCheck < 60_000) return;
    this.lastStaleCheck = now.getTime();
    for (const d of await this.queue.dropStale(now))
      this.logger?.warn({ ...d }, "outbox: not sent after a long outage; no longer meaningful");
  }

  /** Real time (elapsed ms) this instance took the drain over; it claims nothing for a second after. */
  private ledSince = Number.NEGATIVE_INFINITY;

  /**
   * Takes the drain's lease, or checks it still holds it, at every claim. A new holder waits out one second,
   * the per-second limits' window, since it cannot know what the last holder sent in its final second.
   */
  private async lead(): Promise<boolean> {
    // Alone, this instance always drains: the loop then sleeps until the next row falls due, not the poll.
    if (!this.leadership) {
      this.leading = true;
      return true;
    }
    const leading = await this.leadership.acquire();
    if (leading !== this.leading) {
      this.logger?.info({}, leading ? "outbox: this instance drains" : "outbox: another instance drains");
      if (leading) this.ledSince = elapsed.ms();
    }
    this.leading = leading;
    return leading && elapsed.ms() - this.ledSince >= 1_000;
  }

  /** Checks the payload and resolves the target message; fails or defers rows that cannot go yet. */
  private async prepare(row: ClaimedRow, stats: DrainStats): Promise<Ready | undefined> {
    const r = prepareRow(row);
    if ("ready" in r) return r.ready;
    if ("fail" in r) {
      await this.queue.markFailed(row.id, this.clock.now(), r.fail);
      stats.failed++;
    } else {
      await this.queue.markRetry(row.id, new Date(this.clock.now().getTime() + r.retryInMs), null, false);
      stats.deferred++;
    }
    return undefined;
  }
}
