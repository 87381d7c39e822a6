import * as z from "zod";
import { isDecrease } from "../../domain/progress";
import { type ReportStatus, reportStatuses, type SelfcheckVerdict } from "../../domain/states";

/**
 * The report forms as cards submit them (form_value: component name → string) and their validation.
 * Every error message is the Chinese toast shown to the liaison and names the field, e.g. 「进展情况」不能为空.
 */

export const PROGRESS_MAX = 500;
export const PROBLEMS_MAX = 300;
export const SUMMARY_MAX = 1000;
export const URL_MAX = 500;

/** Form component names (unique within a card, as Feishu requires). Indicator inputs are `ind_<indicatorId>`. */
export const fieldNames = {
  status: "status",
  progress: "progress",
  problems: "problems",
  evidence: "evidence",
  document: "document",
  summary: "summary",
} as const;
export const indicatorField = (indicatorId: number) => `ind_${indicatorId}`;

export const fieldLabels = {
  status: "推进状态",
  progress: "进展情况",
  problems: "需协调解决的问题",
  evidence: "佐证材料链接",
  document: "文档链接",
  summary: "内容摘要",
} as const;

/** What a revision stores, whichever form produced it. */
export interface ReportContent {
  status: ReportStatus | null;
  progress: string;
  problems: string | null;
  evidenceUrl: string | null;
  documentUrl: string | null;
  /** Cumulative values by indicator id. */
  indicatorValues: Record<string, number>;
  /** The 自评 (selfcheck round). */
  selfcheck?: SelfcheckVerdict;
  /** A goal's value: the date it stands at (YYYY-MM-DD); progress then holds its source. */
  asOf?: string;
}

export type FormResult = { ok: true; content: ReportContent } | { ok: false; field: string; message: string };

export interface FormIndicator {
  id: number;
  name: string;
  unit: string;
}

const charCount = (s: string) => [...s].length;

function textField(label: string, max: number, required: boolean) {
  return z.preprocess(
    (v) => (v === undefined || v === null ? "" : typeof v === "string" ? v.trim() : v),
    z
      .string({ error: `「${label}」格式不正确` })
      .refine((s) => !required || s.length > 0, { error: `「${label}」不能为空` })
      .refine((s) => charCount(s) <= max, { error: `「${label}」不能超过${max}字` }),
  );
}

function urlField(label: string, required: boolean) {
  return textField(label, URL_MAX, required).refine((s) => s === "" || isHttpUrl(s), {
    error: `「${label}」须为 http 或 https 开头的链接`,
  });
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
  } catch {
    return false;
  }
}

const toHalfWidth = (s: string) =>
  s.replace(/[０-９．，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * Reads a number as people type it: "40000", "4,0000", "４００００", "4万", "1.5万个" (the indicator's unit may
 * follow). Undefined when it is not a non-negative number.
 */
export function parseAmount(text: string, unit = ""): number | undefined {
  let t = toHalfWidth(text).replace(/[,\s]/g, "");
  if (unit && t.endsWith(unit)) t = t.slice(0, -unit.length);
  const m = /^(\d+(?:\.\d+)?)(万|亿)?$/.exec(t);
  if (!m?.[1]) return undefined;
  const n = Number(m[1]) * (m[2] === "万" ? 1e4 : m[2] === "亿" ? 1e8 : 1);
  return Number.isFinite(n) ? n : undefined;
}

function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: String(issue?.path[0] ?? ""), message: issue?.message ?? "填写内容有误" };
}

/** The task form (月调度): status, progress, indicator values, problems, evidence link. */
export function parseTaskForm(
  formValue: Record<string, unknown>,
  indicators: readonly FormIndicator[],
): FormResult {
  const schema = z.object({
    [fieldNames.status]: z.enum(reportStatuses, { error: `请选择「${fieldLabels.status}」` }),
    [fieldNames.progress]: textField(fieldLabels.progress, PROGRESS_MAX, true),
    [fieldNames.problems]: textField(fieldLabels.problems, PROBLEMS_MAX, false),
    [fieldNames.evidence]: urlField(fieldLabels.evidence, false),
  });
  const parsed = schema.safeParse(formValue);
  if (!parsed.success) return { ok: false, ...firstIssue(parsed.error) };
  const values: Record<string, number> = {};
  for (const ind of indicators) {
    const name = indicatorField(ind.id);
    const raw = formValue[name];
    if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) continue;
    const n = typeof raw === "string" ? parseAmount(raw.trim(), ind.unit) : undefined;
    if (n === undefined)
      return {
        ok: false,
        field: name,
        message: `「${ind.name}」须填写数字（累计值，可写如 12000 或 1.2万）`,
      };
    values[String(ind.id)] = n;
  }
  const d = parsed.data as Record<string, string>;
  return {
    ok: true,
    content: {
      status: d[fieldNames.status] as ReportStatus,
      progress: d[fieldNames.progress] ?? "",
      problems: d[fieldNames.problems] || null,
      evidenceUrl: d[fieldNames.evidence] || null,
      documentUrl: null,
      indicatorValues: values,
    },
  };
}

/** The summary form (备案, 半年小结, 全年总结): a document link and a summary text. */
export function parseSummaryForm(formValue: Record<string, unknown>): FormResult {
  const schema = z.object({
    [fieldNames.document]: urlField(fieldLabels.document, true),
    [fieldNames.summary]: textField(fieldLabels.summary, SUMMARY_MAX, true),
  });
  const parsed = schema.safeParse(formValue);
  if (!parsed.success) return { ok: false, ...firstIssue(parsed.error) };
  const d = parsed.data as Record<string, string>;
  return {
    ok: true,
    content: {
      status: null,
      progress: d[fieldNames.summary] ?? "",
      problems: null,
      evidenceUrl: null,
      documentUrl: d[fieldNames.document] ?? null,
      indicatorValues: {},
    },
  };
}

/** Indicators whose new cumulative value is below the last one reported: asked to confirm before storing. */
export function decreases(
  values: Record<string, number>,
  previous: Record<string, number>,
): { indicatorId: number; from: number; to: number }[] {
  return Object.entries(values).flatMap(([id, to]) => {
    const from = previous[id];
    return from !== undefined && isDecrease(from, to) ? [{ indicatorId: Number(id), from, to }] : [];
  });
}

/** A stable text of the content, for the idempotency key (same content → same text). */
export function canonicalContent(c: ReportContent): string {
  const values = Object.keys(c.indicatorValues)
    .sort()
    .map((k) => [k, c.indicatorValues[k]]);
  const extra = c.selfcheck || c.asOf ? [c.selfcheck ?? null, c.asOf ?? null] : [];
  return JSON.stringify([c.status, c.progress, c.problems, c.evidenceUrl, c.documentUrl, values, ...extra]);
}
