import type { BotEvent, BotHandler, CardActionEvent } from "../../src/bot/events";
import type { CardActionResult } from "../../src/kernel/messages";

/**
 * A BotHandler that records what reached it. Card actions answer `cardResult` (or what `onCard` returns);
 * `failNext` makes the next handleEvent calls throw; `delayMs` slows card actions down.
 */
export function createRecordingBot(
  opts: {
    cardResult?: CardActionResult;
    onCard?: (event: CardActionEvent) => CardActionResult | Promise<CardActionResult>;
    delayMs?: number;
  } = {},
) {
  const events: Array<Exclude<BotEvent, CardActionEvent>> = [];
  const cardActions: CardActionEvent[] = [];
  const calls = { handleEvent: 0, handleCardAction: 0 };
  const state = { failNext: 0 };
  const bot: BotHandler = {
    async handleEvent(event) {
      calls.handleEvent++;
      if (state.failNext > 0) {
        state.failNext--;
        throw new Error("handler failed on purpose");
      }
      events.push(event);
    },
    async handleCardAction(event) {
      calls.handleCardAction++;
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      cardActions.push(event);
      return opts.onCard ? opts.onCard(event) : (opts.cardResult ?? {});
    },
  };
  return {
    bot,
    events,
    cardActions,
    calls,
    failNext(n: number) {
      state.failNext = n;
    },
  };
}

/** A defer that keeps the deferred promises so a test can wait for them (what Node's entry does on shutdown). */
export function createDeferred() {
  const pending = new Set<Promise<unknown>>();
  return {
    defer(work: Promise<unknown>) {
      const tracked = work.catch(() => {}).finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
