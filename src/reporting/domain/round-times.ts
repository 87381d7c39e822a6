import { addDays, type CalendarData, createCalendar, daysInMonth, formatDay } from "../../domain/calendar";
import { type RoundKind, type RoundTimes, roundTitle } from "../../domain/rounds";
import { localDay, zonedInstant } from "../../domain/time";
import { periodOf, roundSpecs } from "../../schedule/domain/rounds";
import {
  defaultScheduleSettings,
  parseScheduleSettings,
  type ScheduleSettings,
} from "../../schedule/domain/settings";
import type { PhaseState } from "../../schedule/domain/types";

/**
 * The times of a round the office opens by hand (/round open), computed as the schedule computes the same
 * round (src/schedule/domain/rounds.ts roundSpecs): due on a working day of the official calendar with the
 * office's overrides (the plan's dueDay moved to the previous working day), at the plan's dueTime, closing
 * closeWorkdaysAfter working days later. So the office and the schedule agree on the round: when the schedule
 * later reaches it, kind + period find the same row, and the office's times are kept.
 *
 * The round opens now. A round the plan does not schedule (a month outside the implementation phase, a
 * summary kind without its milestone) follows the same rules: monthly on dueDay; half year at the half's end;
 * annual on 11-30; filing 14 days from today (or the end of the month named), under the schedule's period for
 * that due date (periodOf). The period and title are the schedule's whenever it computes the round.
 */

export interface PlanSchedule {
  planId: string;
  timezone: string;
  /** plans.settings as stored; its `schedule` key holds the schedule settings. */
  settings: unknown;
  phases: PhaseState[];
  calendar: CalendarData;
  calendarOverrides: readonly { day: string; workday: boolean }[];
}

export interface PlannedRound {
  /** The period the round is stored under (a filing year resolved to the month it is due). */
  period: string;
  title: string;
  times: RoundTimes;
  /** True when the schedule computes this round too (its due and close times were taken). */
  scheduled: boolean;
  /** The plan's schedule settings were invalid: defaults were used. */
  warnings: string[];
}

const FILING_DAYS = 14;

export function plannedRound(
  plan: PlanSchedule,
  kind: RoundKind,
  period: string,
  now: Date,
  given: { dueDay?: string; dueTime?: string } = {},
): PlannedRound {
  const tz = plan.timezone;
  const parsed = parseScheduleSettings(plan.settings);
  const settings: ScheduleSettings = parsed.ok ? parsed.settings : defaultScheduleSettings;
  const warnings = parsed.ok ? [] : parsed.problems;
  const cal = createCalendar(plan.calendar, new Map(plan.calendarOverrides.map((o) => [o.day, o.workday])));
  const window = kind === "monthly" ? settings.monthly : settings.milestones;
  const closeAfter = (dueDay: string) =>
    zonedInstant(cal.shiftWorkdays(dueDay, window.closeWorkdaysAfter), settings.dueTime, tz);

  const { specs } = roundSpecs(
    { id: plan.planId, timezone: tz, settings: plan.settings, rhythm: [], phases: plan.phases },
    settings,
    cal,
  );
  // A filing round is named by its year or by the month it is due, whichever the schedule uses.
  const spec = specs.find(
    (s) =>
      s.kind === kind &&
      (s.period === period ||
        (kind === "filing" && (s.period.startsWith(`${period}-`) || period.startsWith(`${s.period}-`)))),
  );

  const finish = (p: string, dueAt: Date, closesAt: Date, scheduled: boolean): PlannedRound => ({
    period: p,
    title: spec?.period === p ? spec.title : roundTitle(kind, p),
    times: { opensAt: now, dueAt, closesAt: closesAt < dueAt ? dueAt : closesAt },
    scheduled,
    warnings,
  });

  if (given.dueDay) {
    // The office's own date wins, as typed (a day off included); the close follows the plan's rule.
    const dueAt = zonedInstant(given.dueDay, given.dueTime ?? settings.dueTime, tz);
    const p =
      spec?.period ?? (kind === "filing" && !period.includes("-") ? periodOf(kind, given.dueDay) : period);
    return finish(p, dueAt, closeAfter(given.dueDay), spec !== undefined);
  }
  if (spec) return finish(spec.period, spec.dueAt, spec.closesAt, true);

  const nominal = nominalDue(kind, period, settings, localDay(now, tz));
  const due = cal.onOrBefore(nominal);
  const p = kind === "filing" ? periodOf(kind, nominal) : period;
  return finish(p, zonedInstant(due, settings.dueTime, tz), closeAfter(due), false);
}

function nominalDue(kind: RoundKind, period: string, settings: ScheduleSettings, today: string): string {
  const y = Number(period.slice(0, 4));
  switch (kind) {
    case "monthly": {
      const m = Number(period.slice(5, 7));
      return formatDay(y, m, Math.min(settings.monthly.dueDay, daysInMonth(y, m)));
    }
    case "half_year":
      return period.endsWith("H1") ? `${y}-06-30` : `${y}-12-31`;
    case "annual":
      return `${y}-11-30`;
    case "selfcheck": {
      // Outside the plan's last phase the office opens it when it wants it: two weeks from today, in that year.
      const inTwoWeeks = addDays(today, FILING_DAYS);
      return inTwoWeeks.startsWith(`${y}-`) ? inTwoWeeks : `${y}-12-31`;
    }
    case "filing": {
      // A month named: its last day; a year: two weeks from today (within that year).
      if (period.includes("-")) {
        const m = Number(period.slice(5, 7));
        return formatDay(y, m, daysInMonth(y, m));
      }
      const inTwoWeeks = addDays(today, FILING_DAYS);
      return inTwoWeeks.startsWith(`${y}-`) ? inTwoWeeks : `${y}-12-31`;
    }
  }
}
