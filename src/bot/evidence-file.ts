import { EVIDENCE_MAX_BYTES, type EvidenceFile, evidenceName } from "../domain/evidence";
import { archivedRefusal, type Grant, unitsOf } from "../domain/permissions";
import { formatShort } from "../domain/time";
import type { OutMessage } from "../kernel/messages";
import { MessengerError } from "../kernel/messenger";
import { evidenceReply } from "../reporting/evidence";
import type { BotDeps } from "./deps";
import type { MessageEvent } from "./events";

type Reply = (message: string | OutMessage) => Promise<void>;

/**
 * 佐证材料 sent as a file or photo: in a direct message to the bot, or in a group as a reply to one of the
 * bot's messages. The sender's unit is their liaison or deputy binding; the file is downloaded once (to know it
 * can be read and is within EVIDENCE_MAX_BYTES), its key kept, and it is attached to the report it backs.
 */

/** The attachment of a file or image message as evidence: a photo is named by when it was sent. */
export function evidenceFileOf(event: MessageEvent, tz: string): EvidenceFile | undefined {
  if (event.file)
    return {
      messageId: event.messageId,
      fileKey: event.file.key,
      type: "file",
      name: evidenceName(event.file.name) || "未命名文件",
    };
  if (event.image)
    return {
      messageId: event.messageId,
      fileKey: event.image.key,
      type: "image",
      name: `图片（${formatShort(event.at, tz)}）`,
    };
  return undefined;
}

/** The units a sender reports for: evidence from anyone else is not taken. */
export const evidenceUnits = (grants: Grant[]): number[] => unitsOf(grants);

/**
 * Whether a group message that does not @ the bot is a reply to one of the bot's own messages (its receipt,
 * a card): then a file in it is meant for the bot. Reading the parent needs the group-message scope; without
 * it the message is left alone, as every other message not addressed to the bot.
 */
export async function repliesToBot(deps: BotDeps, event: MessageEvent): Promise<boolean> {
  if (!event.parentId || !deps.messenger?.getMessage) return false;
  try {
    const parent = await deps.messenger.getMessage(event.parentId);
    return parent?.fromApp === true && parent.chatId === event.chatId;
  } catch (err) {
    deps.logger.info({ err, messageId: event.messageId }, "evidence: the replied message could not be read");
    return false;
  }
}

/**
 * Handles the file as evidence; answers false (having said nothing) when the sender's unit has no report in
 * an open round and `fallback` is set, so that the office's plan file can go its own way.
 */
export async function onEvidenceFile(
  deps: BotDeps,
  input: {
    event: MessageEvent;
    planId: string;
    grants: Grant[];
    archivedOn: string | undefined;
    file: EvidenceFile;
    fallback: boolean;
  },
  reply: Reply,
): Promise<boolean> {
  const { event, file } = input;
  const units = evidenceUnits(input.grants);
  const archived = archivedRefusal("report_submit", input.archivedOn);
  if (archived) {
    await reply(archived);
    return true;
  }
  const download = deps.messenger?.downloadFile;
  if (!download) {
    await reply("当前未连接飞书，无法读取文件。");
    return true;
  }
  const now = deps.clock.now();
  // An office member who is also a liaison: a file is evidence only when their unit has a report to back.
  if (input.fallback && !(await hasReports(deps, input.planId, units))) return false;
  try {
    const bytes = await download(event.messageId, file.fileKey, EVIDENCE_MAX_BYTES, file.type);
    file.size = bytes.length;
  } catch (err) {
    if (err instanceof MessengerError && err.detail.status === 413) {
      await reply(
        `文件超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，未作为佐证材料保存。请压缩或拆分后发送，或提供链接。`,
      );
      return true;
    }
    deps.logger.warn({ err, messageId: event.messageId }, "evidence: download failed");
    await reply("文件下载失败，请稍后重新发送。");
    return true;
  }
  const answer = await deps.collect.receiveEvidence({
    planId: input.planId,
    unitIds: units,
    file,
    operator: event.sender.openId,
    now,
  });
  if (answer.kind === "pick") await reply({ type: "card", card: answer.card });
  else await reply(evidenceReply(answer, file));
  return true;
}

async function hasReports(deps: BotDeps, planId: string, units: number[]): Promise<boolean> {
  for (const round of await deps.collect.listRounds(planId)) {
    if (round.state !== "open") continue;
    const rows = await deps.collect.requestStates({ planId, roundId: round.id }, deps.clock.now());
    if (rows.some((r) => units.includes(r.unitId) && r.latestReportId !== null)) return true;
  }
  return false;
}
