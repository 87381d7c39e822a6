import { dependencyOf, outboxItemSchema } from "./items";
import type { OutboxItem } from "./ports";
import type { ClaimedRow } from "./queue";
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

/**
 * What to do with a claimed row before any call: go (with the message its reply/patch/urgent acts on), fail
 * (unreadable payload, or its target message failed or never existed), or look again shortly (taken again
 * after a lease ended while its target is still on its way).
 */
export function prepareRow(row: ClaimedRow): { ready: Ready } | { fail: string } | { retryInMs: number } {
  const parsed = outboxItemSchema.safeParse(row.item);
  if (!parsed.success) return { fail: `发件箱记录格式无效：${parsed.error.issues[0]?.message ?? ""}` };
  const item = parsed.data as OutboxItem;
  const dep = dependencyOf(item);
  if (dep === undefined) {
    const ref = item.kind === "reply" ? item.replyTo : item.kind === "send" ? undefined : item.target;
    return { ready: { row, item, messageId: ref && "messageId" in ref ? ref.messageId : undefined } };
  }
  const d = row.dependency;
  if (d?.state === "sent" && d.messageId) return { ready: { row, item, messageId: d.messageId } };
  if (d && (d.state === "pending" || d.state === "sending")) return { retryInMs: 1000 };
  return { fail: d ? `目标消息（${dep}）未能发送` : `目标消息（${dep}）不在发件箱中` };
}
