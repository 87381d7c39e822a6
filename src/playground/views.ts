import type { StandIn } from "./stand-in/server";
import type { FakeMessage } from "./stand-in/types";
import { GROUP, type Person } from "./world";

/** One message as the page shows it. */
export interface MessageView {
  id: string;
  fromBot: boolean;
  from: string;
  time: number;
  kind: "text" | "card" | "file" | "other";
  text?: string;
  card?: unknown;
  file?: { key: string; name: string };
  parentId?: string;
  /** The bot buzzed this viewer about it (加急). */
  urgent: boolean;
  updated: boolean;
}

export function messageView(m: FakeMessage, standIn: StandIn, viewer: string): MessageView {
  const sender = m.sender;
  const fromBot = sender === "bot";
  const name = fromBot ? standIn.identity.botName : (standIn.state.users.get(sender.openId)?.name ?? "?");
  const fileKey = m.fileKey ?? fileKeyOf(m.content);
  const file = fileKey ? standIn.state.files.get(fileKey) : undefined;
  const kind = m.msgType === "text" ? "text" : m.msgType === "interactive" ? "card" : file ? "file" : "other";
  return {
    id: m.messageId,
    fromBot,
    from: name,
    time: m.createTime,
    kind,
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(kind === "text" && m.text === undefined ? { text: textOf(m.content) } : {}),
    ...(kind === "card" ? { card: m.card } : {}),
    ...(file ? { file: { key: file.fileKey, name: file.fileName } } : {}),
    ...(m.parentId ? { parentId: m.parentId } : {}),
    urgent: m.urgentTo.includes(viewer),
    updated: m.updates.length > 0,
  };
}

/** The group chat and the viewer's direct chat with the bot, oldest first. */
export function chatViews(standIn: StandIn, viewer: Person, shownFrom = 0) {
  const all = standIn.state.messageList.slice(shownFrom);
  const group = all.filter((m) => m.chatType === "group" && m.chatId === GROUP.chatId);
  const direct = all.filter(
    (m) => m.chatType === "p2p" && (m.openId === viewer.openId || m.chatId === `oc_p2p_${viewer.openId}`),
  );
  return {
    group: group.map((m) => messageView(m, standIn, viewer.openId)),
    direct: direct.map((m) => messageView(m, standIn, viewer.openId)),
    /** Unread-style counts for the switcher: direct messages each person has. */
    directCounts: countDirect(standIn),
  };
}

function countDirect(standIn: StandIn): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of standIn.state.messageList)
    if (m.chatType === "p2p" && m.sender === "bot" && m.openId)
      counts[m.openId] = (counts[m.openId] ?? 0) + 1;
  return counts;
}

function fileKeyOf(content: string): string | undefined {
  try {
    const v = JSON.parse(content) as { file_key?: unknown };
    return typeof v.file_key === "string" ? v.file_key : undefined;
  } catch {
    return undefined;
  }
}

function textOf(content: string): string {
  try {
    const v = JSON.parse(content) as { text?: unknown };
    return typeof v.text === "string" ? v.text : content;
  } catch {
    return content;
  }
}
