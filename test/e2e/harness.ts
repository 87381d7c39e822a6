import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { loadConfig } from "../../src/config";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { createMemoryLogger } from "../../src/wiring/log";
import { createRuntime, type Runtime } from "../../src/wiring/runtime";
import { createStorageHealth } from "../../src/wiring/storage-health";
import { createEventSender, type Envelope } from "../fakes/event-sender";
import { type FakeFeishu, startFakeFeishu } from "../fakes/fake-feishu";
import type { DbContext } from "../helpers/db";

/**
 * End to end on loopback: the real runtime (HTTP route, verification, dedup, bot, outbox, dispatcher, SDK Client)
 * on a real port, a fake Feishu Open Platform the SDK talks to, and an event sender that signs and encrypts
 * exactly as Feishu does. Nothing is stubbed between the signed request and the message the fake receives.
 */

export const VERIFICATION_TOKEN = "v3rification-t0ken";
export const ENCRYPT_KEY = "encrypt-key-for-tests";
export const OFFICE = { openId: "ou_office0000000000000000000000001", name: "王主任" };

export interface Person {
  openId: string;
  name: string;
}

export interface E2EOptions {
  admins?: string[];
  /** Probe writes as the Node service does, so that /healthz answers as in production. */
  storageProbe?: boolean;
  /** Business time (the bot's clock) at the start; it runs on with real time, and `at` moves it. */
  now?: Date;
}

export interface CardAnswer {
  status: number;
  toast?: { type: string; content: string };
  card?: unknown;
}

export async function startE2E(ctx: DbContext, opts: E2EOptions = {}) {
  const fake: FakeFeishu = await startFakeFeishu({ strict: true });
  // The simulated time runs like a real clock from where the test put it: rows the outbox's rate limiter put
  // back a few hundred milliseconds become due, as they do in production.
  const clock = { at: opts.now ?? new Date("2022-06-20T02:00:00Z"), setAt: Date.now() };
  const now = () => new Date(clock.at.getTime() + (Date.now() - clock.setAt));
  const pending = new Set<Promise<unknown>>();
  const logger = createMemoryLogger();
  const config = loadConfig({
    FEISHU_APP_ID: fake.appId,
    FEISHU_APP_SECRET: fake.appSecret,
    FEISHU_DOMAIN: fake.url,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    DUBAN_ADMINS: (opts.admins ?? [OFFICE.openId]).join(","),
    LOG_LEVEL: "warn",
  });
  const storage = opts.storageProbe
    ? createStorageHealth({ database: ctx.database, clock: { now }, logger })
    : undefined;
  storage?.start();
  const rt: Runtime = createRuntime({
    config,
    database: ctx.database,
    logger,
    ...(storage ? { storage } : {}),
    clock: { now },
    defer: (work) => {
      const tracked = work.finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    drainInTick: true,
  });
  const server = serve({ fetch: rt.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sender = createEventSender({
    verificationToken: VERIFICATION_TOKEN,
    encryptKey: ENCRYPT_KEY,
    appId: fake.appId,
    botOpenId: fake.botOpenId,
    // Feishu stamps requests with its own clock: in these tests, the simulated time.
    now,
  });

  /** Waits until every deferred handler finished and the outbox has nothing due. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      // Rows the rate limiter spaced out (5 per second per user and per chat) are due within a second: wait for
      // them; rows due later (a scheduled nudge) stay pending.
      const s = await rt.dispatcher?.runUntilIdle({ maxWaitMs: 1000 });
      if (pending.size === 0 && (!s || s.claimed === 0)) return;
    }
  }

  async function post(envelope: Envelope): Promise<Response> {
    const res = await sender.post(url, envelope);
    if (res.status !== 200)
      logger.warn({ status: res.status, body: await res.clone().text() }, "e2e: webhook refused");
    return res;
  }

  /** Everything the fake received from the bot since `before` (a count from `fake.sent().length`). */
  const since = (before: number): FakeMessage[] => fake.sent().slice(before);

  return {
    fake,
    rt,
    url,
    sender,
    logger,
    clock,
    settle,
    post,
    /** Sets the business clock. */
    at(iso: string | Date) {
      clock.at = new Date(iso);
      clock.setAt = Date.now();
    },
    /** A person sends a message @-mentioning the bot in a group chat (or in p2p); returns what the bot sent. */
    async say(from: Person, text: string, o: { chatId?: string; p2p?: boolean; mentions?: Person[] } = {}) {
      const before = fake.sent().length;
      // Mentions of people are written as Feishu's keys in the text (@_user_2 …; @_user_1 is the bot).
      const keyed = (o.mentions ?? []).reduce(
        (t, m, i) => t.split(`@${m.name}`).join(`@_user_${i + (o.p2p ? 1 : 2)}`),
        text,
      );
      // The fake knows the message, so the bot's reply to it lands like a real one.
      const chatId = o.chatId ?? "oc_e2e_group";
      const userMsg = fake.userMessage(from.openId, o.p2p ? { p2p: true } : { chatId }, text);
      const env = sender.message({
        text: keyed,
        sender: from.openId,
        chatId: userMsg.chatId,
        chatType: o.p2p ? "p2p" : "group",
        mentionBot: !o.p2p,
        mentions: (o.mentions ?? []).map((m) => ({ openId: m.openId, name: m.name })),
      });
      (env.event.message as { message_id: string }).message_id = userMsg.messageId;
      const res = await post(env);
      await settle();
      return { status: res.status, sent: since(before) };
    },
    /** A click on a card button (and a form's values); returns the callback's answer and what was sent. */
    async click(
      from: Person,
      value: Record<string, unknown>,
      o: { formValue?: Record<string, unknown>; messageId?: string; chatId?: string } = {},
    ) {
      const before = fake.sent().length;
      const res = await post(
        sender.cardAction({
          operator: from.openId,
          value,
          ...(o.formValue ? { formValue: o.formValue } : {}),
          ...(o.messageId ? { messageId: o.messageId } : {}),
          chatId: o.chatId ?? "oc_e2e_group",
        }),
      );
      const body = (await res.json()) as { toast?: CardAnswer["toast"]; card?: { data?: unknown } };
      await settle();
      const answer: CardAnswer = { status: res.status, toast: body.toast, card: body.card?.data };
      return { ...answer, sent: since(before) };
    },
    /** Any other event (membership …) through the route. */
    async deliver(envelope: Envelope) {
      const before = fake.sent().length;
      const res = await post(envelope);
      await settle();
      return { status: res.status, sent: since(before) };
    },
    async close() {
      storage?.stop();
      await settle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rt.dispatcher?.stop();
      await fake.close();
    },
  };
}

export type E2E = Awaited<ReturnType<typeof startE2E>>;

/** The text of a message as a person sees it (text messages and cards alike). */
export function shownText(m: FakeMessage | undefined): string {
  if (!m) return "";
  if (m.text !== undefined) return m.text.replace(/\u2060/g, "");
  return JSON.stringify(m.card ?? "").replace(/&#(\d+);/g, (_x, c: string) => String.fromCharCode(Number(c)));
}
