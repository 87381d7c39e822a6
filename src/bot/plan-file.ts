import { can, type Grant } from "../domain/permissions";
import type { OutMessage } from "../kernel/messages";
import { type ChatMessage, MessengerError } from "../kernel/messenger";
import { draftFromFile } from "../plans/chat-import";
import { MAX_FILE_BYTES } from "../plans/formats/source";
import type { BotDeps } from "./deps";
import type { MessageEvent } from "./events";

type Reply = (message: string | OutMessage) => Promise<void>;

const OFFICE_ONLY = "文件导入工作方案仅限办公室成员。如需提交进展，请使用填报卡片。";

/** "@督办助手 导入计划" (or 导入方案, 导入工作方案; a leading / is allowed): import the file dropped in the chat. */
export function isPlanFileRequest(text: string): boolean {
  return /^\/?导入(?:工作)?(?:计划|方案)[。.]?$/.test(text.replace(/\s+/g, ""));
}

/** How many of the chat's latest messages are searched for the file when the request is not a reply. */
const RECENT = 20;

/**
 * The office drops the plan file in its group and asks for it with "@督办助手 导入计划": either replying to the
 * file message (the reply's parent is read) or right after sending it (the chat's latest file message). Anyone
 * else is refused before any message is read. The file then goes the way of a file sent directly.
 */
export async function onPlanFileRequest(
  deps: BotDeps,
  event: MessageEvent,
  grants: Grant[],
  reply: Reply,
): Promise<void> {
  if (await refusedImport(grants, reply)) return;
  const messenger = deps.messenger;
  if (!messenger?.getMessage || !messenger.recentMessages || !messenger.downloadFile) {
    await reply("当前未连接飞书，无法读取文件。");
    return;
  }
  let found: ChatMessage | undefined;
  try {
    if (event.parentId) {
      found = await messenger.getMessage(event.parentId);
      if (!found?.file) {
        await reply("所回复的消息不是文件。请回复方案文件所在的消息，并 @督办助手 发送「导入计划」。");
        return;
      }
    } else {
      const recent = await messenger.recentMessages(event.chatId, RECENT);
      found = recent.find((m) => m.file !== undefined);
      if (!found?.file) {
        await reply(
          "本群最近的消息中没有文件。请先发送方案文件，或回复文件所在的消息，并 @督办助手 发送「导入计划」。",
        );
        return;
      }
    }
  } catch (err) {
    if (err instanceof MessengerError && err.detail.status === 403) {
      await reply(
        "督办助手无权读取群内消息：请管理员在开发者后台为应用开通「获取群组中所有消息」权限（im:message.group_msg）并发布版本；也可将方案文件私聊发送给督办助手。",
      );
      return;
    }
    deps.logger.warn({ err, messageId: event.messageId }, "plan file: reading the chat failed");
    await reply("读取群内文件失败，请稍后重试，或将方案文件私聊发送给督办助手。");
    return;
  }
  await onPlanFile(deps, { ...event, messageId: found.messageId, file: found.file }, grants, reply);
}

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
  if (await refusedImport(grants, reply)) return;
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

/** Only the office imports a plan: anyone else is told so before any file is read. */
async function refusedImport(grants: Grant[], reply: Reply): Promise<boolean> {
  if (can(grants, "plan_import")) return false;
  await reply(OFFICE_ONLY);
  return true;
}
