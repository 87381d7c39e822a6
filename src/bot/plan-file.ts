import { can, type Grant } from "../domain/permissions";
import type { OutMessage } from "../kernel/messages";
import { MessengerError } from "../kernel/messenger";
import { draftFromFile } from "../plans/chat-import";
import { MAX_FILE_BYTES } from "../plans/formats/source";
import type { BotDeps } from "./deps";
import type { MessageEvent } from "./events";

type Reply = (message: string | OutMessage) => Promise<void>;

/**
 * A file sent to the bot: the office's plan document becomes a draft and a preview card; anyone else gets a
 * short refusal and the file is not downloaded.
 */
export async function onPlanFile(
  deps: BotDeps,
  event: MessageEvent & { file: { key: string; name: string } },
  grants: Grant[],
  reply: Reply,
): Promise<void> {
  if (!can(grants, "plan_import")) {
    await reply("文件导入工作方案仅限办公室成员。如需提交进展，请使用填报卡片。");
    return;
  }
  const download = deps.messenger?.downloadFile;
  if (!download) {
    await reply("当前未连接飞书，无法读取文件。");
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = await download(event.messageId, event.file.key, MAX_FILE_BYTES);
  } catch (err) {
    if (err instanceof MessengerError && err.detail.status === 413) {
      await reply(`文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB，未读取。请删去图片或拆分附件后再发送。`);
      return;
    }
    deps.logger.warn({ err, messageId: event.messageId }, "plan file: download failed");
    await reply("文件下载失败，请稍后重新发送。");
    return;
  }
  const card = await draftFromFile(
    { plans: deps.plans, planDrafts: deps.planDrafts },
    {
      draftId: `draft-${event.eventId}`.slice(0, 120),
      bytes,
      fileName: event.file.name.slice(0, 200) || "方案文件",
      actor: event.sender.openId,
      now: deps.clock.now(),
    },
  );
  await reply({ type: "card", card });
}
