/** Rounds (collections): their kinds, the month they report on, and the round a user names. */

import type { RoundKind } from "./collect/rounds";
import { DEFAULT_TZ, localParts } from "./local-time";
import type { BulletinPeriod } from "./period";

// One vocabulary of round kinds for collection, status and the schedule.
export type { RoundKind } from "./collect/rounds";
export { roundKindLabels as roundKindLabel } from "./collect/rounds";

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
