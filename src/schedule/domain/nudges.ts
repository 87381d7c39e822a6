/**
 * The ladder of one round at one instant: nudges, office notes and escalations still to decide.
 *
 * Units are laddered by their effective due date: the round's, or — for a unit the office reopened the round
 * for (report_requests.reopened_until later than the round's due) — its own. A reopened unit leaves the
 * round's ladder (it is not escalated as overdue before its new due date) and gets a ladder of its own,
 * whose keys and ledger entries carry the new due date (`…:r<stamp>`), so a unit reopened after it was
 * already nudged is nudged again against the new date, once. A reopened unit is laddered even after the
 * round closed; the rest of a closed round is not.
 */

import { localDay } from "../../domain/time";
import {
  hasOfficeRecipient,
  jitter,
  type LadderGroup,
  type PlanContext,
  skipReason,
  unitRef,
} from "./context";
import { addDigestLine } from "./digest";
import { planEscalation } from "./escalations";
import { ladderSteps, STEP_LABEL } from "./ladder";
import { getOrInit, pushTo } from "./maps";
import type { LedgerMark, MissingTask, RoundRow, SkipReason } from "./types";

export function planLadder(ctx: PlanContext, c: RoundRow, opts: { reopenedOnly?: boolean } = {}): void {
  const missingByUnit = ctx.idx.missing.get(c.id);
  if (!missingByUnit || missingByUnit.size === 0) return;
  const reopened = ctx.idx.reopened.get(c.id);
  const groups = new Map<number, Map<number, MissingTask[]>>();
  for (const [unitId, missing] of missingByUnit) {
    const until = reopened?.get(unitId);
    const due = until && until.getTime() > c.dueAt.getTime() ? until : c.dueAt;
    getOrInit(groups, due.getTime(), () => new Map()).set(unitId, missing);
  }
  const scope = `c:${c.id}`;
  for (const [dueMs, units] of groups) {
    const own = dueMs !== c.dueAt.getTime();
    if (!own && opts.reopenedOnly) continue;
    const dueAt = new Date(dueMs);
    const g: LadderGroup = {
      ctx,
      c,
      scope,
      done: ctx.ledger.get(scope),
      missingByUnit: units,
      suffix: own ? `:r${Math.floor(dueMs / 1000).toString(36)}` : "",
      round: {
        roundId: c.id,
        planId: c.planId,
        kind: c.kind,
        period: c.period,
        title: c.title,
        dueAt,
        timezone: ctx.tz,
        ...(own ? { reopened: true } : {}),
      },
    };
    // A reopened unit's due day may be a day off: its ladder counts from the working day before.
    const dueDay = own ? ctx.cal.onOrBefore(localDay(dueAt, ctx.tz)) : localDay(dueAt, ctx.tz);
    const steps = ladderSteps(dueDay, ctx.settings, ctx.cal, ctx.tz).filter(
      (s) => s.at.getTime() <= ctx.now.getTime() && (own || s.at.getTime() < c.closesAt.getTime()),
    );
    for (const s of steps) {
      if (s.step === "escalate") planEscalation(g, s.at);
      else planStep(g, s.step, s.at);
    }
  }
}

/**
 * remind / due / overdue: one message per unit to its liaison, directly (overdue adds 加急 and a line in the
 * work group's digest); units without one listed to the office.
 */
function planStep(g: LadderGroup, step: "remind" | "due" | "overdue", stepAt: Date): void {
  const { ctx, c, scope, suffix } = g;
  const officeKey = `nudge:${c.id}:office:${step}${suffix}`;
  const officeAt = jitter(ctx, stepAt, officeKey);
  const toOffice: Array<{ unitId: number; missing: MissingTask[] }> = [];
  const skipped = new Map<SkipReason, LedgerMark[]>();
  const digestSkipped = new Map<SkipReason, LedgerMark[]>();
  let skippedAt = officeAt;
  for (const [unitId, missing] of g.missingByUnit) {
    const entry = `u${unitId}:${step}${suffix}`;
    if (g.done?.has(entry)) continue;
    const liaison = ctx.idx.liaisonByUnit.get(unitId);
    const key = `nudge:${c.id}:${unitId}:${step}${suffix}`;
    if (step === "overdue" && liaison) {
      const late = addDigestLine(g, unitId, liaison, missing, stepAt);
      if (late) pushTo(digestSkipped, late.reason, { scope, entry: late.entry, outcome: late.reason });
    }
    // Units without a liaison share the office message's time, so one message lists them all.
    const at = liaison ? jitter(ctx, stepAt, key) : officeAt;
    if (ctx.now.getTime() < at.getTime()) continue;
    const reason = skipReason(ctx, c, stepAt, at);
    if (reason) {
      pushTo(skipped, reason, { scope, entry, outcome: reason });
      skippedAt = at;
    } else if (!liaison) {
      toOffice.push({ unitId, missing });
    } else {
      const overdue = step === "overdue";
      ctx.actions.push({
        type: "nudge",
        key,
        step,
        round: g.round,
        unit: unitRef(ctx, unitId),
        liaison,
        missing,
        to: { openId: liaison.openId },
        urgent: overdue && ctx.settings.ladder.overdue.urgent,
        notBefore: at,
        ledger: [{ scope, entry, outcome: "sent" }],
      });
    }
  }
  if (toOffice.length > 0) {
    const office = ctx.idx.officeByPlan.get(c.planId);
    const entries = toOffice.map((u) => `u${u.unitId}:${step}${suffix}`);
    if (hasOfficeRecipient(office)) {
      ctx.actions.push({
        type: "nudge_office",
        key: officeKey,
        step,
        round: g.round,
        units: toOffice.map((u) => ({ unit: unitRef(ctx, u.unitId), missing: u.missing })),
        office,
        notBefore: officeAt,
        ledger: entries.map((entry) => ({ scope, entry, outcome: "office" })),
      });
    } else {
      for (const entry of entries) pushTo(skipped, "no_recipient", { scope, entry, outcome: "no_recipient" });
    }
  }
  for (const [reason, ledger] of skipped) {
    ctx.actions.push({
      type: "skip",
      key: `${officeKey}:${reason}`,
      reason,
      planId: c.planId,
      what: `${c.title} · ${STEP_LABEL[step]} · ${ledger.length} 个单位`,
      at: skippedAt,
      ledger,
    });
  }
  for (const [reason, ledger] of digestSkipped) {
    ctx.actions.push({
      type: "skip",
      key: `${officeKey}:digest:${reason}`,
      reason,
      planId: c.planId,
      what: `${c.title} · 群内汇总 · ${ledger.length} 个单位`,
      at: stepAt,
      ledger,
    });
  }
}
