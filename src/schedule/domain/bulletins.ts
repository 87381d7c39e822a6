/**
 * Bulletin drafts (通报) for the office: a quarterly one after each quarter-end monthly round (季通报), one
 * after the half-year round (半年检查) and one after the annual round (全年总结); monthly ones when enabled.
 * A draft is due `workdaysAfterDue` working days after its round's due day at `bulletins.time`; missed by
 * downtime it is still made within `catchUpWorkdays`, then skipped. Periods: month "2022-06", quarter
 * "2022-Q2", half "2022-H1", year "2022".
 */

import { localDay, zonedInstant } from "../../domain/time";
import { hasOfficeRecipient, jitter, type PlanContext } from "./context";
import type { BulletinKind, RoundRow } from "./types";

const QUARTER_NAMES = ["一", "二", "三", "四"];

interface Candidate {
  kind: BulletinKind;
  period: string;
  title: string;
  source: RoundRow;
  roundIds: number[];
}

export function bulletinCandidates(ctx: PlanContext, rounds: RoundRow[]): Candidate[] {
  const b = ctx.settings.bulletins;
  // Periods are ASCII "YYYY-MM": code-point order, far cheaper than localeCompare across a thousand plans.
  const monthly = rounds
    .filter((c) => c.kind === "monthly")
    .sort((a, x) => (a.period < x.period ? -1 : a.period > x.period ? 1 : 0));
  const out: Candidate[] = [];
  for (const c of monthly) {
    const y = c.period.slice(0, 4);
    const m = Number(c.period.slice(5, 7));
    if (b.month)
      out.push({
        kind: "month",
        period: c.period,
        title: `${y}年${m}月 工作通报`,
        source: c,
        roundIds: [c.id],
      });
    if (b.quarter && m % 3 === 0) {
      const q = m / 3;
      const inQuarter = monthly.filter((x) => {
        const xm = Number(x.period.slice(5, 7));
        return x.period.startsWith(y) && Math.ceil(xm / 3) === q;
      });
      out.push({
        kind: "quarter",
        period: `${y}-Q${q}`,
        title: `${y}年第${QUARTER_NAMES[q - 1]}季度 工作通报`,
        source: c,
        roundIds: inQuarter.map((x) => x.id),
      });
    }
  }
  for (const c of rounds) {
    const y = c.period.slice(0, 4);
    if (c.kind === "half_year" && b.half) {
      const h1 = c.period.endsWith("H1");
      const months = monthly.filter(
        (x) => x.period.startsWith(y) && Number(x.period.slice(5, 7)) <= 6 === h1,
      );
      out.push({
        kind: "half",
        period: c.period,
        title: `${y}年${h1 ? "上半年" : "下半年"} 工作通报`,
        source: c,
        roundIds: [c.id, ...months.map((x) => x.id)],
      });
    }
    if (c.kind === "annual" && b.year) {
      const same = rounds.filter(
        (x) => x.id !== c.id && x.period.startsWith(c.period) && x.kind !== "filing",
      );
      out.push({
        kind: "year",
        period: c.period,
        title: `${c.period}年 全年工作通报`,
        source: c,
        roundIds: [c.id, ...same.map((x) => x.id)],
      });
    }
  }
  return out;
}

export function planBulletins(ctx: PlanContext, rounds: RoundRow[]): void {
  const b = ctx.settings.bulletins;
  const scope = `p:${ctx.planId}`;
  const done = ctx.ledger.get(scope);
  const office = ctx.idx.officeByPlan.get(ctx.planId);
  for (const cand of bulletinCandidates(ctx, rounds)) {
    const entry = `bulletin:${cand.kind}:${cand.period}`;
    if (done?.has(entry)) continue;
    const day = ctx.cal.shiftWorkdays(localDay(cand.source.dueAt, ctx.tz), b.workdaysAfterDue);
    const key = `bulletin:${ctx.planId}:${cand.kind}:${cand.period}`;
    const at = jitter(ctx, zonedInstant(day, b.time, ctx.tz), key);
    if (ctx.now.getTime() < at.getTime()) continue;
    const lastDay = ctx.cal.shiftWorkdays(day, b.catchUpWorkdays);
    const tooLate = ctx.now.getTime() >= zonedInstant(lastDay, ctx.settings.workHours.end, ctx.tz).getTime();
    const reason = !cand.source.openedAt ? "round_not_opened" : tooLate ? "stale" : null;
    if (reason) {
      ctx.actions.push({
        type: "skip",
        key,
        reason,
        planId: ctx.planId,
        what: `${cand.title} 草稿`,
        at,
        ledger: [{ scope, entry, outcome: reason }],
      });
      continue;
    }
    if (!ctx.working) continue; // the draft notifies the office: wait for working hours
    ctx.actions.push({
      type: "draft_bulletin",
      key,
      planId: ctx.planId,
      kind: cand.kind,
      period: cand.period,
      title: cand.title,
      roundIds: cand.roundIds,
      office: hasOfficeRecipient(office) ? office : null,
      notBefore: at,
      ledger: [{ scope, entry, outcome: "drafted" }],
    });
  }
}
