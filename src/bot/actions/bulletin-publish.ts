import { formatShortTime } from "../../domain/time";
import type { OutboxItem } from "../../outbox/ports";
import { bulletinCard } from "../../status/bulletins/card";
import { bulletinActionValueSchema } from "../../status/service";
import type { CardContext } from "../context";
import type { CardActionDef } from "../registry";
import { parseValue, STALE } from "./collect-common";

/**
 * 发布 on a bulletin draft (office only, by the table): publishes once and posts the published bulletin to
 * every live group chat of the plan, one outbox send per chat keyed `bulletin:<id>:<chatId>`. A second click
 * (or a second office member, or a replay) changes nothing and sends nothing new; it enqueues the same keys
 * again, which also repairs a publication whose sends were lost between the two writes.
 */
export const bulletinPublishAction: CardActionDef = {
  name: "bulletin_publish",
  action: "bulletin_publish",
  async run(ctx) {
    const v = parseValue(ctx, bulletinActionValueSchema);
    if (v?.action !== "bulletin_publish" || !ctx.planId) return STALE;
    const record = await ctx.deps.status.getBulletin(v.bulletinId);
    if (!record || record.planId !== ctx.planId) return STALE;
    const groups = (await ctx.deps.members.chatsOfPlan(record.planId)).filter((c) => c.chatType === "group");
    if (record.state === "draft" && groups.length === 0)
      return {
        toast: {
          type: "warning",
          content: "本方案还没有工作群(机器人尚未加入绑定本方案的群),通报未发布。请先将机器人加入工作群。",
        },
      };
    const result = await ctx.deps.status.publishBulletin(record.id, ctx.event.operator.openId);
    if (!result.ok) return STALE;
    const published = result.record;
    const tz = ctx.deps.timezone;
    const publisherName = await nameOf(ctx, published.publishedBy);
    const card = bulletinCard(published, { tz, ...(publisherName ? { publisherName } : {}) });
    const items: OutboxItem[] = groups.map((c) => ({
      kind: "send",
      key: `bulletin:${published.id}:${c.chatId}`,
      purpose: "bulletin",
      planId: published.planId,
      to: { chatId: c.chatId },
      message: { type: "card", card },
    }));
    await ctx.enqueue(items);
    if (!result.changed) {
      const when = published.publishedAt ? `于 ${formatShortTime(published.publishedAt, tz)} ` : "";
      return {
        toast: { type: "info", content: `该通报已由${publisherName || "办公室"}${when}发布,无需重复发布。` },
        card,
      };
    }
    ctx.deps.logger.info(
      { bulletinId: published.id, planId: published.planId, by: published.publishedBy, chats: groups.length },
      "bulletin published",
    );
    return {
      toast: { type: "success", content: `已发布,正在发送到 ${groups.length} 个工作群。` },
      card,
    };
  },
};

/** A person's display name: the clicker's own, else the plan's members, else this chat's members. */
export async function nameOf(ctx: CardContext, openId: string | null): Promise<string> {
  if (!openId) return "";
  if (openId === ctx.event.operator.openId && ctx.event.operator.name) return ctx.event.operator.name;
  const member = (await ctx.deps.members.members(ctx.planId ?? "")).find(
    (m) => m.openId === openId && m.name,
  );
  if (member) return member.name;
  if (!ctx.event.chatId) return "";
  const inChat = (await ctx.deps.members.chatMembers(ctx.event.chatId)).find(
    (m) => m.openId === openId && m.name,
  );
  return inChat?.name ?? "";
}
