import { describe, expect, it } from "vitest";
import { feishuRateLimits, RateLimiter, SlidingWindow, TokenBucket } from "../../src/outbox/rate-limit";

const limits = (over: Partial<typeof feishuRateLimits> = {}) => ({
  ...feishuRateLimits,
  appPerMin: 0,
  appBurst: 1,
  ...over,
});

describe("rate limits", () => {
  it("a bucket with burst 1 spaces calls evenly", () => {
    const b = new TokenBucket(5);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const at = b.availableAt(1000);
      b.take(at);
      times.push(at);
    }
    expect(times).toEqual([1000, 1200, 1400, 1600]);
  });

  it("a bucket with a burst lets that many go at once, then spaces the rest", () => {
    const b = new TokenBucket(10, 3);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const at = b.availableAt(0);
      b.take(at);
      times.push(at);
    }
    expect(times).toEqual([0, 0, 0, 100, 200]);
  });

  it("a sliding window allows N in any window and then waits for the oldest to leave it", () => {
    const w = new SlidingWindow(3, 60_000);
    for (const t of [0, 10, 20]) w.take(t);
    expect(w.availableAt(30)).toBe(60_000);
    w.take(60_000);
    expect(w.availableAt(60_000)).toBe(60_010);
  });

  it("one chat is held to its own rate while other chats use the app limit", () => {
    const l = new RateLimiter(limits({ appPerSec: 50, chatPerSec: 5 }));
    expect(l.reserve("chat:a", 0)).toBe(0);
    expect(l.reserve("chat:b", 0)).toBe(20);
    expect(l.availableAt("chat:a", 0)).toBe(200);
    expect(l.availableAt("chat:c", 0)).toBe(40);
    expect(l.keyAvailableAt("chat:c", 0)).toBe(0);
  });

  it("the per-minute app limit caps a long burst", () => {
    const l = new RateLimiter(limits({ appPerSec: 50, appPerMin: 100 }));
    let last = 0;
    for (let i = 0; i < 101; i++) last = l.reserve(`user:${i}`, 0);
    // 100 calls fit in the first 2 s at 50/s; the 101st waits for the first to be a minute old.
    expect(last).toBe(60_000);
  });

  it("a late app timer may catch up a few slots, but never more than appPerSec in any second", () => {
    const l = new RateLimiter(limits({ appPerSec: 100, appBurst: 5 }));
    const times: number[] = [];
    // The loop wakes 40 ms late once: the next four calls may go at once to make up for it.
    let now = 0;
    for (let i = 0; i < 300; i++) {
      if (i === 50) now += 40;
      const at = l.reserve(`user:${i}`, now);
      times.push(at);
      now = at;
    }
    const woke = (times[49] ?? 0) + 40;
    expect(times.slice(50, 55)).toEqual([woke, woke, woke, woke, woke + 10]);
    for (let i = 100; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 100] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("a paused key waits until Feishu's reset, other keys do not", () => {
    const l = new RateLimiter(limits());
    l.pauseKey("chat:a", 5000);
    expect(l.availableAt("chat:a", 0)).toBe(5000);
    expect(l.availableAt("chat:b", 0)).toBe(0);
  });

  it("forgets keys that no longer constrain anything", () => {
    const l = new RateLimiter(limits());
    l.reserve("chat:a", 0);
    l.reserve("chat:b", 0);
    l.prune(100);
    expect(l.size).toBe(2);
    l.prune(1000);
    expect(l.size).toBe(0);
  });
});
