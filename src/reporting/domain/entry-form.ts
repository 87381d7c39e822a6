import * as z from "zod";
import { type SelfcheckVerdict, selfcheckVerdicts } from "../../domain/states";
import { type FormResult, isHttpUrl, parseAmount, URL_MAX } from "./form";

/**
 * The two short forms beside the task form: 目标指标填报 (a goal's value, its as-of date and source, in the
 * owner's monthly card) and 自评 (the lead unit's verdict on its task, a note and an evidence link).
 */

export const SOURCE_MAX = 200;
export const NOTE_MAX = 500;

export const entryFields = {
  value: "goal_value",
  asOf: "goal_as_of",
  source: "goal_source",
  verdict: "selfcheck",
  note: "selfcheck_note",
  evidence: "evidence",
} as const;

export const entryLabels = {
  value: "数值",
  asOf: "截至日期",
  source: "数据来源",
  verdict: "自评结果",
  note: "自评说明",
  evidence: "佐证材料链接",
} as const;

const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");
const chars = (s: string) => [...s].length;
const fail = (field: string, message: string): FormResult => ({ ok: false, field, message });

/** "2022-06-30", "2022/6/30", "2022年6月30日" → "2022-06-30"; undefined when it is not a real date. */
export function readDay(text: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.replace(/\s+/g, ""));
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const day = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? undefined : day;
}

/** 目标指标填报: the value (as the plan counts it), the date it stands at, and where it comes from. */
export function parseGoalForm(
  formValue: Record<string, unknown>,
  goal: { id: number; name: string; unit: string },
): FormResult {
  const value = parseAmount(str(formValue[entryFields.value]), goal.unit);
  if (value === undefined) return fail(entryFields.value, `「${goal.name}」须填写数字（可写如 12 或 1.2万）`);
  const asOf = readDay(str(formValue[entryFields.asOf]));
  if (!asOf) return fail(entryFields.asOf, `「${entryLabels.asOf}」须为日期，例如 2022-06-30`);
  const source = str(formValue[entryFields.source]);
  if (chars(source) > SOURCE_MAX)
    return fail(entryFields.source, `「${entryLabels.source}」不能超过${SOURCE_MAX}字`);
  return {
    ok: true,
    content: {
      status: null,
      progress: source,
      problems: null,
      evidenceUrl: null,
      documentUrl: null,
      indicatorValues: { [String(goal.id)]: value },
      asOf,
    },
  };
}

/** 自评: 完成 / 基本完成 / 未完成, a note (required) and an evidence link. */
export function parseSelfcheckForm(formValue: Record<string, unknown>): FormResult {
  const verdict = z.enum(selfcheckVerdicts).safeParse(formValue[entryFields.verdict]);
  if (!verdict.success) return fail(entryFields.verdict, `请选择「${entryLabels.verdict}」`);
  const note = str(formValue[entryFields.note]);
  if (!note) return fail(entryFields.note, `「${entryLabels.note}」不能为空`);
  if (chars(note) > NOTE_MAX) return fail(entryFields.note, `「${entryLabels.note}」不能超过${NOTE_MAX}字`);
  const evidence = str(formValue[entryFields.evidence]);
  if (evidence && (chars(evidence) > URL_MAX || !isHttpUrl(evidence)))
    return fail(entryFields.evidence, `「${entryLabels.evidence}」须为 http 或 https 开头的链接`);
  return {
    ok: true,
    content: {
      status: null,
      progress: note,
      problems: null,
      evidenceUrl: evidence || null,
      documentUrl: null,
      indicatorValues: {},
      selfcheck: verdict.data as SelfcheckVerdict,
    },
  };
}
