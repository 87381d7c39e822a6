import type { BulletinPeriod } from "./period";
import { DEFAULT_TZ, localParts } from "./time";

/**
 * Rounds (轮次): their kinds, the month they report on, the round a user names, how people name their periods, and their titles.
 *
 * kind       period     asks                                       per
 * monthly    2022-06    月调度: progress on every task               unit × task
 * filing     2022       工作方案备案: each unit's own work plan       unit (task null)
 * half_year  2022-H1    半年小结: a half-year summary                 unit (task null)
 * annual     2022       全年总结: the annual summary                  unit (task null)
 * selfcheck  2022       自评: each lead unit assesses its task        lead unit × task
 *                        (完成 / 基本完成 / 未完成), before the 满意度测评 of the plan's last phase
 *
 * The schedule names its rounds with these titles (src/schedule/domain/rounds.ts) and stores them under its
 * periods (periodOf); a round opened by hand takes the schedule's period and title whenever the schedule
 * computes the same round (src/reporting/domain/round-times.ts), so kind + period find one row whoever opens it first.
 *
 * The summary kinds ask each 承办单位 for one document, as the plan does ("各承办单位报送…半年工作小结"):
 * task-level progress is the monthly round's job, so their requests have task_id null.
 */
export const roundKinds = ["monthly", "filing", "half_year", "annual", "selfcheck"] as const;
export type RoundKind = (typeof roundKinds)[number];

export const roundKindLabels: Record<RoundKind, string> = {
  monthly: "月调度",
  filing: "工作方案备案",
  half_year: "半年小结",
  annual: "全年总结",
  selfcheck: "自评",
};

/** Whether the round asks one document per unit (true) or progress per task (false). */
export function isSummaryKind(kind: RoundKind): boolean {
  return kind !== "monthly" && kind !== "selfcheck";
}

const kindAliases: Record<string, RoundKind> = {
  monthly: "monthly",
  month: "monthly",
  m: "monthly",
  月调度: "monthly",
  月度: "monthly",
  月报: "monthly",
  月: "monthly",
  filing: "filing",
  plan: "filing",
  备案: "filing",
  方案备案: "filing",
  工作方案备案: "filing",
  half_year: "half_year",
  half: "half_year",
  halfyear: "half_year",
  半年: "half_year",
  半年小结: "half_year",
  半年总结: "half_year",
  annual: "annual",
  year: "annual",
  yearly: "annual",
  全年: "annual",
  年度: "annual",
  全年总结: "annual",
  年度总结: "annual",
  selfcheck: "selfcheck",
  自评: "selfcheck",
  任务自评: "selfcheck",
};

export function parseRoundKind(text: string): RoundKind | undefined {
  return kindAliases[text.trim().toLowerCase()];
}

const fullWidth = (s: string) =>
  s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[／－]/g, "-");

/**
 * Normalizes a period for a kind: monthly "2022-06" (also 2022-6, 2022/06, 2022年6月, 6月 — the year of
 * `today`), half_year "2022-H1" (2022H2, 2022上半年, 下半年), annual "2022" (2022年), filing "2022" or a
 * month "2022-03" (stored under the schedule's period for it, see round-times.ts).
 * Without text, the period that contains `today` (YYYY-MM-DD, local). Undefined when it cannot be read.
 */
export function parsePeriod(kind: RoundKind, text: string | undefined, today: string): string | undefined {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const t = fullWidth((text ?? "").trim()).replace(/\s+/g, "");
  if (kind === "monthly") {
    if (!t) return `${year}-${pad(month)}`;
    const m =
      /^(\d{4})[-/.年]?(\d{1,2})月?$/.exec(t) ??
      /^(\d{4})(\d{2})$/.exec(t) ??
      (/^(\d{1,2})月?$/.exec(t) ? [t, String(year), t.replace("月", "")] : null);
    if (!m?.[1] || !m[2]) return undefined;
    const mm = Number(m[2]);
    if (mm < 1 || mm > 12) return undefined;
    return `${m[1]}-${pad(mm)}`;
  }
  if (kind === "half_year") {
    if (!t) return `${year}-H${month <= 6 ? 1 : 2}`;
    const m = /^(?:(\d{4})年?)?-?(H1|H2|h1|h2|上半年|下半年)$/.exec(t);
    if (!m?.[2]) return undefined;
    const half = /1|上/.test(m[2]) ? 1 : 2;
    return `${m[1] ?? year}-H${half}`;
  }
  if (kind === "filing") {
    // A year ("2022"), or the month the filing is due ("2022-03", "2022年3月").
    if (!t) return String(year);
    const ym = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t);
    if (ym?.[1] && ym[2]) {
      const mm = Number(ym[2]);
      return mm >= 1 && mm <= 12 ? `${ym[1]}-${pad(mm)}` : undefined;
    }
  }
  if (!t) return String(year);
  const m = /^(\d{4})年?(?:度)?$/.exec(t);
  return m?.[1];
}

const QUARTERS = ["一", "二", "三", "四"];
const QUARTERLY_LABEL = "季度调度";

/** How often units report: each month (月调度), or each quarter for a plan that asks so (季度调度). */
export type ReportingRhythm = "month" | "quarter";

/**
 * The rhythm of a round, as its title names it: a quarterly plan's collection rounds are the only ones titled
 * 季度调度 (roundTitle), and the title is what the unit reads on its card, so the card's words follow it.
 */
export function roundRhythm(round: { kind: RoundKind; title: string }): ReportingRhythm {
  return round.kind === "monthly" && round.title.endsWith(QUARTERLY_LABEL) ? "quarter" : "month";
}

/**
 * "2022年6月 月调度", "2022年上半年 半年小结"; a plan whose units report each quarter has its collection round
 * in the quarter's last month, named "2022年第二季度 季度调度".
 */
export function roundTitle(kind: RoundKind, period: string, every: ReportingRhythm = "month"): string {
  const year = period.slice(0, 4);
  const month = Number(period.slice(5, 7));
  if (kind === "monthly" && every === "quarter")
    return `${year}年第${QUARTERS[Math.ceil(month / 3) - 1] ?? ""}季度 ${QUARTERLY_LABEL}`;
  if (kind === "monthly") return `${year}年${month}月 ${roundKindLabels.monthly}`;
  if (kind === "half_year")
    return `${year}年${period.endsWith("H1") ? "上半年" : "下半年"} ${roundKindLabels.half_year}`;
  return `${year}年 ${roundKindLabels[kind]}`;
}

export interface RoundTimes {
  opensAt: Date;
  dueAt: Date;
  closesAt: Date;
}

/** What names a round and its times: the schedule's plan of a round and the stored round share these. */
export interface RoundBasics extends RoundTimes {
  planId: string;
  kind: RoundKind;
  period: string;
  title: string;
}

/** Times must be in order: opens ≤ due ≤ closes. Returns a Chinese problem or undefined. */
export function checkRoundTimes(t: RoundTimes): string | undefined {
  if (t.dueAt.getTime() < t.opensAt.getTime()) return "截止时间早于开启时间";
  if (t.closesAt.getTime() < t.dueAt.getTime()) return "关闭时间早于截止时间";
  return undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

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
  const local = localParts(dueAt, tz);
  return { year: local.y, month: local.m };
}

export function roundInPeriod(
  round: { kind: RoundKind; period: string; dueAt: Date },
  p: BulletinPeriod,
  tz = DEFAULT_TZ,
): boolean {
  const { year, month } = roundMonth(round.kind, round.period, round.dueAt, tz);
  return year === p.year && p.months.includes(month);
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
  const thisYear = localParts(now, tz).y;
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
