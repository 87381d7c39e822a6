import { taskCitation } from "../domain/states";
import { formatDue } from "../domain/time";
import { type CardRef, joinRich, md, plain, type RichText } from "../kernel/messages";
import type { OutboxItem } from "../outbox/ports";
import type { MissingUnit, RoundInfo } from "./ports";

/**
 * /remind's direct nudges: one card per (unit, liaison or deputy) of a unit that still misses reports, each an
 * outbox item whose key names the round, the unit, the person and a time slot. The slot is the event's own
 * time (Feishu's create_time, the same on every redelivery) cut into REMIND_COOLDOWN_MINUTES windows, so a
 * redelivered command nudges nobody twice, and neither does a second /remind in the same window (two office
 * members asking at once, or one asking again): the outbox drops the repeated keys.
 */

export const REMIND_COOLDOWN_MINUTES = 30;
const SLOT_MS = REMIND_COOLDOWN_MINUTES * 60_000;
/** A create_time further than this from the clock is not trusted for the slot (missing or skewed). */
const SLOT_TRUST_MS = 24 * 3_600_000;

export interface RemindSlot {
  /** Part of every key. */
  id: string;
  /** When a new /remind may nudge the same people again (undefined when keyed by the event alone). */
  endsAt: Date | undefined;
}

/** The slot of a /remind typed at `eventAt` (Feishu's create_time) and handled at `now`. */
export function remindSlot(eventAt: Date, now: Date, eventId: string): RemindSlot {
  const t = eventAt.getTime();
  if (!Number.isFinite(t) || t <= 0 || Math.abs(now.getTime() - t) > SLOT_TRUST_MS)
    return { id: `e${eventId}`, endsAt: undefined };
  const n = Math.floor(t / SLOT_MS);
  return { id: `t${n}`, endsAt: new Date((n + 1) * SLOT_MS) };
}

export interface RemindRecipient {
  openId: string;
  name: string;
  unitId: number;
  unitName: string;
}

/** The outbox items of one /remind: a nudge card to each recipient, in the order given. */
export function remindNudgeItems(input: {
  round: RoundInfo;
  missing: MissingUnit[];
  recipients: RemindRecipient[];
  slot: RemindSlot;
  now: Date;
  tz: string;
  /** Who asked, named in the card ("王主任"); empty for none. */
  by: string;
}): OutboxItem[] {
  const byUnit = new Map(input.missing.map((m) => [m.unitId, m]));
  return input.recipients.flatMap((r) => {
    const m = byUnit.get(r.unitId);
    if (!m) return [];
    return [
      {
        kind: "send" as const,
        key: `remind:${input.round.id}:${r.unitId}:${r.openId}:${input.slot.id}`,
        purpose: "remind",
        planId: input.round.planId,
        to: { openId: r.openId },
        message: { type: "card" as const, card: nudgeCard(input.round, m, r, input) },
      },
    ];
  });
}

function nudgeCard(
  round: RoundInfo,
  m: MissingUnit,
  r: RemindRecipient,
  o: { now: Date; tz: string; by: string },
): CardRef {
  const overdue = o.now.getTime() > round.dueAt.getTime();
  const due = formatDue(round.dueAt, o.tz);
  const from = o.by ? md`领导小组办公室（${o.by}）提醒，` : md`领导小组办公室提醒，`;
  const body = md`${r.name || "联络员"}：${from}**${m.unitName}** 在「${round.title}」中还有 **${String(m.missing)}** 项未报送，${overdue ? md`已过截止时间 **${due}**，请尽快补报。` : md`截止时间 **${due}**，请按时报送。`}`;
  const items: RichText | "" =
    m.taskCodes.length > 0
      ? joinRich(
          [
            ...m.taskCodes.slice(0, 20).map((c) => md`- 任务 ${taskCitation(c)}`),
            ...(m.taskCodes.length > 20 ? [md`- …等 ${String(m.taskCodes.length)} 项`] : []),
          ],
          "\n",
        )
      : "";
  return {
    template: "nudge",
    data: {
      title: plain(`催报提醒 · ${round.title}`),
      subtitle: plain(m.unitName),
      color: overdue ? "red" : "orange",
      body,
      items,
      note: "请在本轮的填报卡片中逐项填报；找不到卡片可在群里 @督办 发送 /report 重新获取。全部报送后不再提醒。",
    },
  };
}
