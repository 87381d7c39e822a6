/**
 * The last step of a ladder (逾期督办): the list of overdue units to the office, and to each lead unit's
 * liaison the units overdue on the tasks it leads. One message per round (and per reopened due date).
 */
import { hasOfficeRecipient, jitter, type LadderGroup, skipReason, unitRef } from "./context";
import { STEP_LABEL } from "./ladder";
import { getOrInit, pushTo } from "./maps";
import type { MissingTask } from "./types";

export function planEscalation(g: LadderGroup, stepAt: Date): void {
  const { ctx, c, scope, suffix } = g;
  const officeKey = `esc:${c.id}:office${suffix}`;
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
    if (g.done?.has(entry)) return;
    const why = reason ?? (send() ? null : "no_recipient");
    if (!why) return;
    ctx.actions.push({
      type: "skip",
      key,
      reason: why,
      planId: c.planId,
      what: `${c.title} · ${STEP_LABEL.escalate}${why === "no_recipient" ? "：办公室未绑定群聊或成员" : ""}`,
      at,
      ledger: [{ scope, entry, outcome: why }],
    });
  };

  const officeEntry = `esc:office${suffix}`;
  decide(officeEntry, officeKey, () => {
    const office = ctx.idx.officeByPlan.get(c.planId);
    if (!hasOfficeRecipient(office)) return false;
    ctx.actions.push({
      type: "escalate",
      key: officeKey,
      audience: "office",
      round: g.round,
      lead: null,
      office,
      overdue: overdueOf(g.missingByUnit),
      notBefore: at,
      ledger: [{ scope, entry: officeEntry, outcome: "sent" }],
    });
    return true;
  });

  // 牵头单位: lead unit → overdue unit → the tasks it leads that the unit has not reported on.
  const byLead = new Map<number, Map<number, MissingTask[]>>();
  for (const [unitId, missing] of g.missingByUnit) {
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
    const entry = `esc:lead:${leadId}${suffix}`;
    const key = `esc:${c.id}:lead:${leadId}${suffix}`;
    decide(entry, key, () => {
      ctx.actions.push({
        type: "escalate",
        key,
        audience: "lead",
        round: g.round,
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
