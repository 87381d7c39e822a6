/**
 * The rounds a plan asks for (报送轮次), computed from its phases, milestones and settings:
 * - monthly (月调度) through the implementation phase, due on settings.monthly.dueDay;
 * - one round per milestone that asks every unit for something (备案 filing, 半年小结 half_year, 全年总结 annual);
 * - 自评 selfcheck: the lead units assess their tasks early in the plan's last phase (before the 满意度测评).
 * A due date on a day off moves to the previous working day. Periods and titles are those of the collection
 * service (src/domain/rounds.ts), which opens the rounds: monthly "2022-06", filing "2022" (the year
 * the work plan is filed for), half_year "2022-H1", annual "2022".
 */

import { type Calendar, daysInMonth, formatDay, parseDay } from "../../domain/calendar";
import { roundTitle } from "../../domain/rounds";
import { zonedInstant } from "../../domain/time";
import { jittered } from "./jitter";
import type { ScheduleSettings } from "./settings";
import type { PhaseState, PlanState, RoundKind, RoundSpec } from "./types";

const IMPLEMENTATION_PHASE = /落实|实施|推进|执行/;

/** The phase the monthly rounds run through: named 办理落实/实施…, else the longest dated phase. */
export function implementationPhase(phases: PhaseState[]): PhaseState | undefined {
  const dated = phases.filter((p) => p.start !== null);
  const named = dated.find((p) => IMPLEMENTATION_PHASE.test(p.name));
  if (named) return named;
  const length = (p: PhaseState) => Date.parse(p.end) - Date.parse(p.start ?? p.end);
  return [...dated].sort((a, b) => length(b) - length(a))[0];
}

/** A milestone's collection kind: as imported, else read from its text. */
export function milestoneKind(text: string, declared: string | null): RoundKind | null {
  if (declared === "filing" || declared === "half_year" || declared === "annual" || declared === "monthly")
    return declared;
  if (/备案|工作方案/.test(text)) return "filing";
  if (/半年/.test(text)) return "half_year";
  if (/全年|年度|总结/.test(text)) return "annual";
  return null;
}

export function periodOf(kind: RoundKind, dueDay: string): string {
  const { y, m } = parseDay(dueDay);
  switch (kind) {
    case "monthly":
      return `${y}-${String(m).padStart(2, "0")}`;
    case "filing":
      return String(y);
    case "half_year":
      return `${y}-${m <= 7 ? "H1" : "H2"}`;
    case "annual":
      return String(m <= 2 ? y - 1 : y);
    case "selfcheck":
      return String(y);
  }
}

/** The round's title, as the collection service writes it when the office opens a round by hand. */
export function titleOf(kind: RoundKind, period: string, every: "month" | "quarter" = "month"): string {
  return roundTitle(kind, period, every);
}

function monthsBetween(from: string, to: string): Array<{ y: number; m: number }> {
  const out: Array<{ y: number; m: number }> = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push({ y, m });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export function roundSpecs(
  plan: PlanState,
  settings: ScheduleSettings,
  cal: Calendar,
): { specs: RoundSpec[]; warnings: string[] } {
  const tz = plan.timezone;
  const specs: RoundSpec[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();

  const make = (
    kind: RoundKind,
    nominalDue: string,
    window: { openWorkdaysBefore: number; closeWorkdaysAfter: number },
  ) => {
    const due = cal.onOrBefore(nominalDue);
    const period = periodOf(kind, nominalDue);
    const id = `${kind}:${period}`;
    if (seen.has(id)) {
      warnings.push(`方案 ${plan.id}：${titleOf(kind, period, settings.monthly.every)} 重复，只保留第一个`);
      return;
    }
    seen.add(id);
    const openDay = cal.shiftWorkdays(due, -window.openWorkdaysBefore);
    specs.push({
      planId: plan.id,
      kind,
      period,
      title: titleOf(kind, period, settings.monthly.every),
      opensAt: jittered(
        zonedInstant(openDay, settings.openTime, tz),
        `open:${plan.id}:${id}`,
        settings.jitter,
        tz,
      ),
      dueAt: zonedInstant(due, settings.dueTime, tz),
      closesAt: zonedInstant(cal.shiftWorkdays(due, window.closeWorkdaysAfter), settings.dueTime, tz),
    });
  };

  if (settings.monthly.enabled) {
    const phase = implementationPhase(plan.phases);
    const from = settings.monthly.from ?? phase?.start?.slice(0, 7);
    const to = settings.monthly.to ?? phase?.end.slice(0, 7);
    if (!from || !to) {
      warnings.push(
        `方案 ${plan.id}：找不到办理落实阶段，未安排月调度（可在 settings.schedule.monthly 设 from/to）`,
      );
    } else {
      const lo = settings.monthly.from ? `${from}-01` : (phase?.start ?? `${from}-01`);
      const hi = settings.monthly.to ? `${to}-31` : (phase?.end ?? `${to}-31`);
      for (const { y, m } of monthsBetween(from, to)) {
        if (settings.monthly.every === "quarter" && m % 3 !== 0) continue;
        const nominal = formatDay(y, m, Math.min(settings.monthly.dueDay, daysInMonth(y, m)));
        const due = cal.onOrBefore(nominal);
        if (due < lo || due > hi) continue;
        make("monthly", nominal, settings.monthly);
      }
    }
  }

  for (const phase of plan.phases) {
    for (const ms of phase.milestones) {
      if (!ms.unitsMustSubmit) continue;
      const kind = milestoneKind(ms.text, ms.collectionKind);
      if (!kind) {
        warnings.push(`方案 ${plan.id}：节点「${ms.text}」要求报送，但看不出是哪类报送，未安排`);
        continue;
      }
      make(kind, ms.due, kind === "monthly" ? settings.monthly : settings.milestones);
    }
  }
  // 自评 before the 满意度测评: in the last dated phase of a plan with more than one phase.
  const last = plan.phases.filter((p) => p.start !== null).at(-1);
  if (settings.selfcheck.enabled && plan.phases.length > 1 && last?.start)
    make(
      "selfcheck",
      cal.shiftWorkdays(last.start, settings.selfcheck.workdaysAfterStart),
      settings.milestones,
    );
  specs.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return { specs, warnings };
}
