/**
 * Date expressions of the genre: 2022年3月31日, 2022年3月底之前, 8月底之前 (year inherited), 2022年4—10月,
 * 2022年11月, 年底前, 年内, 上半年, 三季度末, 二〇二二年三月三十一日. A point resolves to the first and last
 * day of the period it names; a range spans from the first day of its start to the last day of its end.
 */
import { cjkToNumber } from "./text";

export interface Period {
  from: string;
  to: string;
}

export interface DateMatch {
  /** The expression as written, including a trailing 前/之前/以前 when present. */
  text: string;
  index: number;
  end: number;
  /** Null when the expression names no year and none was inherited. */
  period: Period | null;
  /** Followed by 前/之前/以前 ("by …"). */
  before: boolean;
  range: boolean;
  /** The part of a year it names (年底, 年内, 上半年, 三季度末 …), or null for months and days. */
  yearPart: string | null;
}

interface Point {
  year: number | null;
  month: number | null;
  /** Inclusive day range within the month, or a named part of a year. */
  part:
    | { kind: "day"; from: number; to: number | "end" }
    | { kind: "year"; word: string; from: string; to: string }
    | null;
  end: number;
}

const YEAR = /(\d{4}|[〇零一二三四五六七八九]{4})年/y;
const MONTH = /(\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:份)?/y;
const DAY =
  /(?:(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]|(月?底|末|上旬|中旬|下旬|初))/y;
const YEAR_PART = /(年底|年末|年内|全年|上半年|下半年|第?([一二三四1-4])季度(末|底)?)/y;
const SEP = /\s*(?:[—–\-~～]{1,2}|至|到)\s*/y;
const BEFORE = /(?:之前|以前|前)/y;

function at(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function iso(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

function dayPart(word: string): { from: number; to: number | "end" } {
  switch (word) {
    case "上旬":
    case "初":
      return { from: 1, to: 10 };
    case "中旬":
      return { from: 11, to: 20 };
    case "下旬":
      return { from: 21, to: "end" };
    default:
      // 底, 月底, 末: the last day.
      return { from: 32, to: "end" };
  }
}

function yearPart(m: RegExpExecArray): { from: string; to: string } {
  const word = m[1] ?? "";
  if (word === "上半年") return { from: "01-01", to: "06-30" };
  if (word === "下半年") return { from: "07-01", to: "12-31" };
  if (word === "年内" || word === "全年") return { from: "01-01", to: "12-31" };
  if (word === "年底" || word === "年末") return { from: "12-31", to: "12-31" };
  const q = cjkToNumber(m[2] ?? "");
  const ends = ["03-31", "06-30", "09-30", "12-31"];
  const starts = ["01-01", "04-01", "07-01", "10-01"];
  const to = ends[q - 1] ?? "12-31";
  return { from: m[3] ? to : (starts[q - 1] ?? "01-01"), to };
}

function pointAt(s: string, i: number): Point | null {
  let pos = i;
  let year: number | null = null;
  const y = at(YEAR, s, pos);
  if (y) {
    year = cjkToNumber(y[1] ?? "");
    pos = YEAR.lastIndex;
  }
  // 年底 after "2022年" shares its 年 ("2022年底"); "2022年上半年" does not.
  const yp = (y ? at(YEAR_PART, s, pos - 1) : null) ?? at(YEAR_PART, s, pos);
  if (yp) {
    return {
      year,
      month: null,
      part: { kind: "year", word: yp[1] ?? "", ...yearPart(yp) },
      end: YEAR_PART.lastIndex,
    };
  }
  const m = at(MONTH, s, pos);
  if (!m) return y ? { year, month: null, part: null, end: pos } : null;
  const month = cjkToNumber(m[1] ?? "");
  if (!(month >= 1 && month <= 12)) return null;
  pos = MONTH.lastIndex;
  const d = at(DAY, s, pos);
  if (!d) return { year, month, part: null, end: pos };
  const day = d[1] ? cjkToNumber(d[1]) : null;
  const part = day !== null ? { from: day, to: day } : dayPart(d[2] ?? "");
  return { year, month, part: { kind: "day", ...part }, end: DAY.lastIndex };
}

function resolve(p: Point, year: number | null): Period | null {
  const y = p.year ?? year;
  if (y === null || !Number.isFinite(y)) return null;
  if (p.part?.kind === "year") return { from: `${y}-${p.part.from}`, to: `${y}-${p.part.to}` };
  if (p.month === null) return { from: iso(y, 1, 1), to: iso(y, 12, 31) };
  const last = lastDayOfMonth(y, p.month);
  if (!p.part) return { from: iso(y, p.month, 1), to: iso(y, p.month, last) };
  const to = p.part.to === "end" ? last : p.part.to;
  const from = Math.min(p.part.from, last);
  if (to < 1 || to > last) return null;
  return { from: iso(y, p.month, from), to: iso(y, p.month, to) };
}

/** "4—10月": a bare month number before a range separator. */
function bareMonthRangeAt(s: string, i: number): { year: number | null; month: number; end: number } | null {
  const re =
    /(?:(\d{4}|[〇零一二三四五六七八九]{4})年)?(\d{1,2})(?=\s*(?:[—–\-~～]{1,2}|至|到)\s*\d{1,2}月)/y;
  const m = at(re, s, i);
  if (!m) return null;
  return { year: m[1] ? cjkToNumber(m[1]) : null, month: Number(m[2]), end: re.lastIndex };
}

/**
 * Every date expression in `s`, left to right. `year` is the year to assume when an expression names
 * none; it is updated by each explicit year, so "2022年6月底之前…8月底之前" resolves both.
 */
export function findDates(s: string, year: number | null): DateMatch[] {
  const out: DateMatch[] = [];
  let ctxYear = year;
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && /\d/.test(s.charAt(i - 1))) continue;
    let first: Point | null = null;
    const bare = bareMonthRangeAt(s, i);
    if (bare) first = { year: bare.year, month: bare.month, part: null, end: bare.end };
    else first = pointAt(s, i);
    if (!first) continue;
    // A year on its own ("2022年,全市…") is context, not a date.
    let end = first.end;
    let second: Point | null = null;
    const sep = at(SEP, s, end);
    if (sep) {
      const next = pointAt(s, SEP.lastIndex);
      if (next) {
        second = next;
        end = next.end;
      }
    }
    if (first.year !== null) ctxYear = first.year;
    if (!second && first.month === null && first.part === null) continue;
    let period: Period | null;
    if (second) {
      const a = resolve(first, ctxYear);
      const secondYear = second.year ?? first.year ?? ctxYear;
      const b = resolve({ ...second, month: second.month ?? first.month }, secondYear);
      if (second.year !== null) ctxYear = second.year;
      period = a && b ? { from: a.from, to: b.to } : null;
    } else period = resolve(first, ctxYear);
    const before = at(BEFORE, s, end);
    if (before) end = BEFORE.lastIndex;
    const yearPartWord = first.part?.kind === "year" ? first.part.word : null;
    out.push({
      text: s.slice(i, end),
      index: i,
      end,
      period,
      before: !!before,
      range: !!second,
      yearPart: yearPartWord,
    });
    i = end - 1;
  }
  return out;
}
