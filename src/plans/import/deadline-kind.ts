import { cjkToNumber } from "./text";

/**
 * What a task's 完成时限 says, read from its words: a date (2023年6月底前), a recurring day (每季度末, 每月5日前,
 * 每年11月底前), work that goes on (长期坚持, 持续推进, 常态化), or words the reader cannot place (warned).
 * Pure. The plan format keeps the result beside the text (docs/contract.md); a deadline stored before these
 * fields were written is read again from its text (src/deadlines/read.ts).
 */

export type DeadlineKind = "dated" | "recurring" | "ongoing" | "unknown";
export type Every = "month" | "quarter" | "half" | "year";

export interface DeadlineRule {
  kind: DeadlineKind;
  /** recurring: how often. */
  every?: Every;
  /**
   * recurring: the month within each period (1 = its first; absent: its last); for a year, the calendar month.
   */
  month?: number;
  /** recurring: the day of that month (absent: its last day). */
  day?: number;
}

const ONGOING = /长期|持续|常态|长效|久久为功|经常性|不间断/;
const EVERY = /(?:每|按)(?:个)?(月|季度?|半年|年度?)/;
const DAY = /(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九十])[日号]/;
const MONTH_OF_YEAR = /(\d{1,2}|十[一二]?|[一二三四五六七八九])月/;
const FIRST_MONTH = /首月|第一个月|初/;

function num(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const n = /^\d+$/.test(s) ? Number(s) : cjkToNumber(s);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function recurring(text: string): DeadlineRule | null {
  const m = EVERY.exec(text);
  if (!m) return null;
  const word = m[1] ?? "";
  const every: Every = word.startsWith("月")
    ? "month"
    : word.startsWith("季")
      ? "quarter"
      : word === "半年"
        ? "half"
        : "year";
  const rest = text.slice(m.index + m[0].length);
  const rule: DeadlineRule = { kind: "recurring", every };
  const day = num(DAY.exec(rest)?.[1]);
  if (day !== undefined && day <= 31) rule.day = day;
  if (every === "year") {
    const month = num(MONTH_OF_YEAR.exec(rest)?.[1]);
    if (month !== undefined && month <= 12) rule.month = month;
  } else if (every !== "month" && FIRST_MONTH.test(rest)) rule.month = 1;
  return rule;
}

/** The rule of one deadline, given the date the importer resolved (null when it resolved none). */
export function classifyDeadline(text: string, date: string | null): DeadlineRule {
  const every = recurring(text);
  if (every) return every;
  if (date) return { kind: "dated" };
  if (ONGOING.test(text)) return { kind: "ongoing" };
  return { kind: "unknown" };
}

/** The deadline as the plan format stores it: its words, its date and its rule. */
export function describeDeadline(
  text: string,
  date: string | null,
): { text: string; date: string | null } & DeadlineRule {
  const rule = classifyDeadline(text, date);
  return { text, date: rule.kind === "dated" ? date : null, ...rule };
}
