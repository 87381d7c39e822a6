/**
 * Feishu stops updating a message card, and stops delivering its callbacks, 14 days after the card was sent.
 * A unit's overview card must therefore be replaced by a fresh one before then while its round is still open,
 * and a click that reaches us on an older (or replaced) card must change nothing.
 */
export const CARD_LIFETIME_MS = 14 * 864e5;
/** Re-send a day ahead, so the tick (hourly at worst) has time and the old card still takes its last patch. */
export const CARD_REFRESH_AFTER_MS = CARD_LIFETIME_MS - 864e5;

export type CardFreshness = "current" | "expired" | "superseded";

/** What a click on a sent overview card may do: `current` acts; the others only get a toast. */
export function cardFreshness(card: { sentAt: Date; current: boolean }, now: Date): CardFreshness {
  if (now.getTime() - card.sentAt.getTime() >= CARD_LIFETIME_MS) return "expired";
  return card.current ? "current" : "superseded";
}

export const EXPIRED_CARD_TOAST = "此卡片已超过14天，已重新发送最新卡片，请在新卡片中操作。";
export const SUPERSEDED_CARD_TOAST = "此卡片已被新卡片取代，请在最新收到的卡片中操作。";
