import { DEFAULT_TZ, localDayEnd, localParts } from "./time";

/**
 * Reporting periods as the office speaks of them: a bulletin covers a month (月), quarter (季度), half-year
 * (半年) or year (年度).
 */

export type BulletinKind = "month" | "quarter" | "half" | "year";

export interface BulletinPeriod {
  kind: BulletinKind;
  /** Canonical key stored with the bulletin: "2022-06", "2022-Q2", "2022-H1", "2022". */
  period: string;
  year: number;
  /** Months covered, 1..12. */
  months: number[];
  /** "2022年6月", "2022年第二季度", "2022年上半年", "2022年度". */
  label: string;
  /** First and last day (local dates, inclusive). */
  start: string;
  end: string;
}

const CN_NUM = ["", "一", "二", "三", "四"];

export function bulletinPeriod(kind: BulletinKind, year: number, index: number): BulletinPeriod {
  const pad = (m: number) => String(m).padStart(2, "0");
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  let months: number[];
  let period: string;
  let label: string;
  switch (kind) {
    case "month":
      if (index < 1 || index > 12) throw new RangeError(`month ${index}`);
      months = [index];
      period = `${year}-${pad(index)}`;
      label = `${year}年${index}月`;
      break;
    case "quarter":
      if (index < 1 || index > 4) throw new RangeError(`quarter ${index}`);
      months = range(index * 3 - 2, index * 3);
      period = `${year}-Q${index}`;
      label = `${year}年第${CN_NUM[index]}季度`;
      break;
    case "half":
      if (index < 1 || index > 2) throw new RangeError(`half ${index}`);
      months = index === 1 ? range(1, 6) : range(7, 12);
      period = `${year}-H${index}`;
      label = `${year}年${index === 1 ? "上" : "下"}半年`;
      break;
    case "year":
      months = range(1, 12);
      period = String(year);
      label = `${year}年度`;
      break;
  }
  const first = months[0] ?? 1;
  const last = months[months.length - 1] ?? 12;
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return {
    kind,
    period,
    year,
    months,
    label,
    start: `${year}-${pad(first)}-01`,
    end: `${year}-${pad(last)}-${lastDay}`,
  };
}

const KIND_ALIASES: Record<string, BulletinKind> = {
  month: "month",
  monthly: "month",
  月: "month",
  月度: "month",
  quarter: "quarter",
  quarterly: "quarter",
  季: "quarter",
  季度: "quarter",
  half: "half",
  半年: "half",
  year: "year",
  annual: "year",
  年: "year",
  年度: "year",
  全年: "year",
};

export function parseBulletinKind(text: string): BulletinKind | undefined {
  return KIND_ALIASES[text.trim().toLowerCase()];
}

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/**
 * Reads the period a user typed for a bulletin of `kind`: "2022-06", "6月", "2022年6月", "2022-Q2", "Q2",
 * "第二季度", "2022-H1", "上半年", "2022". Without a year, the year of `now`. Undefined when it does not fit.
 */
export function parseBulletinPeriod(
  kind: BulletinKind,
  text: string,
  now: Date,
  tz = DEFAULT_TZ,
): BulletinPeriod | undefined {
  const s = text.trim().replace(/\s+/g, "").toUpperCase();
  const yearMatch = /^(\d{4})(?:年度?|-|\/|\.)?/.exec(s);
  const year = yearMatch ? Number(yearMatch[1]) : localParts(now, tz).y;
  const rest = yearMatch ? s.slice(yearMatch[0].length) : s;
  try {
    if (kind === "year")
      return rest === "" || rest === "年" || rest === "全年" ? bulletinPeriod("year", year, 1) : undefined;
    if (kind === "month") {
      const m = /^(\d{1,2})月?$/.exec(rest);
      return m ? bulletinPeriod("month", year, Number(m[1])) : undefined;
    }
    if (kind === "quarter") {
      const m = /^(?:Q(\d)|第?([一二三四1-4])季度?)$/.exec(rest);
      const n = m ? Number(m[1] ?? CN_DIGIT[m[2] ?? ""] ?? m[2]) : Number.NaN;
      return Number.isInteger(n) ? bulletinPeriod("quarter", year, n) : undefined;
    }
    const m = /^(?:H([12])|([上下])半年)$/.exec(rest);
    if (!m) return undefined;
    return bulletinPeriod("half", year, m[1] ? Number(m[1]) : m[2] === "上" ? 1 : 2);
  } catch {
    return undefined;
  }
}

/** Parses a stored period key ("2022-06", "2022-Q2", "2022-H1", "2022") back into a period. */
export function periodFromKey(kind: BulletinKind, key: string): BulletinPeriod | undefined {
  const m = /^(\d{4})(?:-(?:(\d{2})|Q(\d)|H(\d)))?$/.exec(key);
  if (!m) return undefined;
  const year = Number(m[1]);
  try {
    if (kind === "year" && !m[2] && !m[3] && !m[4]) return bulletinPeriod("year", year, 1);
    if (kind === "month" && m[2]) return bulletinPeriod("month", year, Number(m[2]));
    if (kind === "quarter" && m[3]) return bulletinPeriod("quarter", year, Number(m[3]));
    if (kind === "half" && m[4]) return bulletinPeriod("half", year, Number(m[4]));
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The period a bulletin of `kind` typed without a period is about: the one in progress when `now` is in its
 * last `leadDays` days (a 季通报 drafted on 9月28日 covers the third quarter), otherwise the last one that ended.
 */
export function defaultBulletinPeriod(
  kind: BulletinKind,
  now: Date,
  tz = DEFAULT_TZ,
  leadDays = 7,
): BulletinPeriod {
  const local = localParts(now, tz);
  const current = periodContaining(kind, local.y, local.m);
  const daysLeft = (localDayEnd(current.end, tz).getTime() - now.getTime()) / 86_400_000;
  if (daysLeft < leadDays) return current;
  return previousPeriod(current);
}

function periodContaining(kind: BulletinKind, year: number, month: number): BulletinPeriod {
  if (kind === "month") return bulletinPeriod("month", year, month);
  if (kind === "quarter") return bulletinPeriod("quarter", year, Math.ceil(month / 3));
  if (kind === "half") return bulletinPeriod("half", year, month <= 6 ? 1 : 2);
  return bulletinPeriod("year", year, 1);
}

function previousPeriod(p: BulletinPeriod): BulletinPeriod {
  const first = p.months[0] ?? 1;
  if (p.kind === "year") return bulletinPeriod("year", p.year - 1, 1);
  if (first === 1) return periodContaining(p.kind, p.year - 1, 12);
  return periodContaining(p.kind, p.year, first - 1);
}
