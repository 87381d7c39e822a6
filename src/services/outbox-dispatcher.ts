import { dependencyOf, outboxItemSchema } from "./outbox-items";
import type { Clock } from "./ports/clock";
import type { Logger } from "./ports/logger";
import { type Messenger, MessengerError } from "./ports/messenger";
import type { OutboxItem } from "./ports/outbox";
import type { ClaimedRow, OutboxQueue } from "./ports/outbox-queue";
import { feishuRateLimits, RateLimiter, type RateLimits } from "./rate-limit";

/**
 * The outbox dispatcher (DESIGN.md §5): claims due rows under a lease, sends them under the rate limits, and
 * records what happened. A row is marked sent only after Feishu accepted it; a crash before that leaves the
 * row `sending` until its lease ends, and the re-send carries the same uuid (the outbox key), which Feishu
 * deduplicates for an hour, so the person sees one message. Retries: 429 after x-ogw-ratelimit-reset, 5xx,
 * timeouts and token trouble with exponential backoff and jitter; permanent errors fail the row for the
 * office to see. Web-standard only (setTimeout, Date), so the same loop runs on Workers (runUntilIdle).
 */

export interface DispatcherOptions {
  queue: OutboxQueue;
  messenger: Messenger;
  /** Business time: due times, sent_at. Rate limiting always uses real time. */
  clock?: Clock;
  logger?: Logger;
  limits?: Partial<RateLimits>;
  /** How far ahead (ms) the rows of one claim may be scheduled; the rest go back to pending. Default 2000. */
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

interface Ready {
  row: ClaimedRow;
  item: OutboxItem;
  /** The Feishu message a reply/patch/urgent acts on. */
  messageId: string | undefined;
}

const emptyStats = (): DrainStats => ({ claimed: 0, sent: 0, retried: 0, failed: 0, deferred: 0 });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class OutboxDispatcher {
  readonly limiter: RateLimiter;
  private readonly o: Required<Omit<DispatcherOptions, "logger" | "limits">> & { logger?: Logger };
  private readonly perBucket: number;
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(options: DispatcherOptions) {
    const limits = { ...feishuRateLimits, ...options.limits };
    this.limiter = new RateLimiter(limits);
    const horizonMs = options.horizonMs ?? 2000;
    this.o = {
      queue: options.queue,
      messenger: options.messenger,
      logger: options.logger,
      clock: options.clock ?? { now: () => new Date() },
      horizonMs,
      batchSize: options.batchSize ?? Math.max(10, Math.ceil((limits.appPerSec * horizonMs) / 1000)),
      leaseMs: options.leaseMs ?? 60_000,
      concurrency: options.concurrency ?? 32,
      maxAttempts: options.maxAttempts ?? 12,
      backoffBaseMs: options.backoffBaseMs ?? 1000,
      backoffMaxMs: options.backoffMaxMs ?? 10 * 60_000,
      pollMs: options.pollMs ?? 1000,
      random: options.random ?? Math.random,
    };
    const keyRate = Math.max(limits.chatPerSec, limits.userPerSec, limits.messagePerSec);
    this.perBucket = Math.ceil((keyRate * horizonMs) / 1000) * limits.burst + 1;
  }

  /** Claims one batch, sends what the limits allow within the horizon, and waits for the answers. */
  async drainOnce(): Promise<DrainStats> {
    const stats = emptyStats();
    const { queue, clock } = this.o;
    if (this.limiter.size > 10_000) this.limiter.prune(Date.now());
    const rows = await queue.claim(clock.now(), this.o.batchSize, this.o.leaseMs, this.perBucket);
    stats.claimed = rows.length;
    const ready: Ready[] = [];
    for (const row of rows) {
      const r = await this.prepare(row, stats);
      if (r) ready.push(r);
    }
    const { plan, left } = this.schedule(ready);
    for (const { entry, at } of left) {
      await queue.markRetry(entry.row.id, new Date(clock.now().getTime() + (at - Date.now())), null, false);
      stats.deferred++;
    }
    const inflight = new Set<Promise<void>>();
    for (const { entry, at } of plan) {
      if (this.stopping) {
        await queue.markRetry(entry.row.id, clock.now(), null, false);
        stats.deferred++;
        continue;
      }
      await sleep(at - Date.now());
      while (inflight.size >= this.o.concurrency) await Promise.race(inflight);
      const p: Promise<void> = this.sendOne(entry, stats).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
    if (rows.length > 0) this.o.logger?.debug({ ...stats }, "outbox: drained a batch");
    return stats;
  }

  /**
   * Drains until nothing is due, waiting for retries that come due within `maxWaitMs` (default 30 s), and
   * stopping at `deadline` (Workers' scheduled handler has a time budget).
   */
  async runUntilIdle(opts: { maxWaitMs?: number; deadline?: Date } = {}): Promise<DrainStats> {
    const total = emptyStats();
    const maxWait = opts.maxWaitMs ?? 30_000;
    const left = () => (opts.deadline ? opts.deadline.getTime() - Date.now() : Number.POSITIVE_INFINITY);
    while (left() > 0) {
      const s = await this.drainOnce();
      for (const k of Object.keys(total) as Array<keyof DrainStats>) total[k] += s[k];
      if (s.claimed > 0) continue;
      const next = await this.o.queue.nextDueAt();
      if (!next) break;
      const wait = Math.max(20, next.getTime() - this.o.clock.now().getTime());
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

  /** Something was enqueued: drain now instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops claiming, puts unsent scheduled rows back, and waits for the calls in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake();
    await this.loopDone;
    this.loopDone = undefined;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let wait = this.o.pollMs;
      try {
        const s = await this.drainOnce();
        if (s.claimed > 0) continue;
        const next = await this.o.queue.nextDueAt();
        if (next) wait = Math.min(wait, Math.max(50, next.getTime() - this.o.clock.now().getTime()));
      } catch (err) {
        this.o.logger?.error({ err: String(err) }, "outbox: drain failed; retrying after the poll interval");
      }
      if (!this.running) break;
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

  /** Checks the payload and resolves the target message; fails or defers rows that cannot go yet. */
  private async prepare(row: ClaimedRow, stats: DrainStats): Promise<Ready | undefined> {
    const { queue, clock } = this.o;
    const parsed = outboxItemSchema.safeParse(row.item);
    if (!parsed.success) {
      await queue.markFailed(
        row.id,
        clock.now(),
        `发件箱记录格式无效: ${parsed.error.issues[0]?.message ?? ""}`,
      );
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
      await queue.markRetry(row.id, new Date(clock.now().getTime() + 1000), null, false);
      stats.deferred++;
      return undefined;
    }
    const why = d ? `目标消息(${dep})未能发送` : `目标消息(${dep})不在发件箱中`;
    await queue.markFailed(row.id, clock.now(), why);
    stats.failed++;
    return undefined;
  }

  /**
   * Assigns send times: repeatedly the bucket that can go soonest, so a slow chat does not hold up the app
   * limit; stops at the horizon. Returns the plan (in time order) and what is left with its next free time.
   */
  private schedule(ready: Ready[]): {
    plan: Array<{ entry: Ready; at: number }>;
    left: Array<{ entry: Ready; at: number }>;
  } {
    const byBucket = new Map<string, Ready[]>();
    for (const r of ready) {
      const list = byBucket.get(r.row.bucket) ?? [];
      list.push(r);
      byBucket.set(r.row.bucket, list);
    }
    const now = Date.now();
    const plan: Array<{ entry: Ready; at: number }> = [];
    while (byBucket.size > 0) {
      let best: string | undefined;
      let bestAt = Number.POSITIVE_INFINITY;
      for (const bucket of byBucket.keys()) {
        const at = this.limiter.keyAvailableAt(bucket, now);
        if (at < bestAt) [best, bestAt] = [bucket, at];
      }
      if (best === undefined || this.limiter.availableAt(best, now) - now > this.o.horizonMs) break;
      const list = byBucket.get(best) ?? [];
      const entry = list.shift();
      if (list.length === 0) byBucket.delete(best);
      if (entry) plan.push({ entry, at: this.limiter.reserve(best, now) });
    }
    const left: Array<{ entry: Ready; at: number }> = [];
    for (const [bucket, list] of byBucket) {
      const at = this.limiter.availableAt(bucket, now);
      for (const entry of list) left.push({ entry, at });
    }
    return { plan, left };
  }

  private async sendOne(entry: Ready, stats: DrainStats): Promise<void> {
    const { row, item, messageId: target } = entry;
    const { messenger, queue, clock } = this.o;
    try {
      let messageId: string | undefined;
      switch (item.kind) {
        case "send":
          messageId = (await messenger.send(item.to, item.message, row.key)).messageId;
          break;
        case "reply":
          messageId = (await messenger.reply(need(target), item.message, row.key, item.inThread)).messageId;
          break;
        case "patch":
          await messenger.patchCard(need(target), item.card);
          break;
        case "urgent":
          await messenger.urgent(need(target), item.openIds);
          break;
      }
      await queue.markSent(row.id, clock.now(), messageId ? { messageId } : {});
      stats.sent++;
    } catch (err) {
      try {
        await this.failed(entry, err, stats);
      } catch (markErr) {
        // The database is unreachable: the lease returns the row to the queue later.
        this.o.logger?.error({ key: row.key, err: String(markErr) }, "outbox: could not record a failure");
      }
    }
  }

  private async failed(entry: Ready, err: unknown, stats: DrainStats): Promise<void> {
    const { row } = entry;
    const { queue, clock, logger } = this.o;
    const e = err instanceof MessengerError ? err : new MessengerError("transient", String(err));
    const attempts = row.attempts + 1;
    const log = { key: row.key, kind: row.item.kind, attempts, reason: e.reason, code: e.detail.code };
    if (e.reason === "permanent" || attempts >= this.o.maxAttempts) {
      const why = e.reason === "permanent" ? e.message : `重试 ${attempts} 次仍失败: ${e.message}`;
      await queue.markFailed(row.id, clock.now(), why);
      stats.failed++;
      logger?.warn({ ...log, err: e.message }, "outbox: message failed for good");
      return;
    }
    let delay = this.backoff(attempts);
    if (e.reason === "rate_limited" && e.detail.resetSeconds !== undefined) {
      const resetMs = e.detail.resetSeconds * 1000;
      this.limiter.pauseKey(row.bucket, Date.now() + resetMs);
      delay = resetMs + this.o.random() * 250;
    }
    await queue.markRetry(row.id, new Date(clock.now().getTime() + delay), e.message, true);
    stats.retried++;
    logger?.info({ ...log, delayMs: Math.round(delay) }, "outbox: will retry");
  }

  /** Exponential backoff with jitter: between half and all of base·2^(n-1), capped. */
  private backoff(attempt: number): number {
    const d = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (attempt - 1));
    return d / 2 + (this.o.random() * d) / 2;
  }
}

function need(messageId: string | undefined): string {
  if (!messageId) throw new MessengerError("permanent", "目标消息 ID 缺失");
  return messageId;
}

export function createOutboxDispatcher(options: DispatcherOptions): OutboxDispatcher {
  return new OutboxDispatcher(options);
}
