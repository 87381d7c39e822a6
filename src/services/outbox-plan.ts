import type { OutboxItem } from "./ports/outbox";
import type { ClaimedRow } from "./ports/outbox-queue";
import type { RateLimiter } from "./rate-limit";

/** A claimed row ready to go, with the Feishu message a reply/patch/urgent acts on. */
export interface Ready {
  row: ClaimedRow;
  item: OutboxItem;
  messageId: string | undefined;
}

/**
 * Orders a claim for sending: repeatedly the bucket that can go soonest (simulated on a fork of the
 * limiter), so one busy chat does not hold up the app limit while others wait behind it. What cannot go
 * within the horizon is left, with the time its bucket frees up. Times are epoch ms.
 */
export function planBatch(
  ready: Ready[],
  limiter: RateLimiter,
  horizonMs: number,
  now: number,
): { plan: Ready[]; left: Array<{ entry: Ready; at: number }> } {
  const byBucket = new Map<string, Ready[]>();
  for (const r of ready) {
    const list = byBucket.get(r.row.bucket) ?? [];
    list.push(r);
    byBucket.set(r.row.bucket, list);
  }
  const sim = limiter.fork();
  const plan: Ready[] = [];
  while (byBucket.size > 0) {
    let best: string | undefined;
    let bestAt = Number.POSITIVE_INFINITY;
    for (const bucket of byBucket.keys()) {
      const at = sim.keyAvailableAt(bucket, now);
      if (at < bestAt) [best, bestAt] = [bucket, at];
    }
    if (best === undefined || sim.availableAt(best, now) - now > horizonMs) break;
    const list = byBucket.get(best) ?? [];
    const entry = list.shift();
    if (list.length === 0) byBucket.delete(best);
    if (entry) {
      sim.reserve(best, now);
      plan.push(entry);
    }
  }
  const left: Array<{ entry: Ready; at: number }> = [];
  for (const [bucket, list] of byBucket) {
    const at = sim.availableAt(bucket, now);
    for (const entry of list) left.push({ entry, at });
  }
  return { plan, left };
}
