/**
 * 群内汇总: a work group hears from a tick at most once. The overdue step goes to each liaison directly (a
 * message and 加急); the group gets one digest listing the units overdue in it, by name and without @, so a
 * month of ladders costs the group a message on the days something is overdue, not one per unit.
 *
 * Every line of a plan's digest shares one instant a day (the overdue step's time plus a jitter keyed by the
 * plan), so ticking every minute still yields one digest, not one per unit's jittered minute.
 */

import type { PlanContext } from "./context";
import { jitter, type LadderGroup, skipReason, unitRef, workGroupOf } from "./context";
import { hash32 } from "./jitter";
import type { MissingTask, PersonRef, SkipReason } from "./types";

/**
 * Adds a unit to its work group's digest of this tick. Returns why it was not (stale, before the round
 * opened) for the caller's skip record, or null (added, already done, not yet due, or in no group).
 */
export function addDigestLine(
  g: LadderGroup,
  unitId: number,
  liaison: PersonRef,
  missing: MissingTask[],
  stepAt: Date,
): { reason: SkipReason; entry: string; at: Date } | null {
  const { ctx, c, scope, suffix } = g;
  const chatId = workGroupOf(ctx.idx, ctx.planId, liaison.openId);
  if (chatId === null) return null;
  const entry = `u${unitId}:digest${suffix}`;
  if (g.done?.has(entry)) return null;
  const at = jitter(ctx, stepAt, `digest:${ctx.planId}`);
  if (ctx.now.getTime() < at.getTime()) return null;
  const reason = skipReason(ctx, c, stepAt, at);
  if (reason) return { reason, entry, at };
  let d = ctx.digest.get(chatId);
  if (!d) {
    d = { lines: [], ledger: [], at };
    ctx.digest.set(chatId, d);
  }
  d.lines.push({ round: g.round, unit: unitRef(ctx, unitId), liaison, missing: missing.length });
  d.ledger.push({ scope, entry, outcome: "sent" });
  if (at.getTime() > d.at.getTime()) d.at = at;
  return null;
}

/** One digest action per work group with lines this tick; its key is a hash of the group and its lines. */
export function planDigests(ctx: PlanContext): void {
  for (const [chatId, d] of ctx.digest) {
    const id = [chatId, ...d.ledger.map((m) => `${m.scope}/${m.entry}`).sort()].join("|");
    const key = `digest:${hash32(id).toString(36)}${hash32(`${id}#`).toString(36)}`;
    ctx.actions.push({
      type: "digest",
      key,
      planId: ctx.planId,
      chatId,
      timezone: ctx.tz,
      lines: d.lines,
      notBefore: d.at,
      ledger: d.ledger,
    });
  }
  ctx.digest.clear();
}
