import * as z from "zod";
import type { CardActionResult } from "../../kernel/messages";
import { EXPIRED_CARD_TOAST, SUPERSEDED_CARD_TOAST } from "../../reporting/domain/card-age";
import type { CardContext } from "../context";

/** Shared by the collect card actions: value parsing and the unit-scoped permission check. */

const id = z.coerce.number().int().positive();
const page = z.coerce.number().int().min(0).max(1000).optional();

export const requestValue = z.object({ requestId: id, page });
export const submitValueSchema = z.object({
  requestId: id,
  page,
  seen: z.coerce.number().int().min(0).default(0),
  confirm: z.boolean().optional(),
});
export const overviewValueSchema = z.object({ roundId: id, unitId: id, page });
export const leadValueSchema = z.object({
  roundId: id,
  taskId: id,
  page,
  backUnitId: id.optional(),
  backPage: page,
});

export const STALE: CardActionResult = {
  toast: { type: "error", content: "该卡片已失效，请重新发送命令获取最新卡片。" },
};

export function parseValue<T>(ctx: CardContext, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(ctx.value);
  if (!parsed.success) {
    ctx.deps.logger.warn({ value: ctx.value, issues: parsed.error.issues.length }, "bad card action value");
    return undefined;
  }
  return parsed.data;
}

/**
 * Whether the caller may act for the unit the card belongs to (report_submit / report_view_own / lead_view
 * scoped to that unit). A card forwarded to someone else gets a polite refusal.
 */
export function refusal(
  ctx: CardContext,
  action: "report_submit" | "report_view_own" | "lead_view",
  unit: { planId: string; unitId: number; unitName: string },
): CardActionResult | undefined {
  if (unit.planId === ctx.planId && ctx.can(action, { unitId: unit.unitId })) return undefined;
  ctx.deps.logger.info(
    { action, user: ctx.event.operator.openId, unitId: unit.unitId, planId: unit.planId },
    "card action refused for unit",
  );
  const what = action === "report_submit" ? "填报" : "查看";
  return {
    toast: {
      type: "warning",
      content: `抱歉，这张卡片属于「${unit.unitName}」，仅该单位的联络员可以${what}。如需帮助请联系领导小组办公室。`,
    },
  };
}

/**
 * A click on an overview card past Feishu's 14 days, or one a fresh card has replaced, changes nothing: the
 * person is pointed at the newest card (the tick re-sends cards before they expire, reopening sends one).
 */
export async function outdatedCard(ctx: CardContext): Promise<CardActionResult | undefined> {
  const freshness = await ctx.deps.collect.cardFreshness(ctx.event.messageId, ctx.now);
  if (freshness === "current") return undefined;
  ctx.deps.logger.info(
    { user: ctx.event.operator.openId, messageId: ctx.event.messageId, freshness },
    "click on an outdated overview card",
  );
  const content = freshness === "expired" ? EXPIRED_CARD_TOAST : SUPERSEDED_CARD_TOAST;
  return { toast: { type: "warning", content } };
}

type UnitOfCard = { planId: string; unitId: number; unitName: string };

/** The unit a request's card belongs to. */
export const byRequest = (ctx: CardContext, v: { requestId: number }) =>
  ctx.deps.collect.requestUnit(v.requestId);
/** The unit a round's overview card belongs to. */
export const byRound = (ctx: CardContext, v: { roundId: number; unitId: number }) =>
  ctx.deps.collect.roundUnit(v.roundId, v.unitId);

/**
 * The opening every unit-scoped collect card action shares: the value parsed, the card checked for age, the
 * unit it belongs to found and the caller's right to act for that unit checked; then the action itself.
 */
export async function withUnitCard<T>(
  ctx: CardContext,
  schema: z.ZodType<T>,
  action: "report_submit" | "report_view_own",
  unitOf: (ctx: CardContext, value: T) => Promise<UnitOfCard | undefined>,
  act: (value: T) => Promise<CardActionResult>,
): Promise<CardActionResult> {
  const value = parseValue(ctx, schema);
  if (!value) return STALE;
  const outdated = await outdatedCard(ctx);
  if (outdated) return outdated;
  const unit = await unitOf(ctx, value);
  if (!unit) return STALE;
  return refusal(ctx, action, unit) ?? act(value);
}
