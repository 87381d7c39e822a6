import { planShortName } from "../domain/plan-names";
import { localParts } from "../domain/time";
import type { Logger } from "../kernel/logger";
import type { CardRef } from "../kernel/messages";
import type { AuditStore } from "../members/ports";
import type { Outbox, OutboxItem } from "../outbox/ports";
import { answerCard, confirmCard, ITEM_WORD, listCard, officeItemCard } from "./cards";
import { matchText, parseDue, splitUnits } from "./items";
import type { CoordStore, ItemView } from "./ports";
import { createRaising } from "./raise";
import { type CoordReminderDeps, createCoordReminders } from "./reminders";

/**
 * Coordination items (协调事项) and delegates' suggestions (代表意见建议) carried to 销号: raised from reports'
 * 需协调解决的问题 or recorded by the office, 交办 to units with a due date, answered, confirmed or disputed
 * by the raising unit, closed by the office. Every step is audited; cards go through the outbox with keys.
 */

export interface CoordDeps extends Omit<CoordReminderDeps, "outbox"> {
  store: CoordStore;
  audit: AuditStore;
  outbox: Outbox;
  logger: Logger;
  timezone: string;
  /** The plan's title, for the list's heading. */
  planTitle(planId: string): Promise<string | undefined>;
}

const TEXT_MAX = 1000;
type Result = { ok: true; item: ItemView; text: string } | { ok: false; text: string };

