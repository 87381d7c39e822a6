import type { Person } from "../kernel/messenger";
import { Refusal } from "../kernel/refusal";
import type { Caller } from "../members/bind";
import type { CommandContext } from "./context";

/** The caller of a member command, as the use cases take it. */
export function callerOf(ctx: CommandContext): Caller {
  if (!ctx.planId) throw new Refusal("本群尚未绑定工作方案。");
  return {
    planId: ctx.planId,
    chatId: ctx.event.chatId,
    chatType: ctx.event.chatType,
    person: ctx.event.sender,
    isOffice: ctx.can("bind_other"),
    now: ctx.now,
    eventId: ctx.event.eventId,
    messageId: ctx.event.messageId,
  };
}

/**
 * The single person a command is about: the one @-mentioned, if any. Refuses several mentions, and "@Name" typed
 * as text (not a real mention, so we cannot know who it is).
 */
export function mentionedPerson(ctx: CommandContext): Person | undefined {
  if (ctx.mentions.length > 1) throw new Refusal("一次只能指定一人，请只 @ 一位成员。");
  const typed = ctx.args.find((a) => /^[@＠]/.test(a));
  if (typed)
    throw new Refusal(
      `「${typed.replace(/[<>]/g, "")}」不是有效的 @提及。请在飞书中输入 @ 并从列表中选择成员（机器人不能绑定）。`,
    );
  return ctx.mentions[0];
}
