import { cnDateOf } from "../domain/time";
import { type CardRef, md } from "../kernel/messages";
import { similarity } from "../plans/revision";
import { ITEM_WORD } from "./cards";
import { matchText, sameMonth } from "./items";
import type { CoordStore, ItemView } from "./ports";

/**
 * A report's 需协调解决的问题 becoming a coordination item. The same words again on the same task (a later
 * month) add to the open item; words only alike make the unit's liaison say on a small card whether it is the
 * same matter (是: a follow-up entry of that item; 否: a new item). Until then the problem is not an item.
 */

const TEXT_MAX = 1000;
/** Dice similarity of two problems' words from which the liaison is asked whether they are one matter. */
const ALIKE = 0.5;

export interface RaiseDeps {
  store: CoordStore;
  today(now: Date): string;
  record(item: ItemView, actor: string, action: string, after: unknown, now: Date): Promise<void>;
  send(item: ItemView, unitIds: number[], key: string, cardFor: (unitId: number) => CardRef): Promise<number>;
}

export type Raised =
  | { itemId: number; repeat: boolean; asked?: undefined }
  | { asked: number; itemId?: undefined; repeat?: undefined };
type Decided = { ok: true; item: ItemView; text: string } | { ok: false; text: string };

/** The card asking the raising unit's liaison whether a reworded problem is an open item's matter. */
export function sameMatterCard(item: ItemView, reportId: number, text: string, on: string): CardRef {
  const value = (op: "same" | "new") => ({
    action: "coord",
    op,
    itemId: item.id,
    unitId: item.unitId ?? 0,
    reportId,
  });
  return {
    template: "coord-item",
    data: {
      title: `是否同一事项 · ${ITEM_WORD.coord}第${item.id}号`,
      subtitle: item.unitName ?? "",
      color: "orange",
      body: md`**第${String(item.id)}号（${cnDateOf(item.raisedOn)}提出）：**${item.text}\n**本次（${cnDateOf(on)}）提出：**${text}\n请确认本次提出的问题与第${String(item.id)}号是否为同一事项。`,
      buttons: [
        { label: `是，并入第${item.id}号`, type: "primary", value: value("same") },
        { label: "否，登记为新事项", type: "default", value: value("new") },
      ],
    },
  };
}

export function createRaising(deps: RaiseDeps) {
  const { store } = deps;

  async function newItem(
    r: NonNullable<Awaited<ReturnType<CoordStore["reportProblem"]>>>,
    reportId: number,
    now: Date,
  ) {
    const text = r.problems.slice(0, TEXT_MAX);
    const on = deps.today(r.submittedAt);
    const id = await store.insert({
      planId: r.planId,
      kind: "coord",
      unitId: r.unitId,
      taskId: r.taskId,
      text,
      matchText: matchText(text),
      raisedOn: on,
      lastRaisedOn: on,
      reportId,
      createdAt: now,
    });
    const item = id === undefined ? undefined : await store.item(id);
    if (item) await deps.record(item, "report", "raise", { reportId, text }, now);
    return item;
  }

  return {
    /** A stored report with 需协调解决的问题: a new item, the open item it repeats, or a question to the liaison. */
    async fromReport(reportId: number, now: Date): Promise<Raised | undefined> {
      const r = await store.reportProblem(reportId);
      if (!r) return undefined;
      const text = r.problems.slice(0, TEXT_MAX);
      const on = deps.today(r.submittedAt);
      const m = matchText(text);
      const found = await store.findOpen(r.planId, r.unitId, r.taskId, m);
      if (found) {
        const item = await store.item(found.id);
        if (item && !sameMonth(item.lastRaisedOn, on)) {
          await store.raisedAgain(found.id, on);
          await deps.record(item, "report", "repeat", { reportId, on }, now);
        }
        return { itemId: found.id, repeat: true };
      }
      // Alike but not the same words, raised in an earlier month: the liaison says whether it is one matter.
      const alike = (await store.openOf(r.planId, r.unitId, r.taskId))
        .filter((i) => i.lastRaisedOn.slice(0, 7) < on.slice(0, 7))
        .map((i) => ({ ...i, score: similarity(matchText(i.text), m) }))
        .filter((i) => i.score >= ALIKE)
        .sort((a, b) => b.score - a.score)[0];
      const item = alike && (await store.item(alike.id));
      if (item) {
        await deps.send(item, [r.unitId], `coord:${item.id}:same:${reportId}`, () =>
          sameMatterCard(item, reportId, text, on),
        );
        return { asked: item.id };
      }
      const created = await newItem(r, reportId, now);
      return created ? { itemId: created.id, repeat: false } : undefined;
    },

    /** 是 / 否 on the card: the problem joins the item as a follow-up entry, or becomes an item of its own. */
    async decideSameMatter(
      planId: string,
      input: { itemId: number; reportId: number; unitId: number; same: boolean },
      actor: string,
      now: Date,
    ): Promise<Decided> {
      const r = await store.reportProblem(input.reportId);
      if (!r || r.planId !== planId || r.unitId !== input.unitId)
        return { ok: false, text: "该卡片已失效。" };
      const done = await store.itemOfReport(input.reportId);
      if (done !== undefined)
        return { ok: false, text: `本次问题已处理（协调事项第${done}号），无需重复确认。` };
      if (!input.same) {
        const created = await newItem(r, input.reportId, now);
        return created
          ? { ok: true, item: created, text: `已登记为协调事项第${created.id}号。` }
          : { ok: false, text: "未能登记该问题。" };
      }
      const item = await store.item(input.itemId);
      if (!item || item.planId !== planId || item.unitId !== input.unitId)
        return { ok: false, text: "该事项已不存在。" };
      if (item.state === "closed")
        return { ok: false, text: `第${item.id}号已销号，请点「否」登记为新事项。` };
      const on = deps.today(r.submittedAt);
      const entry = { on, text: r.problems.slice(0, TEXT_MAX), reportId: input.reportId };
      if (await store.addFollowUp(item.id, entry))
        await deps.record(item, actor, "repeat", { reportId: input.reportId, on, followUp: entry.text }, now);
      return { ok: true, item: (await store.item(item.id)) ?? item, text: `已并入协调事项第${item.id}号。` };
    },
  };
}
