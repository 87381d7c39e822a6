import { formatShortTime } from "../../domain/time";
import { Refusal } from "../../kernel/refusal";
import { REMIND_COOLDOWN_MINUTES, remindNudgeItems, remindSlot } from "../../status/remind";
import type { CommandDef } from "../registry";

/**
 * /remind [单位]: nudges the liaisons (and deputies) of units that still miss reports in the current round —
 * only them — with a direct card each, and says how many were nudged. Keys per (round, unit, person, time
 * slot): a redelivery or a second /remind within the slot nudges nobody twice.
 */
export const remindCommand: CommandDef = {
  name: "remind",
  aliases: ["催办", "催报"],
  summary: `提醒未报送单位的联络员尽快报送（同一人${REMIND_COOLDOWN_MINUTES}分钟内只提醒一次）`,
  usage: "/remind [单位]",
  action: "remind",
  async run(ctx) {
    const planId = ctx.planId ?? "";
    const result = await ctx.deps.status.remind(planId, ctx.argText.trim() || undefined);
    if (!result.ok) throw new Refusal(result.text);
    const { round, missing, recipients, unbound } = result;
    const tz = ctx.deps.timezone;
    const slot = remindSlot(ctx.event.at, ctx.now, ctx.event.eventId);
    const items = remindNudgeItems({
      round,
      missing,
      recipients,
      slot,
      now: ctx.now,
      tz,
      by: ctx.event.sender.name,
    });
    const nudged = items.length > 0 ? await ctx.enqueue(items) : 0;
    const repeated = items.length - nudged;

    const lines: string[] = [];
    const units = new Set(recipients.map((r) => r.unitId)).size;
    if (nudged > 0)
      lines.push(
        `已向 ${units} 家单位的 ${nudged} 位联络员发送「${round.title}」催报提醒（仅提醒尚未报送的单位）。`,
      );
    else if (items.length > 0) lines.push("本次没有发送新的提醒。");
    if (repeated > 0)
      lines.push(
        `${repeated} 位联络员${REMIND_COOLDOWN_MINUTES}分钟内已提醒过，未重复发送${
          slot.endsAt ? `，${formatShortTime(slot.endsAt, tz)} 后可再次催办` : ""
        }。`,
      );
    if (nudged > 0 || repeated > 0) {
      const names = missing
        .filter((m) => m.liaisons.length > 0)
        .slice(0, 30)
        .map((m) => `${m.unitName}（${m.liaisons.map((l) => l.name || "联络员").join("、")}）`);
      const more = missing.filter((m) => m.liaisons.length > 0).length - names.length;
      lines.push(`未报送单位及联络员：${names.join("、")}${more > 0 ? ` 等 ${units} 家` : ""}。`);
    }
    if (unbound.length > 0)
      lines.push(
        `以下 ${unbound.length} 家单位未绑定联络员，无法提醒，请办公室联系：${unbound
          .slice(0, 30)
          .map((m) => m.unitName)
          .join("、")}${unbound.length > 30 ? " 等" : ""}。`,
      );
    await ctx.reply(lines.join("\n"));
  },
};
