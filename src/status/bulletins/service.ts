import * as z from "zod";
import { renderOfficialDocx } from "../../documents/official";
import {
  type BulletinKind,
  parseBulletinKind,
  parseBulletinPeriod,
  periodFromKey,
} from "../../domain/period";
import { outsideSpanText, periodInSpan, planDefaultPeriod } from "../../domain/plan-span";
import { localDayStart } from "../../domain/time";
import type { Clock } from "../../kernel/clock";
import type { CardRef } from "../../kernel/messages";
import type { StatusStore } from "../ports";
import { bulletinCard } from "./card";
import { bulletinDocument } from "./document";
import { applyEdits, type BulletinEdits } from "./edit";
import { bulletinEditCard } from "./edit-card";
import type { BulletinRecord, BulletinStore } from "./ports";
import { bulletinPreviewCard } from "./preview-card";
import { composeBulletin } from "./text";

/** The values of the preview's 修改 / 发布 / 下载 buttons, the edit card's (with op) and the targets card's. */
export const bulletinActionValueSchema = z.object({
  action: z.enum(["bulletin_publish", "bulletin_edit"]),
  bulletinId: z.number().int().positive(),
  planId: z.string().min(1).optional(),
  /**
   * bulletin_edit: form (default) shows the edit form; save stores the form; regenerate recomposes; view goes
   * back to the preview; download sends the .docx to whoever clicked.
   */
  op: z.enum(["form", "save", "regenerate", "view", "download"]).optional(),
  /** bulletin_publish: where to (a group of the plan, or the file only); absent: the choice card. */
  target: z.enum(["chat", "file"]).optional(),
  chatId: z.string().min(1).max(128).optional(),
});

export interface BulletinOpsDeps {
  status: StatusStore;
  bulletins: BulletinStore;
  clock: Clock;
}

type Failure = { ok: false; text: string };
type Drafted = { ok: true; record: BulletinRecord; card: CardRef };

