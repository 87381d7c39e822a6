import { createDubanBot } from "../../src/bot";
import type { BotDeps } from "../../src/bot/deps";
import type { BotHandler, CardActionEvent, MessageEvent } from "../../src/bot/events";
import { createPlanStore } from "../../src/db/store/plan-store";
import type { PlanInput } from "../../src/domain/plan-format";
import type { CardActionResult, CardRef } from "../../src/kernel/messages";
import type { Person } from "../../src/kernel/messenger";
import type { OutboxItem } from "../../src/outbox/ports";
import { loadPlan } from "../../src/plans/load";
import { createBotDeps } from "../../src/wiring/bot-deps";
import { silentLogger } from "../../src/wiring/log";
import { createFakeDirectory } from "../fakes/fake-directory";
import { createMemoryOutbox } from "../fakes/memory-outbox";
import { smallPlan } from "../fixtures/small-plan";
import type { DbContext } from "./db";

export const OFFICE: Person = { openId: "ou_office", name: "办公室王主任" };

export interface ScenarioOptions {
  plans?: PlanInput[];
  /** DUBAN_ADMINS (default: OFFICE). */
  admins?: string[];
  chatId?: string;
  chatName?: string;
  /** People Feishu lists in the chat (default: OFFICE only). */
  people?: Person[];
  /** false: no Feishu app configured (deps.messenger undefined). */
  messenger?: boolean;
}

/**
 * A bot over a real database with the memory outbox and a fake Feishu directory, plus helpers to send it
 * messages, card clicks and membership events. Reusable by any feature that needs a plan, a chat and members.
 */
