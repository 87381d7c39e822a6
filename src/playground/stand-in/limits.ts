import { FeishuError } from "./state";
import type { FakeFeishuOptions } from "./types";

/** Sliding 1 s windows per key, for the optional enforcement of Feishu's limits. */
export class WindowLimiter {
  private hits = new Map<string, number[]>();
  constructor(
    private readonly now: () => number,
    private readonly limits: NonNullable<FakeFeishuOptions["limits"]>,
  ) {}

  /** Throws Feishu's rate-limit answer when a call on these keys would exceed a limit; records it otherwise. */
  check(keys: Array<{ key: string; limit: number | undefined; app?: boolean }>): void {
    const now = this.now();
    for (const { key, limit, app } of keys) {
      if (!limit) continue;
      const list = (this.hits.get(key) ?? []).filter((t) => now - t < 1000);
      this.hits.set(key, list);
      if (list.length >= limit) {
        if (app)
          throw new FeishuError(429, 99991400, "request trigger frequency limit", {
            "x-ogw-ratelimit-limit": String(limit),
            "x-ogw-ratelimit-reset": "1",
          });
        throw new FeishuError(400, 230020, "This operation triggers the frequency limit.");
      }
    }
    for (const { key, limit } of keys) if (limit) this.hits.get(key)?.push(now);
  }

  get appPerSec() {
    return this.limits.appPerSec;
  }
  get chatPerSec() {
    return this.limits.chatPerSec;
  }
  get userPerSec() {
    return this.limits.userPerSec;
  }
  get messagePerSec() {
    return this.limits.messagePerSec;
  }
}

export function limitKeysFor(ctx: { limiter: WindowLimiter }, chatId: string, openId: string | undefined) {
  return [
    { key: "app", limit: ctx.limiter.appPerSec, app: true },
    openId
      ? { key: `user:${openId}`, limit: ctx.limiter.userPerSec }
      : { key: `chat:${chatId}`, limit: ctx.limiter.chatPerSec },
  ];
}
