import { type Clock, elapsed, systemClock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { Messenger } from "../kernel/messenger";
import { type Batch, BatchClaimer } from "./claim";
import type { DrainLease } from "./leader";
import type { OutboxQueue } from "./queue";
import { feishuRateLimits, RateLimiter, type RateLimits } from "./rate-limit";
import type { Ready } from "./ready";
import { type DrainStats, OutboxSender } from "./send";

export type { DrainStats };

/**
 * The outbox dispatcher (docs/reliability.md): claims due rows under a lease, sends them under the rate limits, and
 * records what happened. A row is marked sent only after Feishu accepted it; a crash before that leaves the
 * row `sending` until its lease ends, and the re-send carries the same uuid (the outbox key), which Feishu
 * deduplicates for an hour, so the person sees one message. Retries: 429 after x-ogw-ratelimit-reset, 5xx,
 * timeouts and token trouble with exponential backoff and jitter; permanent errors fail the row for the
 * office to see. Web-standard only (setTimeout, Date), so the same code runs on Workers (runUntilIdle).
 * Its parts: claim.ts takes the lease and claims and plans a batch; send.ts sends one row and applies the retry
 * policy; this file is the drain loop and the pacing of each send under the limits.
 */

export interface DispatcherOptions {
  queue: OutboxQueue;
  messenger: Messenger;
  /** Business time: due times, sent_at. Rate limiting always uses real time. */
  clock?: Clock;
  logger?: Logger;
  limits?: Partial<RateLimits>;
  /** How far ahead (ms) the rows of one claim may be planned; the rest go back to pending. Default 2000. */
  horizonMs?: number;
  /** Rows per claim. Default: what the app limit sends within the horizon (at least 10). */
  batchSize?: number;
  /** A claimed row is retaken by anyone after this long (ms). Default 60 s; must exceed a send's timeout. */
  leaseMs?: number;
  /** Calls in flight at once. Default 32. */
  concurrency?: number;
  /** A row that failed this many times is failed for good. Default 12 (about an hour of backoff). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The Node loop polls this often (ms) when nothing wakes it. Default 1000. */
  pollMs?: number;
  random?: () => number;
  /** Instances sharing a database: only the lease holder drains (src/outbox/leader.ts). Unset: always drains. */
  leadership?: DrainLease;
}

const emptyStats = (): DrainStats => ({ claimed: 0, sent: 0, retried: 0, failed: 0, deferred: 0 });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class OutboxDispatcher {
  readonly limiter: RateLimiter;
  private readonly queue: OutboxQueue;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly horizonMs: number;
  private readonly prefetchAt: number;
  /** A row whose own bucket frees up later than this after the app's is passed over once (ms). */
  private readonly slackMs: number;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private readonly sender: OutboxSender;
  private readonly claimer: BatchClaimer;

  constructor(o: DispatcherOptions) {
    const limits = { ...feishuRateLimits, ...o.limits };
    this.limiter = new RateLimiter(limits);
    this.queue = o.queue;
    this.clock = o.clock ?? systemClock;
    this.logger = o.logger;
    this.horizonMs = o.horizonMs ?? 2000;
    const keyRate = Math.max(limits.chatPerSec, limits.userPerSec, limits.messagePerSec);
    // Claim the next batch while the last ~600 ms of this one go out, so the app limit never idles.
    this.prefetchAt = Math.max(3, Math.ceil(limits.appPerSec * 0.6));
    this.slackMs = Math.max(20, 2000 / limits.appPerSec);
    this.concurrency = o.concurrency ?? 32;
    this.pollMs = o.pollMs ?? 1000;
    this.sender = new OutboxSender(this.queue, o.messenger, this.clock, this.limiter, this.logger, {
      maxAttempts: o.maxAttempts ?? 12,
      backoffBaseMs: o.backoffBaseMs ?? 1000,
      backoffMaxMs: o.backoffMaxMs ?? 10 * 60_000,
      random: o.random ?? Math.random,
    });
    this.claimer = new BatchClaimer({
      queue: this.queue,
      messenger: o.messenger,
      clock: this.clock,
      logger: this.logger,
      limiter: this.limiter,
      leadership: o.leadership,
      horizonMs: this.horizonMs,
      batchSize: o.batchSize ?? Math.max(10, Math.ceil((limits.appPerSec * this.horizonMs) / 1000)),
      leaseMs: o.leaseMs ?? 60_000,
      perBucket: Math.ceil((keyRate * this.horizonMs) / 1000) * limits.burst + 1,
    });
  }

  /** Claims one batch, sends what the limits allow within the horizon, and waits for the answers. */
  drainOnce(): Promise<DrainStats> {
    return this.drain(false);
  }

  /**
   * Drains until nothing is due, waiting for retries that come due within `maxWaitMs` (default 30 s), and
   * stopping after `budgetMs` of real time (a Workers scheduled handler has a time budget).
   */
  async runUntilIdle(opts: { maxWaitMs?: number; budgetMs?: number } = {}): Promise<DrainStats> {
    const total = emptyStats();
    const maxWait = opts.maxWaitMs ?? 30_000;
    const end = elapsed.ms() + (opts.budgetMs ?? Number.POSITIVE_INFINITY);
    const left = () => end - elapsed.ms();
    while (left() > 0) {
      const s = await this.drain(true);
      for (const k of Object.keys(total) as Array<keyof DrainStats>) total[k] += s[k];
      const next = await this.queue.nextDueAt();
      if (!next) break;
      const wait = Math.max(20, next.getTime() - this.clock.now().getTime());
      if (wait > maxWait || wait > left()) break;
      await sleep(wait);
    }
    return total;
  }

  /** Runs the loop in the background (Node): drains, then sleeps until the next due row, a wake(), or a poll. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loopDone = this.loop();
  }

  /** Something was enqueued: drain now instead of at the next poll (or right after the drain in progress). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming, puts unsent planned rows back, and waits for the calls in flight to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake();
    await this.loopDone;
    this.loopDone = undefined;
    await this.claimer.release();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let wait = this.pollMs;
      this.woken = false;
      try {
        await this.drain(true);
        const next = await this.queue.nextDueAt();
        // While another instance drains, only its lease is watched (at the poll), not the rows.
        if (next && this.claimer.leading)
          wait = Math.min(wait, Math.max(50, next.getTime() - this.clock.now().getTime()));
      } catch (err) {
        this.logger?.error({ err }, "outbox: drain failed; retrying after the poll interval");
      }
      if (!this.running) break;
      if (this.woken) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** One batch, or (continuous) batch after batch with the next claimed while the current one finishes. */
  private async drain(continuous: boolean): Promise<DrainStats> {
    const stats = emptyStats();
    const inflight = new Set<Promise<void>>();
    try {
      let batch = await this.claimer.claimBatch(stats);
      while (batch.claimed > 0) {
        let next: Promise<Batch> | undefined;
        const order = [...batch.plan];
        const postponed = new Set<Ready>();
        for (let i = 0; i < order.length; i++) {
          const entry = order[i] as Ready;
          if (continuous && !next && !this.stopping && order.length - i <= this.prefetchAt) {
            next = this.claimer.claimBatch(stats);
            next.catch(() => {}); // awaited below; until then a failure must not count as unhandled
          }
          // Its chat or user is not free yet when the app would be: let the next ones go first.
          const now = elapsed.ms();
          const keyWait =
            this.limiter.keyAvailableAt(entry.row.bucket, now) - this.limiter.appAvailableAt(now);
          if (keyWait > 0 && !postponed.has(entry)) {
            postponed.add(entry);
            order.push(entry);
            continue;
          }
          await this.dispatch(entry, stats, inflight);
        }
        if (!continuous || this.stopping) {
          if (next)
            for (const entry of (await next).plan) await this.claimer.putBack(entry, elapsed.ms(), stats);
          break;
        }
        batch = await (next ?? this.claimer.claimBatch(stats));
      }
    } finally {
      await Promise.all(inflight);
      await this.sender.flush();
    }
    if (stats.claimed > 0) this.logger?.debug({ ...stats }, "outbox: drained");
    return stats;
  }

  /**
   * Waits for the row's slot and starts the call. The slot is booked when the call leaves (not when it was
   * planned), so the limits count real departures, a chat's wait never pushes back the app's schedule, and a
   * late loop catches up no more than the app bucket's small allowance. A row whose bucket is still busy, or
   * that would wait past the horizon, goes back to pending instead of holding up the rest.
   */
  private async dispatch(entry: Ready, stats: DrainStats, inflight: Set<Promise<void>>): Promise<void> {
    const bucket = entry.row.bucket;
    const now = elapsed.ms();
    const keyAt = this.limiter.keyAvailableAt(bucket, now);
    const due = this.limiter.availableAt(bucket, now);
    if (this.stopping || keyAt - now > this.slackMs || due - now > this.horizonMs) {
      // Written beside the sends rather than before the next one: the loop keeps its pace.
      const p: Promise<void> = this.claimer
        .putBack(entry, due, stats)
        .catch((err) => this.logger?.error({ key: entry.row.key, err }, "outbox: put back failed"))
        .finally(() => inflight.delete(p));
      inflight.add(p);
      return;
    }
    while (inflight.size >= this.concurrency) await Promise.race(inflight);
    // Book the slot at the moment of sending (after any sleep), so the limits count real departures.
    for (let t = this.limiter.availableAt(bucket, elapsed.ms()); t > elapsed.ms(); ) {
      await sleep(t - elapsed.ms());
      t = this.limiter.availableAt(bucket, elapsed.ms());
    }
    this.limiter.reserve(bucket, elapsed.ms());
    const p: Promise<void> = this.sender.send(entry, stats).finally(() => inflight.delete(p));
    inflight.add(p);
  }
}

export function createOutboxDispatcher(options: DispatcherOptions): OutboxDispatcher {
  return new OutboxDispatcher(options);
}
