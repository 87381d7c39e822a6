import type { BotEvent, BotHandler, CardActionEvent } from "../bot/events";
import type { Clock } from "../kernel/clock";
import type { EventStore } from "../kernel/event-store";
import type { Logger } from "../kernel/logger";
import type { CardActionResult, Toast } from "../kernel/messages";
import { renderCard } from "./cards";
import type { Envelope } from "./envelopes";
import { plainLiteral } from "./escape";
import { BotIdentityUnavailable, normalize } from "./events";

/**
 * What both transports (webhook, long connection) do with a verified envelope: normalize → dedup on event_id →
 * ack → handle. Events are handled after the ack (deferred); card actions are answered in the response.
 *
 * No event is lost once acked: the claim stores the normalized event as pending; the handler marks it done.
 * If the handler throws, the event is retried with backoff (30 s, 1 min, 2 min … up to 6 attempts); if the
 * process dies, the lease (5 min) expires and redeliver() runs it again. Handlers must therefore be idempotent
 * per eventId (outbox keys derived from it make replies send once).
 */

export type InboundResult =
  | { kind: "event"; status: 200; body: { ok: true; duplicate?: true; ignored?: string } }
  | { kind: "card"; status: 200; body: CardAnswer }
  | { kind: "event" | "card"; status: 400 | 503; body: { error: string } };

/** Feishu's answer to card.action.trigger (callback schema 2.0). {} keeps the card as it is. */
export interface CardAnswer {
  toast?: Toast;
  card?: { type: "raw"; data: Record<string, unknown> };
}

export interface InboundDeps {
  store: EventStore;
  bot: BotHandler;
  logger: Logger;
  clock: Clock;
  botOpenId: () => Promise<string | undefined>;
  /** Characters of a message's text kept (see NormalizeContext.maxText). */
  maxText?: number;
  /** Runs work after the answer (Node: tracked promise; Workers: waitUntil). */
  defer?: (work: Promise<unknown>) => void;
  /** Budget for a card action's answer; Feishu waits 3 s in all. */
  cardBudgetMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
}

export interface Inbound {
  dispatch(envelope: Envelope): Promise<InboundResult>;
  /** Runs pending events whose lease or retry time has passed; returns how many were started. */
  redeliver(limit?: number): Promise<number>;
  /** Forgets finished dedup records older than `days` (Feishu retries within ≈7 h; keep far longer). */
  prune(days?: number): Promise<number>;
}

export const TOASTS = {
  timeout: { type: "info", content: "正在处理，请稍后刷新卡片查看结果" },
  failed: { type: "error", content: "操作失败，请稍后重试" },
  busy: { type: "error", content: "系统繁忙，请稍后重试" },
  badCard: { type: "error", content: "卡片生成失败，请联系管理员" },
} as const satisfies Record<string, Toast>;

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 30 * 60_000;

