import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { createDubanBot } from "../../src/bot";
import type { CardActionEvent, MessageEvent } from "../../src/bot/events";
import { members } from "../../src/db/schema";
import type { CardRef } from "../../src/kernel/messages";
import type { OutboxItem } from "../../src/outbox/ports";
import { createBotDeps } from "../../src/wiring/bot-deps";
import { silentLogger } from "../../src/wiring/log";
import { createMemoryOutbox } from "../fakes/memory-outbox";
import type { DbContext } from "../helpers/db";
import { cst, seedQ2 } from "../helpers/status-scenario";

export const OFFICE = { openId: "ou_office", name: "王主任" };
export const OFFICE2 = { openId: "ou_office2", name: "刘科长" };
export const LEADER = { openId: "ou_leader", name: "杨组长" };
export const ZHANG = { openId: "ou_zhang", name: "张三" }; // 市经信局 liaison, everything reported
export const STRANGER = { openId: "ou_stranger", name: "路人" };
export const GROUP = "oc_group";
export const OTHER_GROUP = "oc_group2";

export type Who = { openId: string; name: string };

/**
 * Shared by the office command and bulletin action tests: the Q2 seed (wuhan-test) with a bot over it, the memory
 * outbox, a clock, and bound group chats (two by default).
 */
export async function office(ctx: DbContext, at = cst("2022-06-26", "12:00"), groups = [GROUP, OTHER_GROUP]) {
  const { rounds } = await seedQ2(ctx.database);
  const outbox = createMemoryOutbox();
  const clock = { at: new Date(at) };
  const deps = createBotDeps({
    database: ctx.database,
    outbox,
    messenger: undefined,
    clock: { now: () => clock.at },
    logger: silentLogger,
    timezone: "Asia/Shanghai",
    admins: [OFFICE.openId],
  });
  await ctx.database.db.insert(members).values([
    { planId: "wuhan-test", openId: OFFICE2.openId, name: OFFICE2.name, role: "office" },
    { planId: "wuhan-test", openId: LEADER.openId, name: LEADER.name, role: "leader" },
  ]);
  for (const g of groups) {
    await deps.members.saveChat({ chatId: g, name: g, chatType: "group" }, clock.at);
    await deps.access.bindChat(g, "wuhan-test", "group");
  }
  const bot = createDubanBot(deps);
  let seq = 0;
  const since = async (work: () => Promise<unknown>) => {
    const before = outbox.items.length;
    const result = await work();
    return { result, items: outbox.items.slice(before) };
  };
  const message = (from: Who, text: string, eventId = `ev_${++seq}`): MessageEvent => ({
    kind: "message",
    eventId,
    at: clock.at,
    chatId: GROUP,
    chatType: "group",
    messageId: `om_${eventId}`,
    sender: from,
    text,
    mentions: [],
    addressed: true,
  });
  return {
    deps,
    outbox,
    clock,
    rounds,
    message,
    async say(from: Who, text: string, eventId?: string) {
      const { items } = await since(() => bot.handleEvent(message(from, text, eventId)));
      return { items, texts: texts(items), cards: cards(items) };
    },
    async sayEvent(ev: MessageEvent) {
      const { items } = await since(() => bot.handleEvent(ev));
      return { items, texts: texts(items), cards: cards(items) };
    },
    async click(from: Who, value: Record<string, unknown>, formValue?: Record<string, unknown>) {
      const ev: CardActionEvent = {
        kind: "card_action",
        eventId: `card_${++seq}`,
        at: clock.at,
        operator: from,
        chatId: GROUP,
        messageId: `om_card_${seq}`,
        value,
        formValue,
        name: undefined,
        tag: "button",
        option: undefined,
      };
      const { result, items } = await since(() => bot.handleCardAction(ev));
      return { ...(result as Awaited<ReturnType<typeof bot.handleCardAction>>), items };
    },
    async bulletinState() {
      return ctx.database.query<{ id: number; state: string; published_by: string | null }>(
        sql`select id, state, published_by from bulletins order by id`,
      );
    },
  };
}

export const texts = (items: OutboxItem[]) =>
  items.flatMap((i) =>
    (i.kind === "send" || i.kind === "reply") && i.message.type === "text" ? [i.message.text] : [],
  );
export const cards = (items: OutboxItem[]): CardRef[] =>
  items.flatMap((i) =>
    (i.kind === "send" || i.kind === "reply") && i.message.type === "card" ? [i.message.card] : [],
  );
export const only = (list: CardRef[]): CardRef => {
  expect(list).toHaveLength(1);
  return list[0] as CardRef;
};