export async function createScenario(ctx: DbContext, opts: ScenarioOptions = {}) {
  const chatId = opts.chatId ?? "oc_group";
  const chatName = opts.chatName ?? "1号议案办理工作群";
  const plans = createPlanStore(ctx.database.db);
  for (const p of opts.plans ?? [smallPlan()])
    await loadPlan(plans, p, { now: new Date("2022-04-01T00:00:00Z") });
  const outbox = createMemoryOutbox();
  const directory = createFakeDirectory();
  directory.setChat(chatId, opts.people ?? [OFFICE]);
  let tick = Date.parse("2022-06-20T02:00:00Z");
  const deps: BotDeps = createBotDeps({
    database: ctx.database,
    outbox,
    messenger: opts.messenger === false ? undefined : directory,
    clock: {
      now: () => {
        tick += 1000;
        return new Date(tick);
      },
    },
    logger: silentLogger,
    timezone: "Asia/Shanghai",
    admins: opts.admins ?? [OFFICE.openId],
  });
  const bot: BotHandler = createDubanBot(deps);
  let seq = 0;
  const next = (prefix: string) => `${prefix}_${++seq}`;

  const since = async <T>(work: () => Promise<T>) => {
    const before = outbox.items.length;
    const result = await work();
    return { result, items: outbox.items.slice(before) };
  };

  function message(
    from: Person,
    text: string,
    more: { mentions?: Person[]; chatId?: string; chatType?: "group" | "p2p" } = {},
  ): MessageEvent {
    const id = next("ev");
    return {
      kind: "message",
      eventId: id,
      at: new Date(tick),
      chatId: more.chatId ?? chatId,
      chatType: more.chatType ?? "group",
      messageId: `om_${id}`,
      sender: from,
      text,
      mentions: more.mentions ?? [],
      addressed: true,
    };
  }

  return {
    deps,
    bot,
    outbox,
    directory,
    chatId,
    db: ctx.database,
    /** Sends a command; returns what the bot enqueued for it. */
    async say(from: Person, text: string, more: Parameters<typeof message>[2] = {}) {
      const { items } = await since(() => bot.handleEvent(message(from, text, more)));
      return { items, texts: textsOf(items), cards: cardsOf(items) };
    },
    async sayEvent(ev: MessageEvent) {
      return since(() => bot.handleEvent(ev));
    },
    message,
    /** A card click (or a form submit with formValue) by operator. */
    async click(
      operator: Person,
      value: Record<string, unknown>,
      formValue?: Record<string, unknown>,
      more: { chatId?: string } = {},
    ): Promise<{ result: CardActionResult; items: OutboxItem[] }> {
      const ev: CardActionEvent = {
        kind: "card_action",
        eventId: next("card"),
        at: new Date(tick),
        operator,
        chatId: more.chatId ?? chatId,
        messageId: `om_card_${seq}`,
        value,
        formValue,
        name: formValue ? "submit" : undefined,
        tag: "button",
        option: undefined,
      };
      return since(() => bot.handleCardAction(ev));
    },
    async botAdded(operator: Person | undefined = OFFICE, id = chatId, name = chatName) {
      return since(() =>
        bot.handleEvent({
          kind: "bot_added",
          eventId: next("added"),
          at: new Date(tick),
          chatId: id,
          chatName: name,
          operator,
        }),
      );
    },
    async usersAdded(users: Person[], id = chatId) {
      directory.add(id, ...users);
      return since(() =>
        bot.handleEvent({
          kind: "users_added",
          eventId: next("join"),
          at: new Date(tick),
          chatId: id,
          users,
        }),
      );
    },
    async usersRemoved(users: Person[], reason: "deleted" | "withdrawn" = "withdrawn", id = chatId) {
      directory.remove(id, ...users.map((u) => u.openId));
      return since(() =>
        bot.handleEvent({
          kind: "users_removed",
          eventId: next("leave"),
          at: new Date(tick),
          chatId: id,
          users,
          reason,
        }),
      );
    },
    async disband(id = chatId) {
      return since(() =>
        bot.handleEvent({ kind: "chat_disbanded", eventId: next("gone"), at: new Date(tick), chatId: id }),
      );
    },
    async botRemoved(id = chatId) {
      return since(() =>
        bot.handleEvent({ kind: "bot_removed", eventId: next("kick"), at: new Date(tick), chatId: id }),
      );
    },
    /** Binds the chat to a plan and stores its members, without the bot_added flow (for command tests). */
    async seedChat(planId = "small-plan", people?: Person[], id = chatId) {
      if (people) directory.setChat(id, people);
      await deps.members.saveChat({ chatId: id, name: chatName, chatType: "group" }, new Date(tick));
      await deps.access.bindChat(id, planId, "group");
      await deps.members.syncChatMembers(id, await directory.listChatMembers(id), new Date(tick));
    },
    async unitId(planId: string, name: string): Promise<number> {
      const u = (await deps.members.units(planId)).find((x) => x.name === name);
      if (!u) throw new Error(`no unit ${name}`);
      return u.id;
    },
    async roles(planId = "small-plan") {
      const units = new Map((await deps.members.units(planId)).map((u) => [u.id, u.name]));
      return (await deps.members.members(planId)).map(
        (m) => `${m.name}:${m.role}${m.unitId !== null ? `@${units.get(m.unitId)}` : ""}`,
      );
    },
  };
}

export function textsOf(items: OutboxItem[]): string[] {
  return items.flatMap((i) =>
    (i.kind === "send" || i.kind === "reply") && i.message.type === "text" ? [i.message.text] : [],
  );
}

export function cardsOf(items: OutboxItem[]): CardRef[] {
  return items.flatMap((i) =>
    (i.kind === "send" || i.kind === "reply") && i.message.type === "card" ? [i.message.card] : [],
  );
}

/** Plain text of a card's data (rich text flattened), for assertions on what a person reads. */
export function cardText(card: CardRef | undefined): string {
  if (!card) return "";
  const walk = (v: unknown): string => {
    if (typeof v === "string") return v;
    if (Array.isArray(v)) return v.map(walk).join(" ");
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.rich)) return o.rich.map(walk).join("").replace(/\*\*/g, "");
      if (typeof o.text === "string" && Object.keys(o).length === 1) return o.text;
      if (typeof o.at === "string" && Object.keys(o).length === 1) return `@${o.at}`;
      return Object.values(o).map(walk).join(" ");
    }
    return v === undefined || v === null ? "" : String(v);
  };
  return walk(card.data);
}

export function person(openId: string, name: string): Person {
  return { openId, name };
}
