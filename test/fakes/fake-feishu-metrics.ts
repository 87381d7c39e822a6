import type { Endpoint, FakeMessage, RecordedCall } from "../../src/playground/stand-in/types";

export type PeakScope = "app" | "chat" | "user" | "message";

/**
 * The most calls within any window (default 1 s) for one key: "app" (all of them), "chat" / "user"
 * (send and reply per group chat / per user), "message" (patches per message).
 */
export function peakRate(
  recorded: RecordedCall[],
  messages: Map<string, FakeMessage>,
  scope: PeakScope,
  opts: { windowMs?: number; endpoints?: Endpoint[] } = {},
): { peak: number; key: string | undefined } {
  const windowMs = opts.windowMs ?? 1000;
  const endpoints = opts.endpoints ?? (scope === "message" ? ["patch"] : ["send", "reply"]);
  const byKey = new Map<string, number[]>();
  for (const c of recorded) {
    if (!endpoints.includes(c.endpoint)) continue;
    const key = scopeKey(messages, scope, c);
    if (key === undefined) continue;
    const list = byKey.get(key) ?? [];
    list.push(c.at);
    byKey.set(key, list);
  }
  let best = { peak: 0, key: undefined as string | undefined };
  for (const [key, times] of byKey) {
    times.sort((a, b) => a - b);
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while ((times[hi] ?? 0) - (times[lo] ?? 0) >= windowMs) lo++;
      if (hi - lo + 1 > best.peak) best = { peak: hi - lo + 1, key };
    }
  }
  return best;
}

function scopeKey(messages: Map<string, FakeMessage>, scope: PeakScope, c: RecordedCall): string | undefined {
  if (scope === "app") return "app";
  let chatId: string | undefined;
  let openId: string | undefined;
  if (c.endpoint === "send") {
    const body = c.body as { receive_id?: string };
    if (c.query.receive_id_type === "chat_id") chatId = body.receive_id;
    else openId = body.receive_id;
  } else {
    const id = /\/messages\/([^/]+)/.exec(c.path)?.[1];
    if (scope === "message") return id;
    const m = id ? messages.get(id) : undefined;
    if (m?.chatType === "group") chatId = m.chatId;
    else openId = m?.openId;
  }
  if (scope === "chat") return chatId;
  if (scope === "user") return openId;
  return undefined;
}