export function createCoordService(deps: CoordDeps) {
  const { store, audit } = deps;
  const today = (now: Date) => {
    const l = localParts(now, deps.timezone);
    return `${l.y}-${String(l.m).padStart(2, "0")}-${String(l.d).padStart(2, "0")}`;
  };
  const record = (
    item: ItemView,
    actor: string,
    action: string,
    after: unknown,
    now: Date,
    before: unknown = null,
  ) =>
    audit.record({
      planId: item.planId,
      actor,
      action: `coord.${action}`,
      subject: `coord:${item.id}`,
      before,
      after,
      at: now,
    });

  async function send(item: ItemView, unitIds: number[], key: string, cardFor: (unitId: number) => CardRef) {
    const contacts = await store.contacts(item.planId, unitIds);
    const items: OutboxItem[] = contacts.map((c) => ({
      kind: "send",
      key: `${key}:${c.openId}`.slice(0, 120),
      purpose: "coord",
      planId: item.planId,
      to: { openId: c.openId },
      message: { type: "card", card: cardFor(c.unitId ?? 0) },
    }));
    return items.length > 0 ? deps.outbox.enqueue(items) : 0;
  }

  async function load(planId: string, itemId: number) {
    const item = await store.item(itemId);
    return item && item.planId === planId ? item : undefined;
  }

  const raising = createRaising({ store, today, record, send });

  return {
    ...createCoordReminders(deps, today),
    ...raising,
    /** /suggest: the office records a delegate's suggestion. */
    async suggest(
      planId: string,
      s: { text: string; delegate: string; occasion: string; on: string },
      actor: string,
      now: Date,
    ): Promise<Result> {
      const id = await store.insert({
        planId,
        kind: "suggestion",
        text: s.text.slice(0, TEXT_MAX),
        matchText: matchText(s.text),
        delegate: s.delegate,
        occasion: s.occasion,
        raisedOn: s.on,
        lastRaisedOn: s.on,
        createdAt: now,
      });
      const item = id === undefined ? undefined : await store.item(id);
      if (!item) return { ok: false, text: "未能记录该意见建议。" };
      await record(item, actor, "suggest", s, now);
      return { ok: true, item, text: `已记录代表意见建议第${item.id}号。` };
    },

    async list(planId: string, now: Date): Promise<CardRef> {
      const items = await store.all(planId);
      return listCard(items, today(now), planShortName((await deps.planTitle(planId)) ?? ""));
    },

    async all(planId: string) {
      return store.all(planId);
    },

    async officeCard(planId: string, itemId: number, now: Date): Promise<CardRef | undefined> {
      const item = await load(planId, itemId);
      return item && officeItemCard(item, today(now));
    },

    async assign(
      planId: string,
      itemId: number,
      unitsTyped: string,
      dueTyped: string,
      actor: string,
      now: Date,
    ): Promise<Result> {
      const item = await load(planId, itemId);
      if (!item) return { ok: false, text: "该事项已不存在。" };
      if (item.state !== "open") return { ok: false, text: `第${item.id}号已交办，无需重复交办。` };
      const due = parseDue(dueTyped);
      if (!due) return { ok: false, text: "办理时限请写作 2022-07-15。" };
      const names = splitUnits(unitsTyped).slice(0, 20);
      const all = await store.planUnits(planId);
      const chosen = [];
      for (const n of names) {
        const u = all.find((x) => x.kind === "unit" && (x.name === n || x.aliases.includes(n)));
        if (!u) return { ok: false, text: `未找到单位「${n}」。` };
        chosen.push(u);
      }
      if (chosen.length === 0) return { ok: false, text: "请填写交办单位。" };
      await store.assign(
        item.id,
        chosen.map((u) => u.id),
        due,
        actor,
        now,
      );
      const assigned = (await store.item(item.id)) ?? item;
      await record(assigned, actor, "assign", { units: chosen.map((u) => u.name), due }, now);
      const t = today(now);
      await send(
        assigned,
        chosen.map((u) => u.id),
        `coord:${item.id}:assign`,
        (unitId) => answerCard(assigned, unitId, t),
      );
      return {
        ok: true,
        item: assigned,
        text: `已将第${item.id}号交办${chosen.map((u) => u.name).join("、")}。`,
      };
    },

    /** An assigned unit answers; when every unit has, the raising unit is asked to confirm. */
    async answer(
      planId: string,
      itemId: number,
      unitId: number,
      text: string,
      actor: string,
      now: Date,
    ): Promise<Result> {
      const item = await load(planId, itemId);
      if (!item?.assignees.some((a) => a.unitId === unitId))
        return { ok: false, text: "该事项未交办本单位。" };
      if (item.state === "closed") return { ok: false, text: `第${item.id}号已销号。` };
      const all = await store.answer(item.id, unitId, text.slice(0, TEXT_MAX), actor, now);
      const after = (await store.item(item.id)) ?? item;
      await record(after, actor, "answer", { unitId, text }, now);
      if (all && after.kind === "coord" && after.unitId !== null)
        await send(after, [after.unitId], `coord:${item.id}:confirm`, () => confirmCard(after, today(now)));
      return { ok: true, item: after, text: "已提交办理情况。" };
    },

    async confirm(
      planId: string,
      itemId: number,
      ok: boolean,
      mayAnswerFor: (unitId: number) => boolean,
      actor: string,
      now: Date,
    ): Promise<Result> {
      const item = await load(planId, itemId);
      if (!item || item.unitId === null || !mayAnswerFor(item.unitId))
        return { ok: false, text: "仅提出单位可确认。" };
      if (item.state !== "answered")
        return { ok: false, text: `第${item.id}号当前${item.state === "closed" ? "已销号" : "无需确认"}。` };
      await store.setState(item.id, ok ? "confirmed" : "disputed");
      const after = (await store.item(item.id)) ?? item;
      await record(after, actor, ok ? "confirm" : "dispute", null, now);
      return {
        ok: true,
        item: after,
        text: ok ? "已确认问题解决，待办公室销号。" : "已记录异议，办公室将继续协调。",
      };
    },

    async close(planId: string, itemId: number, note: string, actor: string, now: Date): Promise<Result> {
      const item = await load(planId, itemId);
      if (!item) return { ok: false, text: "该事项已不存在。" };
      if (item.state === "closed") return { ok: false, text: `第${item.id}号已销号。` };
      await store.close(item.id, note.slice(0, TEXT_MAX), actor, now);
      const after = (await store.item(item.id)) ?? item;
      await record(after, actor, "close", { note }, now, { state: item.state });
      return { ok: true, item: after, text: `${ITEM_WORD[item.kind]}第${item.id}号已销号。` };
    },

    cardFor(item: ItemView, role: "office" | "answer" | "confirm", unitId: number, now: Date): CardRef {
      const t = today(now);
      return role === "office"
        ? officeItemCard(item, t)
        : role === "answer"
          ? answerCard(item, unitId, t)
          : confirmCard(item, t);
    },
  };
}

export type CoordService = ReturnType<typeof createCoordService>;