/** The bulletin (通报) half of the status service: draft, reword, regenerate, publish once. */
export function bulletinOps(deps: BulletinOpsDeps) {
  const { status, bulletins, clock } = deps;

  const tzOf = async (planId: string) => (await status.plan(planId))?.timezone;

  async function saveBulletin(
    planId: string,
    kind: BulletinKind,
    periodKey: string,
    by: string | null,
  ): Promise<Drafted | Failure> {
    const period = periodFromKey(kind, periodKey);
    const now = clock.now();
    if (!period) return { ok: false, text: `无法识别期间「${periodKey}」。` };
    const data = await status.bulletinData(planId, period, now);
    if (!data) return { ok: false, text: "未找到该工作方案。" };
    const draft = composeBulletin(data);
    const record = await bulletins.saveDraft({
      planId,
      kind,
      period: period.period,
      draft,
      createdBy: by,
      now,
    });
    return { ok: true, record, card: bulletinPreviewCard(record, { tz: data.plan.timezone }) };
  }

  return {
    /** /bulletin month|quarter|half|year [period]: composes and saves a draft; answers with the draft card. */
    async draftBulletin(
      planId: string,
      kindArg: string,
      periodArg: string | undefined,
      by: string | null,
    ): Promise<Drafted | Failure> {
      const kind = parseBulletinKind(kindArg);
      if (!kind)
        return {
          ok: false,
          text: "用法：/bulletin month|quarter|half|year [期间]，如 /bulletin quarter 2022-Q2",
        };
      const plan = await status.plan(planId);
      if (!plan) return { ok: false, text: "未找到该工作方案。" };
      const now = clock.now();
      const fallback = planDefaultPeriod(kind, now, plan.span, plan.timezone);
      // A period typed without a year ("Q2", "6月") is read in the plan's year, not today's.
      const yearOf = localDayStart(fallback.start, plan.timezone);
      const period = periodArg?.trim()
        ? parseBulletinPeriod(kind, periodArg, yearOf, plan.timezone)
        : fallback;
      if (!period)
        return { ok: false, text: `无法识别期间「${periodArg}」，如 2022-06、2022-Q2、2022-H1、2022。` };
      if (plan.span && !periodInSpan(period, plan.span))
        return { ok: false, text: outsideSpanText(period, plan.span) };
      return saveBulletin(planId, kind, period.period, by);
    },

    /**
     * The schedule's draft for (plan, kind, period "2022-Q2"): the newest bulletin already there (draft or
     * published, untouched: the office may have reworded it), else a new draft made by "schedule".
     */
    async scheduledDraft(planId: string, kind: BulletinKind, period: string): Promise<Drafted | Failure> {
      const existing = await bulletins.latest(planId, kind, period);
      if (!existing) return saveBulletin(planId, kind, period, "schedule");
      const tz = await tzOf(planId);
      return { ok: true, record: existing, card: bulletinPreviewCard(existing, tz ? { tz } : {}) };
    },

    /** 修改 → 按最新数据重新生成: recomposes an unpublished draft from current data (same id, same buttons). */
    async regenerateBulletin(id: number, by: string | null): Promise<Drafted | Failure> {
      const record = await bulletins.get(id);
      if (!record) return { ok: false, text: "未找到该通报。" };
      if (record.state === "published") return { ok: false, text: "该通报已发布，不能再修改。" };
      return saveBulletin(record.planId, record.kind, record.period, by);
    },

    /** 修改 → 保存修改: the office's wording of the 导语 and 下步工作要求, on a draft only. */
    async editBulletin(id: number, edits: BulletinEdits): Promise<Drafted | Failure> {
      const record = await bulletins.get(id);
      if (!record) return { ok: false, text: "未找到该通报。" };
      if (record.state === "published") return { ok: false, text: "该通报已发布，不能再修改。" };
      const result = await bulletins.updateDraft(id, applyEdits(record.draft, edits));
      if (!result) return { ok: false, text: "未找到该通报。" };
      if (!result.changed) return { ok: false, text: "该通报已发布，不能再修改。" };
      const tz = await tzOf(record.planId);
      return { ok: true, record: result.record, card: bulletinPreviewCard(result.record, tz ? { tz } : {}) };
    },

    /** The edit form of a draft (undefined when there is no such bulletin). */
    async bulletinEditForm(id: number): Promise<{ record: BulletinRecord; card: CardRef } | undefined> {
      const record = await bulletins.get(id);
      return record ? { record, card: bulletinEditCard(record) } : undefined;
    },

    /** bulletin_publish: publishes once; changed is false when it was already published (double click, replay). */
    async publishBulletin(id: number, by: string) {
      const result = await bulletins.publish(id, by, clock.now());
      if (!result) return { ok: false as const, text: "未找到该通报。" };
      return {
        ok: true as const,
        changed: result.changed,
        record: result.record,
        card: bulletinCard(result.record),
      };
    },

    /**
     * The bulletin as a .docx (GB/T 9704 layout): the draft's text as worded, the annex from the period's data
     * now. The file name carries the period and, for a draft, 草稿.
     */
    async bulletinFile(id: number): Promise<{ fileName: string; bytes: Uint8Array } | Failure> {
      const record = await bulletins.get(id);
      if (!record) return { ok: false, text: "未找到该通报。" };
      const period = periodFromKey(record.kind, record.period);
      if (!period) return { ok: false, text: `无法识别期间「${record.period}」。` };
      const data = await status.bulletinData(record.planId, period, clock.now());
      if (!data) return { ok: false, text: "未找到该工作方案。" };
      const bytes = await renderOfficialDocx(bulletinDocument(record.draft, data));
      const draft = record.state === "published" ? "" : "（草稿）";
      const safe = record.draft.title.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 80);
      return { fileName: `${safe}${draft}.docx`, bytes };
    },

    async getBulletin(id: number): Promise<BulletinRecord | undefined> {
      return bulletins.get(id);
    },

    /** The office's preview of a bulletin as it stands (draft with 修改 / 发布 / 下载, or published with who and when). */
    async bulletinCard(id: number, opts: { publisherName?: string } = {}): Promise<CardRef | undefined> {
      const record = await bulletins.get(id);
      if (!record) return undefined;
      const tz = await tzOf(record.planId);
      return bulletinPreviewCard(record, { ...(tz ? { tz } : {}), ...opts });
    },
  };
}
