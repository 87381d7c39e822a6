/**
 * Client-side rate limits for the outbox dispatcher (docs/feishu.md: send/reply 50/s and 1000/min per app;
 * 5 QPS per user and per group; card update 5 QPS per message).
 *
 * Each per-second limit is a token bucket kept as GCRA (a "theoretical arrival time"): rate r, burst b
 * means at most b back to back, then one every 1/r s. Per-key buckets have b = 1: evenly spaced, so no
 * 1-second window holds more than r. The app bucket has a small burst so that a timer that fires late
 * does not lose its slot for good; an exact 1-second sliding window beside it keeps any second at r.
 * The per-minute app limit is a sliding window too: a bucket with a burst cannot promise "N in any 60 s".
 * Everything works on reservations: `reserve()` says when a send may go and books that slot, so a batch
 * can be scheduled ahead without busy-waiting. Times are epoch milliseconds.
 */

export interface RateLimits {
  /** Send/reply calls per second for the whole app (Feishu: 50). */
  appPerSec: number;
  /** Calls per minute for the whole app (Feishu: 1000); 0 turns it off. */
  appPerMin: number;
  /** Per group chat (Feishu: 5). */
  chatPerSec: number;
  /** Per user (Feishu: 5). */
  userPerSec: number;
  /** Per message, for card patches and other calls keyed by a message (Feishu: 5). */
  messagePerSec: number;
  /** Burst of the per-key buckets (default 1: evenly spaced). */
  burst: number;
  /**
   * How many app calls may go back to back to make up for a stalled loop (default: 50 ms worth, at least 1).
   * Above 1, an exact 1-second window still holds the app to appPerSec in any second.
   */
  appBurst?: number;
}

export const feishuRateLimits: RateLimits = {
  appPerSec: 50,
  appPerMin: 1000,
  chatPerSec: 5,
  userPerSec: 5,
  messagePerSec: 5,
  burst: 1,
};

export class TokenBucket {
  private tat = Number.NEGATIVE_INFINITY;
  readonly interval: number;

  constructor(
    readonly ratePerSec: number,
    readonly burst = 1,
  ) {
    this.interval = 1000 / ratePerSec;
  }

  /** The earliest time ≥ now at which one token is available. */
  availableAt(now: number): number {
    return Math.max(now, this.tat - (this.burst - 1) * this.interval);
  }

  /** Books one token at `at` (which must be ≥ availableAt). */
  take(at: number): void {
    this.tat = Math.max(this.tat, at) + this.interval;
  }

  /** Nothing may go before `until` (Feishu said so: x-ogw-ratelimit-reset). */
  pauseUntil(until: number): void {
    this.tat = Math.max(this.tat, until + (this.burst - 1) * this.interval);
  }

  clone(): TokenBucket {
    const b = new TokenBucket(this.ratePerSec, this.burst);
    b.tat = this.tat;
    return b;
  }

  /** True when the bucket is full again at `now`, i.e. it remembers nothing worth keeping. */
  idle(now: number): boolean {
    return this.tat <= now;
  }
}

/** At most `limit` events in any `windowMs`. */
export class SlidingWindow {
  private readonly times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  availableAt(now: number): number {
    if (this.times.length < this.limit) return now;
    const oldest = this.times[this.times.length - this.limit] ?? now;
    return Math.max(now, oldest + this.windowMs);
  }

  clone(): SlidingWindow {
    const w = new SlidingWindow(this.limit, this.windowMs);
    w.times.push(...this.times.slice(-this.limit));
    return w;
  }

  take(at: number): void {
    const last = this.times[this.times.length - 1];
    this.times.push(last !== undefined && last > at ? last : at);
    if (this.times.length > this.limit * 2) this.times.splice(0, this.times.length - this.limit);
  }
}

/**
 * The app-wide limits plus one bucket per key. Keys are outbox buckets: `chat:<chat_id>`, `user:<open_id>`,
 * `msg:<message_id>` and `key:<outbox key>` (a message known by the outbox key that created it).
 */
export class RateLimiter {
  private app: TokenBucket;
  private appSecond: SlidingWindow | undefined;
  private appMinute: SlidingWindow | undefined;
  private readonly keyed = new Map<string, TokenBucket>();
  private parent: RateLimiter | undefined;

  constructor(readonly limits: RateLimits = feishuRateLimits) {
    const appBurst = limits.appBurst ?? Math.max(1, Math.round(limits.appPerSec / 20));
    this.app = new TokenBucket(limits.appPerSec, appBurst);
    // 20 ms over a second: calls leave up to ~20 ms after their slot on a busy event loop, and should still
    // fit any real second.
    this.appSecond = appBurst > 1 ? new SlidingWindow(Math.floor(limits.appPerSec), 1020) : undefined;
    this.appMinute = limits.appPerMin > 0 ? new SlidingWindow(limits.appPerMin, 60_000) : undefined;
  }

  /** A copy to plan with: reservations on it do not touch this limiter (keys are copied on first use). */
  fork(): RateLimiter {
    const f = new RateLimiter(this.limits);
    f.app = this.app.clone();
    f.appSecond = this.appSecond?.clone();
    f.appMinute = this.appMinute?.clone();
    f.parent = this;
    return f;
  }

  private bucket(key: string): TokenBucket {
    let b = this.keyed.get(key) ?? this.parent?.keyed.get(key)?.clone();
    if (b) this.keyed.set(key, b);
    else {
      const rate = key.startsWith("chat:")
        ? this.limits.chatPerSec
        : key.startsWith("user:")
          ? this.limits.userPerSec
          : this.limits.messagePerSec;
      b = new TokenBucket(rate, this.limits.burst);
      this.keyed.set(key, b);
    }
    return b;
  }

  /** When the key alone (without the app limit) would allow a call. */
  keyAvailableAt(key: string, now: number): number {
    return (this.keyed.get(key) ?? this.parent?.keyed.get(key))?.availableAt(now) ?? now;
  }

  /** When the app-wide limits alone would allow a call. */
  appAvailableAt(now: number): number {
    return Math.max(
      this.app.availableAt(now),
      this.appSecond?.availableAt(now) ?? now,
      this.appMinute?.availableAt(now) ?? now,
    );
  }

  /** When a call on this key may go, considering every limit. */
  availableAt(key: string, now: number): number {
    return Math.max(this.appAvailableAt(now), this.keyAvailableAt(key, now));
  }

  /** Books a call on this key at the earliest allowed time and returns that time. */
  reserve(key: string, now: number): number {
    const at = this.availableAt(key, now);
    this.app.take(at);
    this.appSecond?.take(at);
    this.appMinute?.take(at);
    this.bucket(key).take(at);
    return at;
  }

  /** Feishu answered "too many" for this key: nothing more on it before `until`. */
  pauseKey(key: string, until: number): void {
    this.bucket(key).pauseUntil(until);
  }

  /** Forgets buckets that are full again, so a long-running process does not keep every chat it ever saw. */
  prune(now: number): void {
    for (const [key, b] of this.keyed) if (b.idle(now)) this.keyed.delete(key);
  }

  get size(): number {
    return this.keyed.size;
  }
}
