import { formatShortTime } from "../../domain/time";
import type { OutboxItem } from "../../outbox/ports";
import { bulletinCard } from "../../status/bulletins/card";
import {
  bulletinPreviewCard,
  bulletinTargetsCard,
  type PublishTarget,
} from "../../status/bulletins/preview-card";
import { bulletinActionValueSchema, toBase64 } from "../../status/service";
import type { CardContext } from "../context";
import type { CardActionDef } from "../registry";
import { parseValue, STALE } from "./collect-common";

/**
 * 发布 on a bulletin preview (office only, by the table). Without a target it answers with the choice of
 * where (publishTargetsCard): a group of the plan by its name (the work group, the leaders' group …) or the
 * file only. With one it publishes once and sends the published text and the final .docx to that group only
 * (keys `bulletin:<id>:<chatId>` and `bulletin-file:<id>:<chatId>`), or the .docx to whoever clicked. A second
 * click (another office member, a replay) changes nothing and re-enqueues the same keys, so nothing is sent
 * twice; choosing another group later sends it there as well.
 */
export const bulletinPublishAction: CardActionDef = {
  name: "bulletin_publish",
  action: "bulletin_publish",
  async run(ctx) {
    const v = parseValue(ctx, bulletinActionValueSchema);
    if (v?.action !== "bulletin_publish" || !ctx.planId) return STALE;
    const record = await ctx.deps.status.getBulletin(v.bulletinId);
    if (!record || record.planId !== ctx.planId) return STALE;
    const targets = await publishTargets(ctx, record.planId);
    if (!v.target) return { card: bulletinTargetsCard(record, targets) };
    const chat = v.target === "chat" ? targets.find((t) => t.chatId === v.chatId) : undefined;
    if (v.target === "chat" && !chat)
      return {
        toast: { type: "warning", content: "机器人已不在该群，通报未发布。请重新选择发布范围。" },
        card: bulletinTargetsCard(record, targets),
      };
    const result = await ctx.deps.status.publishBulletin(record.id, ctx.event.operator.openId);
    if (!result.ok) return STALE;
    const published = result.record;
    const file = await ctx.deps.status.bulletinFile(published.id);
    if ("ok" in file) return { toast: { type: "error", content: file.text } };
    const tz = ctx.deps.timezone;
    const publisherName = await nameOf(ctx, published.publishedBy);
    const who = publisherName ? { publisherName } : {};
    const fileMessage = {
      type: "file" as const,
      fileType: "doc" as const,
      fileName: file.fileName,
      base64: toBase64(file.bytes),
    };
    const base = { kind: "send" as const, purpose: "bulletin", planId: published.planId };
    const items: OutboxItem[] = chat
      ? [
          {
            ...base,
            key: `bulletin:${published.id}:${chat.chatId}`,
            to: { chatId: chat.chatId },
            message: { type: "card", card: bulletinCard(published, { tz, ...who }) },
          },
          {
            ...base,
            key: `bulletin-file:${published.id}:${chat.chatId}`,
            to: { chatId: chat.chatId },
            message: fileMessage,
          },
        ]
      : [
          {
            ...base,
            key: `bulletin-file:${published.id}:${ctx.event.operator.openId}`,
            to: { openId: ctx.event.operator.openId },
            message: fileMessage,
          },
        ];
    await ctx.enqueue(items);
    const card = bulletinPreviewCard(published, { tz, ...who });
    const where = chat ? `「${chat.name || "未命名群"}」` : "";
    if (!result.changed) {
      const when = published.publishedAt ? `于 ${formatShortTime(published.publishedAt, tz)} ` : "";
      const also = chat ? `；已确认发送到${where}` : "；正式文件已私信发送";
      return {
        toast: {
          type: "info",
          content: `该通报已由${publisherName || "办公室"}${when}发布，无需重复发布${also}。`,
        },
        card,
      };
    }
    ctx.deps.logger.info(
      { bulletinId: published.id, planId: published.planId, by: published.publishedBy, to: v.target },
      "bulletin published",
    );
    return {
      toast: {
        type: "success",
        content: chat ? `已发布，正在发送到${where}。` : "已定稿，正式 Word 文件已私信发送，未发到任何群。",
      },
      card,
    };
  },
};

/** The plan's live groups, each named, the work group (liaisons in it) first. */
export async function publishTargets(ctx: CardContext, planId: string): Promise<PublishTarget[]> {
  const chats = (await ctx.deps.members.chatsOfPlan(planId)).filter((c) => c.chatType === "group");
  const reporters = new Set(
    (await ctx.deps.members.members(planId))
      .filter((m) => m.role === "liaison" || m.role === "deputy")
      .map((m) => m.openId),
  );
  const targets: PublishTarget[] = [];
  for (const c of chats) {
    const present = await ctx.deps.members.chatMembers(c.chatId);
    targets.push({
      chatId: c.chatId,
      name: c.name,
      workGroup: present.some((m) => reporters.has(m.openId)),
    });
  }
  return targets.sort((a, b) => Number(b.workGroup) - Number(a.workGroup));
}

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
