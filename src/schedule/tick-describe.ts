/** One readable line per planned action, for `duban tick --dry-run` and the tick's result. */

import { formatLocal } from "../domain/time";
import type { Outbox, PlannedSend } from "../outbox/ports";
import { STEP_LABEL } from "./domain/ladder";
import type { ScheduleAction, Target } from "./domain/types";

export interface PlannedLine {
  /** The action's type, or for a message of the tick's steps its purpose (deadline, milestone, coord …). */
  type: string;
  key?: string;
  plan: string;
  /** When it goes out (local time of the plan), for sends. */
  at?: string;
  text: string;
}

function to(t: Target): string {
  return "chatId" in t ? `群 ${t.chatId}` : `私聊 ${t.openId}`;
}

/**
 * The messages of one of the tick's steps as the dry run lists them: only those the outbox does not hold yet, since
 * enqueueing a key it holds adds nothing (a reminder sent at 09:40 is not sent again by the tick at 16:00).
 */
export async function describeNewSends(
  outbox: Pick<Outbox, "get">,
  sends: readonly PlannedSend[],
  now: Date,
): Promise<PlannedLine[]> {
  const held = await Promise.all(sends.map((s) => outbox.get(s.item.key)));
  return sends.filter((_, i) => held[i] === undefined).map((s) => describeSend(s, now));
}

/** A message of one of the tick's steps (task deadlines, milestones …): when, what, to whom. */
function describeSend(s: PlannedSend, now: Date): PlannedLine {
  const { item } = s;
  return {
    type: item.purpose,
    key: item.key,
    plan: item.planId ?? "",
    // A row without a time of its own goes out as soon as the tick enqueues it.
    at: formatLocal(item.notBefore ?? now, s.timezone),
    text: `${s.text} → ${to(item.to)}`,
  };
}

export function describeAction(a: ScheduleAction): PlannedLine {
  switch (a.type) {
    case "create_round":
      return {
        type: a.type,
        plan: a.spec.planId,
        text: `新建轮次 ${a.spec.title} (${a.spec.kind} ${a.spec.period})`,
      };
    case "reschedule_round":
      return { type: a.type, plan: a.spec.planId, text: `调整轮次时间 ${a.spec.title}` };
    case "open_round":
      return { type: a.type, plan: a.planId, text: `开启轮次 ${a.title}，发送各单位总览卡片` };
    case "close_round":
      return { type: a.type, plan: a.planId, text: `关闭轮次 ${a.title}${a.opened ? "" : "（未曾开启）"}` };
    case "nudge":
      return {
        type: a.type,
        key: a.key,
        plan: a.round.planId,
        at: formatLocal(a.notBefore, a.round.timezone),
        text: `${STEP_LABEL[a.step]} ${a.round.title} · ${a.unit.name} → ${a.liaison.name || a.liaison.openId} (${to(a.to)}) ${a.missing.length} 项${a.urgent ? " +加急" : ""}`,
      };
    case "nudge_office":
      return {
        type: a.type,
        key: a.key,
        plan: a.round.planId,
        at: formatLocal(a.notBefore, a.round.timezone),
        text: `${STEP_LABEL[a.step]} ${a.round.title} → 办公室（未绑定联络员：${a.units.map((u) => u.unit.name).join("、")}）`,
      };
    case "escalate":
      return {
        type: a.type,
        key: a.key,
        plan: a.round.planId,
        at: formatLocal(a.notBefore, a.round.timezone),
        text: `逾期督办 ${a.round.title} → ${a.audience === "office" ? "办公室" : `牵头单位 ${a.lead?.unit.name ?? ""}`}: ${a.overdue.map((o) => o.unit.name).join("、")}`,
      };
    case "digest":
      return {
        type: a.type,
        key: a.key,
        plan: a.planId,
        at: formatLocal(a.notBefore, a.timezone),
        text: `群内汇总 → 群 ${a.chatId}: ${a.lines.map((l) => l.unit.name).join("、")}`,
      };
    case "draft_bulletin":
      return { type: a.type, key: a.key, plan: a.planId, text: `起草 ${a.title}` };
    case "skip":
      return { type: a.type, key: a.key, plan: a.planId, text: `跳过（${a.reason}）${a.what}` };
  }
}
