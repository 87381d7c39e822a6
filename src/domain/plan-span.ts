import { type BulletinKind, type BulletinPeriod, bulletinPeriod, defaultBulletinPeriod } from "./period";
import { cnDateOf, DEFAULT_TZ, localParts } from "./time";

/**
 * The span a plan covers (its first and last local dates, from its issue date and phases). Every period a
 * command or the schedule speaks of lies inside it: a plan of 2022 has no 2021 or 2026 bulletin.
 */
export interface PlanSpan {
  start: string;
  end: string;
}

/** "2022年3月31日至2022年11月30日". */
export function describeSpan(span: PlanSpan): string {
  return `${cnDateOf(span.start)}至${cnDateOf(span.end)}`;
}

export function periodInSpan(p: BulletinPeriod, span: PlanSpan): boolean {
  return p.start <= span.end && p.end >= span.start;
}

function containing(kind: BulletinKind, isoDate: string): BulletinPeriod {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  if (kind === "month") return bulletinPeriod("month", y, m);
  if (kind === "quarter") return bulletinPeriod("quarter", y, Math.ceil(m / 3));
  if (kind === "half") return bulletinPeriod("half", y, m <= 6 ? 1 : 2);
  return bulletinPeriod("year", y, 1);
}

/**
 * The period a command typed without one is about, inside the plan: while the plan runs, the usual default
 * (the period ending within a week, else the last one ended) unless that falls before the plan began, then
 * the current one; a year is the plan's year in progress. Before the plan, its first period; after it, the
 * period holding its last day. Without a span, the usual default.
 */
export function planDefaultPeriod(
  kind: BulletinKind,
  now: Date,
  span: PlanSpan | null,
  tz = DEFAULT_TZ,
): BulletinPeriod {
  const usual = defaultBulletinPeriod(kind, now, tz);
  if (!span) return usual;
  const l = localParts(now, tz);
  const pad = (n: number) => String(n).padStart(2, "0");
  const today = `${l.y}-${pad(l.m)}-${pad(l.d)}`;
  if (today < span.start) return containing(kind, span.start);
  if (today > span.end) return containing(kind, span.end);
  if (kind === "year") return containing(kind, today);
  return periodInSpan(usual, span) ? usual : containing(kind, today);
}

/** The refusal for a period outside the plan, naming the plan's span. */
export function outsideSpanText(p: BulletinPeriod, span: PlanSpan): string {
  return `${p.label}不在本工作方案期间（${describeSpan(span)}）内，请选择该期间内的月份、季度、半年或年度。`;
}
