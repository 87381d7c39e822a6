import { createDubanBot } from "../../src/bot";
import type { CardActionEvent, MessageEvent } from "../../src/bot/events";
import type { Database } from "../../src/db/client";
import { members, units } from "../../src/db/schema";
import { createPlanStore } from "../../src/db/store/plan-store";
import type { PlanInput } from "../../src/domain/plan-format";
import { renderCard } from "../../src/feishu/cards";
import type { CardActionResult, CardRef } from "../../src/kernel/messages";
import type { OutboxItem } from "../../src/outbox/ports";
import { loadPlan } from "../../src/plans/load";
import type { createCollectService } from "../../src/reporting";
import { createBotDeps } from "../../src/wiring/bot-deps";
import { createMemoryLogger, silentLogger } from "../../src/wiring/log";
import { createMemoryOutbox } from "../fakes/memory-outbox";

/**
 * A duban bot over a real database and a memory outbox, driven like Feishu would: commands as message events,
 * card clicks with the values found in the rendered cards. Transport-independent, so the same scenarios can
 * run through the HTTP edge and the fake Feishu once they exist.
 */
export const OFFICE = "ou_office";

export interface Scenario {
  bot: ReturnType<typeof createDubanBot>;
  outbox: ReturnType<typeof createMemoryOutbox>;
  clock: { at: Date };
  planId: string;
  collect: ReturnType<typeof createCollectService>;
  unitId(name: string): Promise<number>;
  bind(openId: string, unit: string, role?: "liaison" | "deputy"): Promise<void>;
  command(text: string, sender?: string): Promise<string[]>;
  click(
    value: Record<string, unknown>,
    operator: string,
    formValue?: Record<string, unknown>,
  ): Promise<CardActionResult>;
  /** Card items sent (send/reply) to an open_id, newest last. */
  cardsTo(openId: string): { item: OutboxItem; card: CardRef }[];
  /**
   * The collect card a person is looking at now: the last overview sent to them, replaced by patches of it and
   * by the answers to their own clicks (Feishu updates the clicked card in place). Notices do not count.
   */
  screen(openId: string): CardRef;
}

let seq = 0;

export async function scenario(
  database: Database,
  plan: PlanInput,
  opts: { now?: Date; memoryLog?: boolean } = {},
): Promise<Scenario> {
  const db = database.db;
  const plans = createPlanStore(db);
  const loaded = await loadPlan(plans, plan, { now: new Date("2022-04-01T00:00:00Z") });
  const outbox = createMemoryOutbox();
  const clock = { at: opts.now ?? new Date("2022-06-20T02:00:00Z") };
  const logger = opts.memoryLog ? createMemoryLogger() : silentLogger;
  const deps = createBotDeps({
    database,
    outbox,
    messenger: undefined,
    clock: { now: () => clock.at },
    logger,
    timezone: "Asia/Shanghai",
    admins: [OFFICE],
  });
  const collect = deps.collect;
  const bot = createDubanBot(deps);
  const unitIds = new Map<string, number>();
  const unitId = async (name: string) => {
    const known = unitIds.get(name);
    if (known) return known;
    const rows = await db.select({ id: units.id, name: units.name }).from(units);
    for (const r of rows) unitIds.set(r.name, r.id);
    const id = unitIds.get(name);
    if (!id) throw new Error(`no unit ${name}`);
    return id;
  };
  const screens = new Map<string, CardRef>();
  const sentTo = new Map<string, string>();
  let seen = 0;
  const follow = () => {
    for (const item of outbox.items.slice(seen)) {
      if (
        item.kind === "send" &&
        item.purpose === "overview" &&
        "openId" in item.to &&
        item.message.type === "card"
      ) {
        screens.set(item.to.openId, item.message.card);
        sentTo.set(item.key, item.to.openId);
      }
      if (item.kind === "patch" && "outboxKey" in item.target) {
        const who = sentTo.get(item.target.outboxKey);
        if (who) screens.set(who, item.card);
      }
    }
    seen = outbox.items.length;
  };
  return {
    bot,
    outbox,
    clock,
    planId: loaded.planId,
    collect,
    unitId,
    async bind(openId, unit, role = "liaison") {
      await db
        .insert(members)
        .values({ planId: loaded.planId, openId, name: openId, role, unitId: await unitId(unit) });
    },
    async command(text, sender = OFFICE) {
      const before = outbox.items.length;
      seq++;
      const ev: MessageEvent = {
        kind: "message",
        eventId: `ev_cmd_${seq}`,
        at: clock.at,
        chatId: "oc_office",
        chatType: "group",
        messageId: `om_cmd_${seq}`,
        sender: { openId: sender, name: sender },
        text,
        mentions: [],
        addressed: true,
      };
      await bot.handleEvent(ev);
      follow();
      return outbox.items
        .slice(before)
        .flatMap((i) => (i.kind === "reply" && i.message.type === "text" ? [i.message.text] : []));
    },
    async click(value, operator, formValue) {
      seq++;
      const ev: CardActionEvent = {
        kind: "card_action",
        eventId: `ev_card_${seq}`,
        at: clock.at,
        operator: { openId: operator, name: operator },
        chatId: undefined,
        messageId: `om_card_${seq}`,
        value,
        formValue,
        name: undefined,
        tag: "button",
        option: undefined,
      };
      const answer = await bot.handleCardAction(ev);
      follow();
      if (answer.card) screens.set(operator, answer.card);
      return answer;
    },
    screen(openId) {
      follow();
      const card = screens.get(openId);
      if (!card) throw new Error(`${openId} sees no card`);
      return card;
    },
    cardsTo(openId) {
      return outbox.items.flatMap((item) =>
        item.kind === "send" &&
        "openId" in item.to &&
        item.to.openId === openId &&
        item.message.type === "card"
          ? [{ item, card: item.message.card }]
          : [],
      );
    },
  };
}

/** Every button of a rendered card with its label and callback value, as Feishu would send it back. */
export function buttons(card: CardRef): { label: string; value: Record<string, unknown> }[] {
  const out: { label: string; value: Record<string, unknown> }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.tag === "button") {
        const label = String((o.text as { content?: unknown } | undefined)?.content ?? "");
        const cb = (o.behaviors as { type: string; value: Record<string, unknown> }[] | undefined)?.find(
          (b) => b.type === "callback",
        );
        if (cb) out.push({ label, value: cb.value });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(renderCard(card));
  return out;
}

/** The name of the form input whose label starts with `label` (e.g. an indicator's `ind_<id>`). */
export function inputName(card: CardRef, label: string): string {
  let name: string | undefined;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      const text = (o.label as { content?: unknown } | undefined)?.content;
      if (o.tag === "input" && typeof text === "string" && text.startsWith(label)) name = String(o.name);
      Object.values(o).forEach(walk);
    }
  };
  walk(renderCard(card));
  if (!name) throw new Error(`no input labelled ${label}`);
  return name;
}

export function button(card: CardRef, label: string, nth = 0): Record<string, unknown> {
  const found = buttons(card).filter((b) => b.label === label)[nth];
  if (!found)
    throw new Error(`no button ${label} #${nth} in ${card.template}: ${buttons(card).map((b) => b.label)}`);
  return found.value;
}

/** The rendered card JSON (what goes to Feishu), to check escaping. */
export const raw = (card: CardRef | undefined) => (card ? JSON.stringify(renderCard(card)) : "");

/** The card's text as a person reads it: markdown entities decoded (Feishu shows &#40; as "("). */
export const shown = (card: CardRef | undefined) =>
  raw(card).replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
