import type * as z from "zod";
import type { CardActionResult } from "../../kernel/messages";
import { applyChoices } from "../../members/mapping";
import type { CardContext } from "../context";

/** Shared by the office's mapping card actions: the card's value checked and the choices saved in its name. */

/**
 * The mapping card's value, checked against the plan and chat the click came from: a card of another plan or
 * forwarded to another chat is refused with a toast asking for a fresh /mapping; then the action itself.
 */
export async function withMappingValue<T extends { planId: string; chatId: string }>(
  ctx: CardContext,
  schema: z.ZodType<T>,
  what: string,
  act: (value: T) => Promise<CardActionResult>,
): Promise<CardActionResult> {
  const parsed = schema.safeParse(ctx.value);
  if (
    !parsed.success ||
    parsed.data.planId !== ctx.planId ||
    (ctx.event.chatId && ctx.event.chatId !== parsed.data.chatId)
  ) {
    ctx.deps.logger.warn({ value: ctx.value, chatId: ctx.event.chatId }, `${what}: bad value`);
    return { toast: { type: "error", content: "卡片内容无效，请发送 /mapping 重新生成。" } };
  }
  return act(parsed.data);
}

/** Saves the office member's choices for the plan's chat, recorded with who clicked and why. */
export function applyOfficeChoices(
  ctx: CardContext,
  target: { planId: string; chatId: string },
  reason: Parameters<typeof applyChoices>[1]["reason"],
  choices: Parameters<typeof applyChoices>[1]["choices"],
): ReturnType<typeof applyChoices> {
  return applyChoices(ctx.deps, {
    planId: target.planId,
    chatId: target.chatId,
    actor: ctx.event.operator.openId,
    actorName: ctx.event.operator.name,
    now: ctx.now,
    reason,
    choices,
  });
}
