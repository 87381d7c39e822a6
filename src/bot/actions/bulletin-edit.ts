import type { CardActionResult } from "../../kernel/messages";
import { bulletinEditFormSchema } from "../../status/bulletins/edit";
import { bulletinActionValueSchema, toBase64 } from "../../status/service";
import type { CardActionDef } from "../registry";
import { nameOf } from "./bulletin-publish";
import { parseValue, STALE } from "./collect-common";

/**
 * 修改 and 下载 on a bulletin preview (office only, by the table), answered in place:
 * - 下载 (op download): the .docx as it stands, sent privately to whoever clicked (draft or published);
 * - 修改 (op form): the edit form, with the 导语 and 下步工作要求 prefilled;
 * - 保存修改 (op save): stores the office's wording and answers with the refreshed draft card;
 * - 按最新数据重新生成 (op regenerate): recomposes the draft from the latest reports;
 * - 返回 (op view): the preview as it stands.
 * A published bulletin is not changed: the answer shows it as published.
 */
export const bulletinEditAction: CardActionDef = {
  name: "bulletin_edit",
  action: "bulletin_draft",
  async run(ctx) {
    const v = parseValue(ctx, bulletinActionValueSchema);
    if (v?.action !== "bulletin_edit" || !ctx.planId) return STALE;
    const record = await ctx.deps.status.getBulletin(v.bulletinId);
    if (!record || record.planId !== ctx.planId) return STALE;
    if (v.op === "download") {
      const file = await ctx.deps.status.bulletinFile(record.id);
      if ("ok" in file) return { toast: { type: "error", content: file.text } };
      await ctx.enqueue([
        {
          kind: "send",
          key: `bulletin-download:${ctx.event.eventId}`,
          purpose: "bulletin",
          planId: record.planId,
          to: { openId: ctx.event.operator.openId },
          message: { type: "file", fileType: "doc", fileName: file.fileName, base64: toBase64(file.bytes) },
        },
      ]);
      return { toast: { type: "success", content: "Word 文件已私信发送。" } };
    }
    if (record.state === "published") {
      const publisherName = await nameOf(ctx, record.publishedBy);
      const card = await ctx.deps.status.bulletinCard(record.id, publisherName ? { publisherName } : {});
      return {
        toast: { type: "info", content: "该通报已发布，不能再修改。" },
        ...(card ? { card } : {}),
      };
    }
    const op = v.op ?? "form";
    if (op === "form") {
      const form = await ctx.deps.status.bulletinEditForm(record.id);
      return form ? { card: form.card } : STALE;
    }
    if (op === "view") {
      const card = await ctx.deps.status.bulletinCard(record.id);
      return card ? { card } : STALE;
    }
    if (op === "regenerate") {
      const result = await ctx.deps.status.regenerateBulletin(record.id, ctx.event.operator.openId);
      return answer(result, "已按最新报送数据重新生成。");
    }
    const form = bulletinEditFormSchema.safeParse(ctx.event.formValue ?? {});
    if (!form.success) {
      ctx.deps.logger.info(
        { bulletinId: record.id, issues: form.error.issues.length },
        "bulletin edit rejected",
      );
      return { toast: { type: "error", content: form.error.issues[0]?.message ?? "内容无效，未保存。" } };
    }
    const result = await ctx.deps.status.editBulletin(record.id, form.data);
    return answer(result, "已保存修改。请审核后发布。");
  },
};

function answer(
  result: { ok: true; card: CardActionResult["card"] } | { ok: false; text: string },
  success: string,
): CardActionResult {
  if (!result.ok) return { toast: { type: "warning", content: result.text } };
  return { toast: { type: "success", content: success }, ...(result.card ? { card: result.card } : {}) };
}
