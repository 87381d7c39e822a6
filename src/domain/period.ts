import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Reporting periods as the office speaks of them: a bulletin covers a month (月), quarter (季度), half-year
 * (半年) or year (年度); a round (collection) belongs to the month its period names.
 */

export const DEFAULT_TZ = "Asia/Shanghai";

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
  const lastDay = dayjs(`${year}-${pad(last)}-01`).daysInMonth();
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
  const year = yearMatch ? Number(yearMatch[1]) : dayjs(now).tz(tz).year();
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
  const local = dayjs(now).tz(tz);
  const current = periodContaining(kind, local.year(), local.month() + 1);
  const endLocal = dayjs.tz(`${current.end} 23:59:59`, tz);
  if (endLocal.diff(local, "day", true) < leadDays) return current;
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

export type RoundKind = "monthly" | "filing" | "half_year" | "annual";

export const roundKindLabel: Record<RoundKind, string> = {
  monthly: "月调度",
  filing: "工作方案备案",
  half_year: "半年工作小结",
  annual: "全年工作总结",
};

/**
 * The month a round reports on: its period for monthly and filing rounds ("2022-06"), June or December for
 * half-year ("2022-H1"/"2022-H2"), December for annual ("2022"); otherwise the local month of its due date.
 */
export function roundMonth(
  kind: RoundKind,
  period: string,
  dueAt: Date,
  tz = DEFAULT_TZ,
): { year: number; month: number } {
  const ym = /^(\d{4})-(\d{2})$/.exec(period);
  if (ym && (kind === "monthly" || kind === "filing")) return { year: Number(ym[1]), month: Number(ym[2]) };
  const half = /^(\d{4})-H([12])$/.exec(period);
  if (half && kind === "half_year") return { year: Number(half[1]), month: half[2] === "1" ? 6 : 12 };
  const y = /^(\d{4})$/.exec(period);
  if (y && kind === "annual") return { year: Number(y[1]), month: 12 };
  const local = dayjs(dueAt).tz(tz);
  return { year: local.year(), month: local.month() + 1 };
}

export function roundInPeriod(
  round: { kind: RoundKind; period: string; dueAt: Date },
  p: BulletinPeriod,
  tz = DEFAULT_TZ,
): boolean {
  const { year, month } = roundMonth(round.kind, round.period, round.dueAt, tz);
  return year === p.year && p.months.includes(month);
}

/** The instant a local date (YYYY-MM-DD) starts in `tz`. */
export function localDayStart(date: string, tz = DEFAULT_TZ): Date {
  return dayjs.tz(`${date} 00:00:00`, tz).toDate();
}

/** The instant after a local date ends (the next day's start). */
export function localDayEnd(date: string, tz = DEFAULT_TZ): Date {
  return dayjs.tz(`${date} 00:00:00`, tz).add(1, "day").toDate();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local calendar fields of an instant in `tz` (a cached Intl formatter: dayjs-timezone is ~50× slower). */
export function localParts(
  d: Date,
  tz = DEFAULT_TZ,
): { y: number; m: number; d: number; hh: string; mm: string } {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(d)) p[part.type] = part.value;
  return {
    y: Number(p.year),
    m: Number(p.month),
    d: Number(p.day),
    hh: p.hour ?? "00",
    mm: p.minute ?? "00",
  };
}

/** "2022年6月30日". */
export function formatCnDate(d: Date, tz = DEFAULT_TZ): string {
  const l = localParts(d, tz);
  return `${l.y}年${l.m}月${l.d}日`;
}

/** "6月30日 18:00". */
export function formatShortTime(d: Date, tz = DEFAULT_TZ): string {
  const l = localParts(d, tz);
  return `${l.m}月${l.d}日 ${l.hh}:${l.mm}`;
}