export function createInbound(deps: InboundDeps): Inbound {
  const { store, bot, logger, clock } = deps;
  const cardBudgetMs = deps.cardBudgetMs ?? 2500;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const maxAttempts = deps.maxAttempts ?? 6;
  const defer =
    deps.defer ??
    ((work: Promise<unknown>) => {
      work.catch((err) => logger.error({ err }, "deferred work failed"));
    });
  const later = (ms: number) => new Date(clock.now().getTime() + ms);
  const normalizeContext = { botOpenId: deps.botOpenId, maxText: deps.maxText };

  async function run(
    event: Exclude<BotEvent, CardActionEvent>,
    eventType: string,
    attempt: number,
  ): Promise<void> {
    try {
      await bot.handleEvent(event);
    } catch (err) {
      const retry = attempt < maxAttempts;
      const delay = Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
      logger.error(
        { eventId: event.eventId, kind: event.kind, attempt, err, retry },
        retry ? "event handler failed; will retry" : "event handler failed; giving up",
      );
      await store.markFailed(event.eventId, String(err), clock.now(), retry ? later(delay) : null);
      return;
    }
    await store.markDone({ eventId: event.eventId, eventType }, clock.now());
  }

  async function dispatchCard(event: CardActionEvent, eventType: string): Promise<InboundResult> {
    const answer = (body: CardAnswer): InboundResult => ({ kind: "card", status: 200, body });
    // One budget for the whole answer, database included: a stalled database must not outlast Feishu's 3 s.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), cardBudgetMs);
    });
    try {
      const claimed = store.claim({
        eventId: event.eventId,
        eventType,
        payload: null,
        now: clock.now(),
        leaseUntil: null,
      });
      const handle = (fresh: boolean) => {
        if (!fresh) return undefined;
        const handled = Promise.resolve().then(() => bot.handleCardAction(event));
        // Recording the outcome is not on the answer's path.
        defer(
          handled.then(
            () => store.markDone({ eventId: event.eventId, eventType }, clock.now()),
            (err) => {
              logger.error({ eventId: event.eventId, err }, "card action failed");
              return store.markFailed(event.eventId, String(err), clock.now(), null);
            },
          ),
        );
        return handled;
      };
      let fresh: boolean | "timeout";
      try {
        fresh = await Promise.race([claimed, deadline]);
      } catch (err) {
        // Card callbacks are not retried by Feishu, and a non-200 only shows an error code: say it in a toast.
        logger.error({ eventId: event.eventId, err }, "card action: database unavailable");
        return answer({ toast: TOASTS.busy });
      }
      if (fresh === "timeout") {
        // The claim may still land: the action then runs after the answer, once, as the toast promises.
        defer(
          claimed.then(
            (late) => handle(late),
            (err) =>
              logger.error({ eventId: event.eventId, err }, "card action: claim failed after the answer"),
          ),
        );
        logger.warn(
          { eventId: event.eventId, budgetMs: cardBudgetMs },
          "card action: database slower than the budget",
        );
        return answer({ toast: TOASTS.timeout });
      }
      const handled = handle(fresh);
      if (!handled) {
        logger.info({ eventId: event.eventId }, "card action: duplicate, nothing done");
        return answer({});
      }
      let outcome: CardActionResult | "timeout";
      try {
        outcome = await Promise.race([handled, deadline]);
      } catch {
        return answer({ toast: TOASTS.failed });
      }
      if (outcome === "timeout") {
        logger.warn({ eventId: event.eventId, budgetMs: cardBudgetMs }, "card action slower than its budget");
        return answer({ toast: TOASTS.timeout });
      }
      return answer(cardBody(event, outcome));
    } finally {
      clearTimeout(timer);
    }
  }

  function cardBody(event: CardActionEvent, outcome: CardActionResult): CardAnswer {
    const body: CardAnswer = {};
    if (outcome.toast)
      body.toast = { type: outcome.toast.type, content: plainLiteral(outcome.toast.content) };
    if (outcome.card) {
      try {
        body.card = { type: "raw", data: renderCard(outcome.card) };
      } catch (err) {
        logger.error({ eventId: event.eventId, template: outcome.card.template, err }, "card render failed");
        return { toast: TOASTS.badCard };
      }
    }
    return body;
  }

  return {
    async dispatch(envelope) {
      const { event_id: eventId, event_type: eventType } = envelope.header;
      let normalized: Awaited<ReturnType<typeof normalize>>;
      try {
        normalized = await normalize(envelope, normalizeContext);
      } catch (err) {
        if (!(err instanceof BotIdentityUnavailable)) throw err;
        logger.warn({ eventId, eventType }, err.message);
        return { kind: "event", status: 503, body: { error: `${err.message}; retry later` } };
      }
      switch (normalized.kind) {
        case "invalid":
          logger.warn({ eventId, eventType, error: normalized.error }, "invalid event");
          return {
            kind: eventType === "card.action.trigger" ? "card" : "event",
            status: 400,
            body: { error: normalized.error },
          };
        case "ignored":
          logger.info({ eventId, eventType, reason: normalized.reason }, "event ignored");
          return { kind: "event", status: 200, body: { ok: true, ignored: normalized.reason } };
        case "card":
          return dispatchCard(normalized.event, eventType);
        case "event": {
          const event = normalized.event;
          let fresh: boolean;
          try {
            fresh = await store.claim({
              eventId,
              eventType,
              payload: event,
              now: clock.now(),
              leaseUntil: later(leaseMs),
            });
          } catch (err) {
            logger.error({ eventId, eventType, err }, "database unavailable; Feishu will retry");
            return { kind: "event", status: 503, body: { error: "database unavailable; retry later" } };
          }
          if (!fresh) {
            logger.info({ eventId, eventType }, "duplicate event acknowledged, nothing done");
            return { kind: "event", status: 200, body: { ok: true, duplicate: true } };
          }
          defer(run(event, eventType, 1));
          return { kind: "event", status: 200, body: { ok: true } };
        }
      }
    },

    async redeliver(limit = 20) {
      const due = await store.takeDue(clock.now(), later(leaseMs), limit);
      for (const pending of due) {
        const event = revive(pending.payload);
        if (!event) {
          await store.markFailed(pending.eventId, "stored payload is not an event", clock.now(), null);
          continue;
        }
        logger.info({ eventId: pending.eventId, attempt: pending.attempts }, "running a pending event again");
        defer(run(event, pending.eventType, pending.attempts));
      }
      return due.length;
    },

    async prune(days = 30) {
      return store.prune(new Date(clock.now().getTime() - days * 24 * 60 * 60_000));
    },
  };
}

/** A stored payload back into an event (JSON turned `at` into a string). */
function revive(payload: unknown): Exclude<BotEvent, CardActionEvent> | undefined {
  if (!payload || typeof payload !== "object") return undefined;
  const p = payload as Record<string, unknown>;
  if (typeof p.kind !== "string" || p.kind === "card_action" || typeof p.eventId !== "string")
    return undefined;
  return { ...p, at: new Date(String(p.at)) } as unknown as Exclude<BotEvent, CardActionEvent>;
}
