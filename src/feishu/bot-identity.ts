import { elapsed } from "../kernel/clock";

/**
 * The bot's own open_id, from GET /open-apis/bot/v3/info (the outbound Messenger's botInfo()), cached once known.
 * Until then each call tries again, at most once per `retryMs`, so a Feishu outage does not turn every inbound
 * message into an API call; the caller answers 503 meanwhile and Feishu retries.
 */
export function cachedBotOpenId(
  fetchOpenId: () => Promise<string>,
  opts: { retryMs?: number; now?: () => number; onError?: (err: unknown) => void } = {},
): () => Promise<string | undefined> {
  const retryMs = opts.retryMs ?? 10_000;
  const now = opts.now ?? elapsed.ms;
  let known: string | undefined;
  let inflight: Promise<string | undefined> | undefined;
  let lastFailure = -Infinity;
  return async () => {
    if (known) return known;
    if (inflight) return inflight;
    if (now() - lastFailure < retryMs) return undefined;
    inflight = fetchOpenId()
      .then((id) => {
        known = id;
        return id;
      })
      .catch((err) => {
        lastFailure = now();
        opts.onError?.(err);
        return undefined;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
}
