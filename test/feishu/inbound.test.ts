import { describe, expect, it } from "vitest";
import type { BotHandler } from "../../src/bot/events";
import { openDatabase } from "../../src/db/open-node";
import { createEventStore } from "../../src/db/store/event-store";
import { envelopeSchema } from "../../src/feishu/envelopes";
import { createInbound, TOASTS } from "../../src/feishu/inbound";
import { createMemoryLogger } from "../../src/wiring/log";
import { createEventSender, TEST_BOT } from "../fakes/event-sender";
import { createDeferred, createRecordingBot } from "../fakes/recording-bot";
import { describeDb } from "../helpers/db";

/** A clock the test moves by hand. */
function manualClock(start = new Date("2022-06-22T01:30:00Z")) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describeDb("inbound pipeline: nothing acked is lost", (ctx) => {
  const sender = createEventSender({ verificationToken: "t" });
  const env = (e: unknown) => envelopeSchema.parse(e);

  function setup(bot: BotHandler, opts: { cardBudgetMs?: number } = {}) {
    const clock = manualClock();
    const deferred = createDeferred();
    const store = createEventStore(ctx.database.db);
    const inbound = createInbound({
      store,
      bot,
      logger: createMemoryLogger(),
      clock,
      botOpenId: async () => TEST_BOT.openId,
      defer: deferred.defer,
      ...opts,
    });
    return { clock, deferred, store, inbound };
  }

  it("a handler that fails after the ack is retried with backoff until it succeeds, once", async () => {
    const rec = createRecordingBot();
    const { clock, deferred, store, inbound } = setup(rec.bot);
    rec.failNext(2);
    const e = env(sender.message({ text: "/status", chatType: "p2p" }));
    expect((await inbound.dispatch(e)).status).toBe(200);
    await deferred.drain();
    expect(await store.get(e.header.event_id)).toMatchObject({ state: "pending", attempts: 1 });
    expect((await store.get(e.header.event_id))?.lastError).toMatch(/failed on purpose/);

    // Not yet due (first backoff is 30 s).
    clock.advance(10_000);
    expect(await inbound.redeliver()).toBe(0);
    clock.advance(25_000);
    expect(await inbound.redeliver()).toBe(1);
    await deferred.drain();
    expect(await store.get(e.header.event_id)).toMatchObject({ state: "pending", attempts: 2 });

    clock.advance(61_000); // second backoff: 1 min
    expect(await inbound.redeliver()).toBe(1);
    await deferred.drain();
    expect(await store.get(e.header.event_id)).toMatchObject({ state: "done", attempts: 3 });
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0]?.at).toBeInstanceOf(Date);

    clock.advance(3600_000);
    expect(await inbound.redeliver()).toBe(0);
    // Feishu delivering it again changes nothing.
    expect((await inbound.dispatch(e)).body).toEqual({ ok: true, duplicate: true });
  });

  it("gives up after 6 attempts and keeps the failure visible", async () => {
    const rec = createRecordingBot();
    const { clock, deferred, store, inbound } = setup(rec.bot);
    rec.failNext(100);
    const e = env(sender.botAdded({ chatId: "oc_1", chatName: "工作群" }));
    await inbound.dispatch(e);
    await deferred.drain();
    for (let i = 0; i < 10; i++) {
      clock.advance(31 * 60_000);
      await inbound.redeliver();
      await deferred.drain();
    }
    expect(await store.get(e.header.event_id)).toMatchObject({ state: "failed", attempts: 6 });
    expect(rec.calls.handleEvent).toBe(6);
  });

  it("an event whose process died mid-handling runs again once its 5 min lease expires", async () => {
    let calls = 0;
    const handled: string[] = [];
    const bot: BotHandler = {
      async handleEvent(e) {
        calls++;
        if (calls === 1) return new Promise<void>(() => {}); // hangs forever: the process "died"
        handled.push(e.eventId);
      },
      async handleCardAction() {
        return {};
      },
    };
    const { clock, store, inbound } = setup(bot);
    const e = env(sender.chatDisbanded({ chatId: "oc_gone" }));
    await inbound.dispatch(e);
    clock.advance(4 * 60_000);
    expect(await inbound.redeliver()).toBe(0);
    clock.advance(2 * 60_000);
    expect(await inbound.redeliver()).toBe(1);
    // The first (hung) attempt never settles, so wait for the record rather than for every deferred promise.
    for (let i = 0; i < 100 && (await store.get(e.header.event_id))?.state !== "done"; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(handled).toEqual([e.header.event_id]);
    expect(await store.get(e.header.event_id)).toMatchObject({ state: "done", attempts: 2 });
  });

  it("a slow card action is answered within its budget with a Chinese toast, and still completes", async () => {
    const rec = createRecordingBot({
      delayMs: 200,
      cardResult: { toast: { type: "success", content: "已报送" } },
    });
    const { deferred, store, inbound } = setup(rec.bot, { cardBudgetMs: 50 });
    const e = env(sender.cardAction({ operator: "ou_op", value: { action: "submit" } }));
    const started = Date.now();
    const r = await inbound.dispatch(e);
    expect(Date.now() - started).toBeLessThan(190);
    expect(r).toEqual({ kind: "card", status: 200, body: { toast: TOASTS.timeout } });
    expect(TOASTS.timeout.content).toMatch(/正在处理/);
    await deferred.drain();
    expect(rec.cardActions).toHaveLength(1);
    expect(await store.get(e.header.event_id)).toMatchObject({ state: "done" });
  });

  it("a card action that throws gets an error toast and is recorded as failed", async () => {
    const bot: BotHandler = {
      async handleEvent() {},
      async handleCardAction() {
        throw new Error("boom");
      },
    };
    const { deferred, store, inbound } = setup(bot);
    const e = env(sender.cardAction({ operator: "ou_op", value: { action: "x" } }));
    expect((await inbound.dispatch(e)).body).toEqual({ toast: TOASTS.failed });
    await deferred.drain();
    expect(await store.get(e.header.event_id)).toMatchObject({ state: "failed", lastError: "Error: boom" });
  });

  it("a card whose template is unknown is not sent half-made: error toast", async () => {
    const rec = createRecordingBot({ cardResult: { card: { template: "no-such-template", data: {} } } });
    const { inbound } = setup(rec.bot);
    const r = await inbound.dispatch(env(sender.cardAction({ operator: "ou_op", value: { action: "x" } })));
    expect(r.body).toEqual({ toast: TOASTS.badCard });
  });

  it("with the database down, a card action gets a busy toast and the bot is not called", async () => {
    const rec = createRecordingBot();
    const dead = await openDatabase({ url: "postgres://nobody@127.0.0.1:1/none" });
    try {
      const inbound = createInbound({
        store: createEventStore(dead.db),
        bot: rec.bot,
        logger: createMemoryLogger(),
        clock: manualClock(),
        botOpenId: async () => TEST_BOT.openId,
      });
      const r = await inbound.dispatch(env(sender.cardAction({ operator: "ou_op", value: { action: "x" } })));
      expect(r).toEqual({ kind: "card", status: 200, body: { toast: TOASTS.busy } });
      expect(rec.calls.handleCardAction).toBe(0);
    } finally {
      await dead.close();
    }
  });

  it("a group message with mentions waits (503) while the bot's open_id is unknown; nothing recorded", async () => {
    const rec = createRecordingBot();
    const store = createEventStore(ctx.database.db);
    const inbound = createInbound({
      store,
      bot: rec.bot,
      logger: createMemoryLogger(),
      clock: manualClock(),
      botOpenId: async () => undefined,
    });
    const e = env(sender.message({ text: "/status", mentionBot: true }));
    const r = await inbound.dispatch(e);
    expect(r.status).toBe(503);
    expect(await store.get(e.header.event_id)).toBeUndefined();
  });

  it("prunes finished dedup records after 30 days, never pending ones", async () => {
    const rec = createRecordingBot();
    const { clock, deferred, store, inbound } = setup(rec.bot);
    const done = env(sender.chatDisbanded({ chatId: "oc_a" }));
    await inbound.dispatch(done);
    await deferred.drain();
    rec.failNext(100);
    const pending = env(sender.chatDisbanded({ chatId: "oc_b" }));
    await inbound.dispatch(pending);
    await deferred.drain();
    clock.advance(29 * 24 * 3600_000);
    expect(await inbound.prune()).toBe(0);
    clock.advance(2 * 24 * 3600_000);
    expect(await inbound.prune()).toBe(1);
    expect(await store.get(done.header.event_id)).toBeUndefined();
    expect(await store.get(pending.header.event_id)).toMatchObject({ state: "pending" });
  });
});

describe("inbound pipeline (no database needed)", () => {
  it("exports Chinese toasts", () => {
    for (const t of Object.values(TOASTS)) expect(t.content).toMatch(/[\u4e00-\u9fa5]/);
  });
});
