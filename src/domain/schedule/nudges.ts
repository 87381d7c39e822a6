/** The ladder of one open round at one instant: nudges, office notes and escalations still to decide. */
import { groupChatFor, hasOfficeRecipient, isFresh, jitter, type PlanContext, unitRef } from "./context";
import { ladderSteps, STEP_LABEL } from "./ladder";
import { getOrInit, pushTo } from "./maps";
import { localDay } from "./time";
import type { CollectionRow, LedgerMark, MissingTask, RoundRef, SkipReason } from "./types";

interface RoundCtx {
  ctx: PlanContext;
  c: CollectionRow;
  round: RoundRef;
  scope: string;
  done: ReadonlyMap<string, string> | undefined;
  missingByUnit: Map<number, MissingTask[]>;
}

export function planLadder(ctx: PlanContext, c: CollectionRow): void {
  const missingByUnit = ctx.idx.missing.get(c.id);
  if (!missingByUnit || missingByUnit.size === 0) return;
  const steps = ladderSteps(localDay(c.dueAt, ctx.tz), ctx.settings, ctx.cal, ctx.tz).filter(
    (s) => s.at.getTime() <= ctx.now.getTime() && s.at.getTime() < c.closesAt.getTime(),
  );
  if (steps.length === 0) return;
  const scope = `c:${c.id}`;
  const r: RoundCtx = {
    ctx,
    c,
    scope,
    done: ctx.ledger.get(scope),
    missingByUnit,
    round: {
      collectionId: c.id,
      planId: c.planId,
      kind: c.kind,
      period: c.period,
      title: c.title,
      dueAt: c.dueAt,
      timezone: ctx.tz,
    },
  };
  for (const s of steps) {
    if (s.step === "escalate") planEscalation(r, s.at);
    else planStep(r, s.step, s.at);
  }
}

/** remind / due / overdue: one message per unit to its liaison; units without one listed to the office. */
function planStep(r: RoundCtx, step: "remind" | "due" | "overdue", stepAt: Date): void {
  const { ctx, c, scope } = r;
  const officeKey = `nudge:${c.id}:office:${step}`;
  const officeAt = jitter(ctx, stepAt, officeKey);
  const toOffice: Array<{ unitId: number; missing: MissingTask[] }> = [];
  const skipped = new Map<SkipReason, LedgerMark[]>();
  let skippedAt = officeAt;
  for (const [unitId, missing] of r.missingByUnit) {
    const entry = `u${unitId}:${step}`;
    if (r.done?.has(entry)) continue;
    const liaison = ctx.idx.liaisonByUnit.get(unitId);
    const key = `nudge:${c.id}:${unitId}:${step}`;
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
        round: r.round,
        unit: unitRef(ctx, unitId),
        liaison,
        missing,
        to: overdue ? groupChatFor(ctx, liaison) : { openId: liaison.openId },
        urgent: overdue && ctx.settings.ladder.overdue.urgent,
        notBefore: at,
        ledger: [{ scope, entry, outcome: "sent" }],
      });
    }
  }
  if (toOffice.length > 0) {
    const office = ctx.idx.officeByPlan.get(c.planId);
    const entries = toOffice.map((u) => `u${u.unitId}:${step}`);
    if (hasOfficeRecipient(office)) {
      ctx.actions.push({
        type: "nudge_office",
        key: officeKey,
        step,
        round: r.round,
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
}

/** escalate: the overdue list to the office, and to each lead unit's liaison the units late on its tasks. */
function planEscalation(r: RoundCtx, stepAt: Date): void {
  const { ctx, c, scope } = r;
  const officeKey = `esc:${c.id}:office`;
  const at = jitter(ctx, stepAt, officeKey);
  if (ctx.now.getTime() < at.getTime()) return;
  const reason = skipReason(ctx, c, stepAt, at);
  const overdueOf = (units: Map<number, MissingTask[]>) =>
    [...units].map(([unitId, missing]) => ({
      unit: unitRef(ctx, unitId),
      liaison: ctx.idx.liaisonByUnit.get(unitId) ?? null,
      missing,
    }));

  const decide = (entry: string, key: string, send: () => boolean) => {
    if (r.done?.has(entry)) return;
    const why = reason ?? (send() ? null : "no_recipient");
    if (!why) return;
    ctx.actions.push({
      type: "skip",
      key,
      reason: why,
      planId: c.planId,
      what: `${c.title} · ${STEP_LABEL.escalate}${why === "no_recipient" ? ": 办公室未绑定群聊或成员" : ""}`,
      at,
      ledger: [{ scope, entry, outcome: why }],
    });
  };

  decide("esc:office", officeKey, () => {
    const office = ctx.idx.officeByPlan.get(c.planId);
    if (!hasOfficeRecipient(office)) return false;
    ctx.actions.push({
      type: "escalate",
      key: officeKey,
      audience: "office",
      round: r.round,
      lead: null,
      office,
      overdue: overdueOf(r.missingByUnit),
      notBefore: at,
      ledger: [{ scope, entry: "esc:office", outcome: "sent" }],
    });
    return true;
  });

  // 牵头单位: lead unit → overdue unit → the tasks it leads that the unit has not reported on.
  const byLead = new Map<number, Map<number, MissingTask[]>>();
  for (const [unitId, missing] of r.missingByUnit) {
    for (const task of missing) {
      if (task.taskId === null) continue;
      for (const leadId of ctx.idx.leadsByTask.get(task.taskId) ?? []) {
        if (leadId === unitId || ctx.idx.units.get(leadId)?.retired) continue;
        pushTo(
          getOrInit(byLead, leadId, () => new Map<number, MissingTask[]>()),
          unitId,
          task,
        );
      }
    }
  }
  for (const [leadId, units] of byLead) {
    const liaison = ctx.idx.liaisonByUnit.get(leadId);
    if (!liaison) continue; // no one to tell; the office's list has every overdue unit
    const entry = `esc:lead:${leadId}`;
    const key = `esc:${c.id}:lead:${leadId}`;
    decide(entry, key, () => {
      ctx.actions.push({
        type: "escalate",
        key,
        audience: "lead",
        round: r.round,
        lead: { unit: unitRef(ctx, leadId), liaison },
        office: null,
        overdue: overdueOf(units),
        notBefore: at,
        ledger: [{ scope, entry, outcome: "sent" }],
      });
      return true;
    });
  }
}

/** Why a due send must not go out now, if it must not. */
function skipReason(ctx: PlanContext, c: CollectionRow, stepAt: Date, plannedAt: Date): SkipReason | null {
  if (c.openedAt && stepAt.getTime() < c.openedAt.getTime()) return "before_open";
  if (!isFresh(ctx, plannedAt)) return "stale";
  return null;
}
