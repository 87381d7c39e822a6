import * as z from "zod";
import { daysInMonth, formatDay } from "../domain/calendar";
import type { PlanSpan } from "../domain/plan-span";
import { classifyDeadline, type DeadlineRule } from "../plans/import/deadline-kind";

/**
 * A task's deadlines as stored (tasks.deadlines, jsonb), read leniently: a row written before deadlines had a
 * kind is read again from its words, and an entry that is not a deadline at all is dropped, never thrown on.
 */

export interface TaskDeadline extends DeadlineRule {
  text: string;
  date: string | null;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const entry = z.object({
  text: z.string().min(1),
  date: isoDate.nullable().catch(null),
  kind: z.enum(["dated", "recurring", "ongoing", "unknown"]).optional().catch(undefined),
  every: z.enum(["month", "quarter", "half", "year"]).optional().catch(undefined),
  month: z.number().int().min(1).max(12).optional().catch(undefined),
  day: z.number().int().min(1).max(31).optional().catch(undefined),
});

export function readDeadlines(raw: unknown): TaskDeadline[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): TaskDeadline[] => {
    const p = entry.safeParse(item);
    if (!p.success) return [];
    const { text, date } = p.data;
    const stored = p.data.kind;
    const rule: DeadlineRule =
      stored === undefined || (stored === "recurring" && !p.data.every) || (stored === "dated" && !date)
        ? classifyDeadline(text, date)
        : {
            kind: stored,
            ...(p.data.every ? { every: p.data.every } : {}),
            ...(p.data.month ? { month: p.data.month } : {}),
            ...(p.data.day ? { day: p.data.day } : {}),
          };
    return [{ text, date: rule.kind === "dated" ? date : null, ...rule }];
  });
}

const PERIOD_MONTHS = { month: 1, quarter: 3, half: 6, year: 12 } as const;

/**
 * The dates a deadline falls on, in order: a dated one's date; a recurring one's day in each of its periods
 * inside the plan's span (none without a span); nothing for ongoing work or words not understood.
 */
export function occurrences(d: TaskDeadline, span: PlanSpan | null): string[] {
  if (d.kind === "dated") return d.date ? [d.date] : [];
  if (d.kind !== "recurring" || !d.every || !span) return [];
  const months = PERIOD_MONTHS[d.every];
  const out: string[] = [];
  const first = Number(span.start.slice(0, 4));
  const last = Number(span.end.slice(0, 4));
  for (let y = first; y <= last; y++)
    for (let start = 1; start <= 12; start += months) {
      const m = d.every === "year" ? (d.month ?? 12) : start + (d.month ?? months) - 1;
      const dim = daysInMonth(y, m);
      const day = formatDay(y, m, Math.min(d.day ?? dim, dim));
      if (day >= span.start && day <= span.end) out.push(day);
    }
  return out;
}

/** The next date on or after `today`, "ongoing" for work that goes on, or null when none is left. */
export function nextDeadline(ds: readonly TaskDeadline[], span: PlanSpan | null, today: string) {
  const next = ds
    .flatMap((d) => occurrences(d, span))
    .filter((day) => day >= today)
    .sort()[0];
  if (next) return next;
  return ds.some((d) => d.kind === "ongoing") ? ("ongoing" as const) : null;
}
