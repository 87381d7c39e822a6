import type { Ready } from "./outbox-plan";
import { type Messenger, MessengerError } from "./ports/messenger";

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
    return { kind: "failed", error: `重试 ${attempts} 次仍失败: ${e.message}` };
  if (e.reason === "rate_limited" && e.detail.resetSeconds !== undefined) {
    const resetMs = e.detail.resetSeconds * 1000;
    return { kind: "retry", delayMs: resetMs + policy.random() * 250, error: e.message, pauseMs: resetMs };
  }
  const d = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempts - 1));
  return { kind: "retry", delayMs: d / 2 + (policy.random() * d) / 2, error: e.message, pauseMs: undefined };
}
