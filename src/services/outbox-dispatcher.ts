import { dependencyOf, outboxItemSchema } from "./outbox-items";
import { planBatch, type Ready } from "./outbox-plan";
import { decideFailure, type RetryPolicy, sendItem } from "./outbox-send";
import type { Clock } from "./ports/clock";
import type { Logger } from "./ports/logger";
import type { Messenger } from "./ports/messenger";
import type { OutboxItem } from "./ports/outbox";
import type { ClaimedRow, OutboxQueue } from "./ports/outbox-queue";
import { feishuRateLimits, RateLimiter, type RateLimits } from "./rate-limit";

/**
 * The outbox dispatcher (DESIGN.md §5): claims due rows under a lease, sends them under the rate limits, and
 * records what happened. A row is marked sent only after Feishu accepted it; a crash before that leaves the
 * row `sending` until its lease ends, and the re-send carries the same uuid (the outbox key), which Feishu
 * deduplicates for an hour, so the person sees one message. Retries: 429 after x-ogw-ratelimit-reset, 5xx,
 * timeouts and token trouble with exponential backoff and jitter; permanent errors fail the row for the
 * office to see. Web-standard only (setTimeout, Date), so the same code runs on Workers (runUntilIdle).
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
}

export interface DrainStats {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** Claimed but put back without a call (rate limit beyond the horizon, or waiting for its target). */
  deferred: number;
}

interface Batch {
  claimed: number;
  plan: Ready[];
}

