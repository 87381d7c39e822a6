import { type FakeState, FeishuError, invalidParam } from "./state";
import type { FakeMessage } from "./types";

/**
 * Reading messages back, as Feishu answers it: one message (GET /open-apis/im/v1/messages/:message_id, the
 * answer's items hold it) and a chat's history (GET /open-apis/im/v1/messages?container_id_type=chat…). In a
 * group both need 获取群组中所有消息 (im:message.group_msg): while the stand-in withholds it, they answer 99991672.
 */

/** What these handlers read of a route's context (routes.ts's RouteContext has more). */
interface ReadContext {
  state: FakeState;
  opts: { appId: string };
  pathParam: string;
  query: Record<string, string>;
}

/** A message as Feishu's message APIs answer it. */
export function messageData(m: FakeMessage, appId: string) {
  return {
    message_id: m.messageId,
    root_id: m.rootId,
    parent_id: m.parentId,
    thread_id: m.threadId,
    msg_type: m.msgType,
    create_time: String(m.createTime),
    update_time: String(m.updateTime),
    deleted: false,
    updated: m.updates.length > 0,
    chat_id: m.chatId,
    sender:
      m.sender === "bot"
        ? { id: appId, id_type: "app_id", sender_type: "app", tenant_key: "fake_tenant" }
        : { id: m.sender.openId, id_type: "open_id", sender_type: "user", tenant_key: "fake_tenant" },
    body: { content: m.content },
    mentions: [],
  };
}

function noScope(): FeishuError {
  return new FeishuError(
    400,
    99991672,
    "Access denied. One of the following scopes is required: [im:message.group_msg].",
  );
}

function readable(ctx: ReadContext, m: FakeMessage): void {
  if (m.chatType !== "group") return;
  if (!ctx.state.groupMessagesReadable) throw noScope();
  const chat = ctx.state.chatFor(m.chatId);
  if (!chat.botIn) throw new FeishuError(400, 230002, "The bot can not be outside the group.");
}

export const readHandlers = {
  message_get(ctx: ReadContext) {
    const m = ctx.state.messages.get(ctx.pathParam);
    if (!m) throw new FeishuError(400, 230110, "Action unavailable as the message has been deleted.");
    readable(ctx, m);
    return { code: 0, msg: "success", data: { items: [messageData(m, ctx.opts.appId)] } };
  },

  message_list(ctx: ReadContext) {
    if (ctx.query.container_id_type !== "chat") throw invalidParam("container_id_type");
    const chatId = ctx.query.container_id ?? "";
    const chat = ctx.state.chatFor(chatId);
    if (!ctx.state.groupMessagesReadable) throw noScope();
    if (!chat.botIn) throw new FeishuError(400, 230002, "The bot can not be outside the group.");
    const size = Math.min(Math.max(Number(ctx.query.page_size ?? 20) || 20, 1), 50);
    const all = ctx.state.messageList.filter((m) => m.chatId === chatId);
    if (ctx.query.sort_type === "ByCreateTimeDesc") all.reverse();
    const page = all.slice(0, size);
    return {
      code: 0,
      msg: "success",
      data: {
        items: page.map((m) => messageData(m, ctx.opts.appId)),
        has_more: all.length > size,
        page_token: all.length > size ? "pt_more" : "",
      },
    };
  },
};