/** "2022-06-30 18:00" (export cells). */
export function formatIsoMinute(d: Date, tz = DEFAULT_TZ): string {
  const l = localParts(d, tz);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${l.y}-${pad(l.m)}-${pad(l.d)} ${l.hh}:${l.mm}`;
}

/**
 * The short name of a plan for file names and headers: "1号议案" from "市十五届人大一次会议1号议案办理工作方案";
 * otherwise the title without its trailing 工作方案/方案.
 */
export function planShortName(title: string): string {
  const m = /(\d+号(?:议案|建议|提案))/.exec(title);
  if (m?.[1]) return m[1];
  return title.replace(/(工作)?(实施)?方案$/, "") || title;
}

/**
 * The subject of a plan's bulletins: "市十五届人大一次会议1号议案办理工作" from "…办理工作方案".
 * Titles not ending in 方案 are used as they are, with 工作 added when missing.
 */
export function planWorkName(title: string): string {
  const t = title
    .trim()
    .replace(/^关于印发/, "")
    .replace(/的通知$/, "");
  if (/工作方案$/.test(t)) return t.replace(/方案$/, "");
  const stripped = t.replace(/(实施)?方案$/, "");
  return /工作$/.test(stripped) ? stripped : `${stripped}工作`;
}

/** "2022-04-01" → "2022年4月1日". */
export function cnDateOf(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export type RoundRef = { id: number } | { period: string; kind?: RoundKind };

/**
 * Reads the round a user named: "#12" (id), "2022-06", "2022年6月", "6月" (this year), "2022-H1", "上半年",
 * "2022年", "全年", "备案". Undefined when it is none of these.
 */
export function parseRoundRef(text: string, now: Date, tz = DEFAULT_TZ): RoundRef | undefined {
  const s = text.trim().replace(/\s+/g, "").toUpperCase();
  const id = /^#(\d+)$/.exec(s);
  if (id) return { id: Number(id[1]) };
  const thisYear = dayjs(now).tz(tz).year();
  if (/^(工作方案)?备案$/.test(s)) return { period: "", kind: "filing" };
  const ym = /^(?:(\d{4})(?:年|-|\/|\.))?(\d{1,2})月?(?:份)?(?:月调度)?$/.exec(s);
  if (ym && Number(ym[2]) >= 1 && Number(ym[2]) <= 12)
    return { period: `${ym[1] ?? thisYear}-${String(Number(ym[2])).padStart(2, "0")}` };
  const half = /^(?:(\d{4})(?:年|-)?)?(?:H([12])|([上下])半年)(?:工作小结|小结)?$/.exec(s);
  if (half)
    return {
      period: `${half[1] ?? thisYear}-H${half[2] ?? (half[3] === "上" ? "1" : "2")}`,
      kind: "half_year",
    };
  const year = /^(?:(\d{4})年?|全年)(?:度)?(?:工作总结|总结)?$/.exec(s);
  if (year) return { period: `${year[1] ?? thisYear}`, kind: "annual" };
  return undefined;
}

/** Picks the round a reference names among a plan's rounds (monthly before others for the same period). */
export function matchRound<T extends { id: number; kind: RoundKind; period: string; opensAt: Date }>(
  rounds: readonly T[],
  ref: RoundRef,
): T | undefined {
  if ("id" in ref) return rounds.find((r) => r.id === ref.id);
  const order: RoundKind[] = ["monthly", "half_year", "annual", "filing"];
  return rounds
    .filter((r) => (ref.kind ? r.kind === ref.kind : true) && (ref.period === "" || r.period === ref.period))
    .sort(
      (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || b.opensAt.getTime() - a.opensAt.getTime(),
    )[0];
}

/**
 * The round a command means when it names none: the open round opened last, else the last round opened
 * before `now`.
 */
export function currentRound<T extends { state: string; opensAt: Date }>(
  rounds: readonly T[],
  now: Date,
): T | undefined {
  const opened = rounds
    .filter((r) => r.opensAt.getTime() <= now.getTime())
    .sort((a, b) => b.opensAt.getTime() - a.opensAt.getTime());
  return opened.find((r) => r.state === "open") ?? opened[0];
}