const emptyStats = (): DrainStats => ({ claimed: 0, sent: 0, retried: 0, failed: 0, deferred: 0 });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class OutboxDispatcher {
  readonly limiter: RateLimiter;
  private readonly queue: OutboxQueue;
  private readonly messenger: Messenger;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly policy: RetryPolicy;
  private readonly horizonMs: number;
  private readonly batchSize: number;
  private readonly perBucket: number;
  private readonly prefetchAt: number;
  /** A row whose own bucket frees up later than this after the app's is passed over once (ms). */
  private readonly slackMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private sentBuffer: Array<{ id: number; messageId: string | undefined }> = [];
  private marking: Promise<void> = Promise.resolve();

  constructor(o: DispatcherOptions) {
    const limits = { ...feishuRateLimits, ...o.limits };
    this.limiter = new RateLimiter(limits);
    this.queue = o.queue;
    this.messenger = o.messenger;
    this.clock = o.clock ?? { now: () => new Date() };
    this.logger = o.logger;
    this.policy = {
      maxAttempts: o.maxAttempts ?? 12,
      backoffBaseMs: o.backoffBaseMs ?? 1000,
      backoffMaxMs: o.backoffMaxMs ?? 10 * 60_000,
      random: o.random ?? Math.random,
    };
    this.horizonMs = o.horizonMs ?? 2000;
    this.batchSize = o.batchSize ?? Math.max(10, Math.ceil((limits.appPerSec * this.horizonMs) / 1000));
    const keyRate = Math.max(limits.chatPerSec, limits.userPerSec, limits.messagePerSec);
    this.perBucket = Math.ceil((keyRate * this.horizonMs) / 1000) * limits.burst + 1;
    // Claim the next batch while the last ~600 ms of this one go out, so the app limit never idles.
    this.prefetchAt = Math.max(3, Math.ceil(limits.appPerSec * 0.6));
    this.slackMs = Math.max(20, 2000 / limits.appPerSec);
    this.leaseMs = o.leaseMs ?? 60_000;
    this.concurrency = o.concurrency ?? 32;
    this.pollMs = o.pollMs ?? 1000;
  }

  /** Claims one batch, sends what the limits allow within the horizon, and waits for the answers. */
  drainOnce(): Promise<DrainStats> {
    return this.drain(false);
  }

  /**
   * Drains until nothing is due, waiting for retries that come due within `maxWaitMs` (default 30 s), and
   * stopping at `deadline` (a Workers scheduled handler has a time budget).
   */
  async runUntilIdle(opts: { maxWaitMs?: number; deadline?: Date } = {}): Promise<DrainStats> {
    const total = emptyStats();
    const maxWait = opts.maxWaitMs ?? 30_000;
    const left = () => (opts.deadline ? opts.deadline.getTime() - Date.now() : Number.POSITIVE_INFINITY);
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
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let wait = this.pollMs;
      this.woken = false;
      try {
        await this.drain(true);
        const next = await this.queue.nextDueAt();
        if (next) wait = Math.min(wait, Math.max(50, next.getTime() - this.clock.now().getTime()));
      } catch (err) {
        this.logger?.error({ err: String(err) }, "outbox: drain failed; retrying after the poll interval");
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
      let batch = await this.claimBatch(stats);
      while (batch.claimed > 0) {
        let next: Promise<Batch> | undefined;
        const order = [...batch.plan];
        const postponed = new Set<Ready>();
        for (let i = 0; i < order.length; i++) {
          const entry = order[i] as Ready;
          if (continuous && !next && !this.stopping && order.length - i <= this.prefetchAt)
            next = this.claimBatch(stats);
          // Its chat or user is not free yet when the app would be: let the next ones go first.
          const now = Date.now();
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
          if (next) for (const entry of (await next).plan) await this.putBack(entry, Date.now(), stats);
          break;
        }
        batch = await (next ?? this.claimBatch(stats));
      }
    } finally {
      await Promise.all(inflight);
      await this.flushSent();
    }
    if (stats.claimed > 0) this.logger?.debug({ ...stats }, "outbox: drained");
    return stats;
  }

  private async claimBatch(stats: DrainStats): Promise<Batch> {
    if (this.limiter.size > 10_000) this.limiter.prune(Date.now());
    const rows = await this.queue.claim(this.clock.now(), this.batchSize, this.leaseMs, this.perBucket);
    stats.claimed += rows.length;
    const ready: Ready[] = [];
    for (const row of rows) {
      const r = await this.prepare(row, stats);
      if (r) ready.push(r);
    }
    const { plan, left } = planBatch(ready, this.limiter, this.horizonMs, Date.now());
    for (const { entry, at } of left) await this.putBack(entry, at, stats);
    return { claimed: rows.length, plan };
  }

  /**
   * Waits for the row's slot and starts the call. The slot is booked when the call leaves (not when it was
   * planned), so the limits count real departures, a chat's wait never pushes back the app's schedule, and a
   * late loop catches up no more than the app bucket's small allowance. A row whose bucket is still busy, or
   * that would wait past the horizon, goes back to pending instead of holding up the rest.
   */
  private async dispatch(entry: Ready, stats: DrainStats, inflight: Set<Promise<void>>): Promise<void> {
    const bucket = entry.row.bucket;
    const now = Date.now();
    const keyAt = this.limiter.keyAvailableAt(bucket, now);
    const due = this.limiter.availableAt(bucket, now);
    if (this.stopping || keyAt - now > this.slackMs || due - now > this.horizonMs)
      return this.putBack(entry, due, stats);
    while (inflight.size >= this.concurrency) await Promise.race(inflight);
    // Book the slot at the moment of sending (after any sleep), so the limits count real departures.
    for (let t = this.limiter.availableAt(bucket, Date.now()); t > Date.now(); ) {
      await sleep(t - Date.now());
      t = this.limiter.availableAt(bucket, Date.now());
    }
    this.limiter.reserve(bucket, Date.now());
    const p: Promise<void> = this.sendOne(entry, stats).finally(() => inflight.delete(p));
    inflight.add(p);
  }

  /** Back to pending without counting an attempt, due when its bucket frees up (`at`, epoch ms). */
  private async putBack(entry: Ready, at: number, stats: DrainStats): Promise<void> {
    const notBefore = new Date(this.clock.now().getTime() + Math.max(0, at - Date.now()));
    await this.queue.markRetry(entry.row.id, notBefore, null, false);
    stats.deferred++;
  }

  /** Checks the payload and resolves the target message; fails or defers rows that cannot go yet. */
  private async prepare(row: ClaimedRow, stats: DrainStats): Promise<Ready | undefined> {
    const parsed = outboxItemSchema.safeParse(row.item);
    if (!parsed.success) {
      const why = `发件箱记录格式无效: ${parsed.error.issues[0]?.message ?? ""}`;
      await this.queue.markFailed(row.id, this.clock.now(), why);
      stats.failed++;
      return undefined;
    }
    const item = parsed.data as OutboxItem;
    const dep = dependencyOf(item);
    if (dep === undefined) {
      const ref = item.kind === "reply" ? item.replyTo : item.kind === "send" ? undefined : item.target;
      return { row, item, messageId: ref && "messageId" in ref ? ref.messageId : undefined };
    }
    const d = row.dependency;
    if (d?.state === "sent" && d.messageId) return { row, item, messageId: d.messageId };
    if (d && (d.state === "pending" || d.state === "sending")) {
      // Taken again after a lease ended while its target is not out yet: look again shortly.
      await this.queue.markRetry(row.id, new Date(this.clock.now().getTime() + 1000), null, false);
      stats.deferred++;
      return undefined;
    }
    const why = d ? `目标消息(${dep})未能发送` : `目标消息(${dep})不在发件箱中`;
    await this.queue.markFailed(row.id, this.clock.now(), why);
    stats.failed++;
    return undefined;
  }

  private async sendOne(entry: Ready, stats: DrainStats): Promise<void> {
    try {
      const messageId = await sendItem(this.messenger, entry);
      this.sentBuffer.push({ id: entry.row.id, messageId });
      if (this.sentBuffer.length >= 50) void this.flushSent();
      stats.sent++;
    } catch (err) {
      try {
        await this.failed(entry, err, stats);
      } catch (markErr) {
        // The database is unreachable: the lease returns the row to the queue later.
        this.logger?.error(
          { key: entry.row.key, err: String(markErr) },
          "outbox: could not record a failure",
        );
      }
    }
  }

  /**
   * Records sent rows in one statement per batch. Until it lands a row stays `sending`; if the process dies
   * first, the lease returns the row and the re-send carries the same uuid, which Feishu answers with the
   * message it already sent.
   */
  private flushSent(): Promise<void> {
    const batch = this.sentBuffer.splice(0);
    if (batch.length > 0) {
      this.marking = this.marking
        .then(() => this.queue.markSent(batch, this.clock.now()))
        .catch((err) => {
          this.logger?.error({ rows: batch.length, err: String(err) }, "outbox: could not record sent rows");
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
    if (decision.pauseMs !== undefined) this.limiter.pauseKey(row.bucket, Date.now() + decision.pauseMs);
    const notBefore = new Date(this.clock.now().getTime() + decision.delayMs);
    await this.queue.markRetry(row.id, notBefore, decision.error, true);
    stats.retried++;
    this.logger?.info({ ...log, delayMs: Math.round(decision.delayMs) }, "outbox: will retry");
  }
}

export function createOutboxDispatcher(options: DispatcherOptions): OutboxDispatcher {
  return new OutboxDispatcher(options);
}
