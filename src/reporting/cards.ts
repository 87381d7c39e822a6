import type { CardRef, RichText } from "../kernel/messages";

/**
 * Typed data of each collect card template (cards/*.json) and the builders returning CardRefs.
 * Every user-typed string reaches a card either as RichText built with md/plain (markdown fields, escaped when
 * rendered) or as a plain-text field (labels, input defaults), which Feishu never interprets as markdown.
 */

export type ButtonType = "primary" | "default" | "primary_filled" | "danger" | "text";

export type ButtonData = {
  label: string;
  type: ButtonType;
  /** The callback value: always {action, planId, …}. */
  value: Record<string, unknown>;
};

export type PagerData = { label: string; prev?: ButtonData; next?: ButtonData };

export type HeaderColor = "blue" | "green" | "orange" | "red" | "grey" | "wathet" | "turquoise";

export type OverviewData = {
  title: string;
  subtitle: string;
  color: HeaderColor;
  intro: RichText;
  note?: RichText;
  items: { line: RichText; fill: ButtonData; lead?: ButtonData; same?: ButtonData; none?: ButtonData }[];
  /** 全部同上月 / 全部本月无新进展, when several tasks are still to report. */
  bulk?: { same: ButtonData; none: ButtonData };
  pager?: PagerData;
};

export type TaskFormData = {
  title: string;
  subtitle: string;
  color: HeaderColor;
  task: RichText;
  previous?: RichText;
  warning?: RichText;
  statusOptions: { label: string; value: string }[];
  status: string;
  progress: string;
  progressHint: string;
  progressMax: number;
  indicators: { field: string; label: string; placeholder: string; value: string }[];
  figuresNote?: RichText;
  problems: string;
  problemsMax: number;
  evidence: string;
  submit: ButtonData;
  back: ButtonData;
};

export type SummaryFormData = {
  title: string;
  subtitle: string;
  color: HeaderColor;
  intro: RichText;
  previous?: RichText;
  documentLabel: string;
  document: string;
  summaryLabel: string;
  summary: string;
  summaryMax: number;
  submit: ButtonData;
  back: ButtonData;
};

/** A short form (cards/entry-form.json): an optional choice and a few inputs (目标指标填报, 自评). */
export type EntryFormData = {
  title: string;
  subtitle: string;
  color: HeaderColor;
  intro: RichText;
  previous?: RichText;
  choice?: { field: string; label: string; value: string; options: { label: string; value: string }[] };
  inputs: {
    field: string;
    label: string;
    placeholder: string;
    value: string;
    required: boolean;
    inputType: "text" | "multiline_text";
    rows: number;
    max: number;
  }[];
  submit: ButtonData;
  back: ButtonData;
};

export type LeadViewData = {
  title: string;
  subtitle: string;
  color: HeaderColor;
  intro: RichText;
  units: { body: RichText }[];
  pager?: PagerData;
  back?: ButtonData;
};

/** The shared notice template (cards/notice.json). */
export type NoticeData = { title: string; color: HeaderColor; body: RichText; note?: RichText };

export const overviewCard = (data: OverviewData): CardRef => ({ template: "overview", data });
export const taskFormCard = (data: TaskFormData): CardRef => ({ template: "task-form", data });
export const summaryFormCard = (data: SummaryFormData): CardRef => ({ template: "summary-form", data });
export const entryFormCard = (data: EntryFormData): CardRef => ({ template: "entry-form", data });
export const leadViewCard = (data: LeadViewData): CardRef => ({ template: "lead-view", data });
export const noticeCard = (data: NoticeData): CardRef => ({ template: "notice", data });

/** Markdown written by our own code (colours, tags): trusted, never user text. */
export const trusted = (markdown: string): RichText => ({ rich: [markdown] });

/** Cuts user text to n characters (before escaping, so no entity is cut in half). */
export function excerpt(text: string, n: number): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length <= n ? chars.join("") : `${chars.slice(0, n).join("")}…`;
}

/** Page buttons for a list of `total` items shown `size` per page; undefined when one page suffices. */
export function pager(
  total: number,
  size: number,
  page: number,
  value: (page: number) => Record<string, unknown>,
): PagerData | undefined {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return undefined;
  const data: PagerData = { label: `第 ${page + 1}/${pages} 页，共 ${total} 项` };
  if (page > 0) data.prev = { label: "上一页", type: "default", value: value(page - 1) };
  if (page < pages - 1) data.next = { label: "下一页", type: "default", value: value(page + 1) };
  return data;
}

export function clampPage(page: number | undefined, total: number, size: number): number {
  const last = Math.max(0, Math.ceil(total / size) - 1);
  return Math.min(Math.max(0, Math.floor(page ?? 0)), last);
}
