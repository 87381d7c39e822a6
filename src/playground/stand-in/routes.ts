import { limitKeysFor, type WindowLimiter } from "./limits";
import { messageData, readHandlers } from "./reads";
import { type FakeState, FeishuError, invalidParam, parseContent } from "./state";
import type { Endpoint, FakeFeishuOptions, FakeMessage } from "./types";

/** The Open API endpoints the fake answers, with Feishu's request and answer shapes. */

export const routes: Array<{ method: string; re: RegExp; endpoint: Endpoint }> = [
  { method: "POST", re: /^\/open-apis\/auth\/v3\/tenant_access_token\/internal\/?$/, endpoint: "token" },
  { method: "GET", re: /^\/open-apis\/bot\/v3\/info\/?$/, endpoint: "bot_info" },
  { method: "POST", re: /^\/open-apis\/im\/v1\/messages\/?$/, endpoint: "send" },
  { method: "GET", re: /^\/open-apis\/im\/v1\/messages\/?$/, endpoint: "message_list" },
  { method: "GET", re: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/?$/, endpoint: "message_get" },
  { method: "POST", re: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply\/?$/, endpoint: "reply" },
  { method: "PATCH", re: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_app\/?$/, endpoint: "urgent" },
  { method: "PATCH", re: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/?$/, endpoint: "patch" },
  { method: "GET", re: /^\/open-apis\/im\/v1\/chats\/([^/]+)\/members\/?$/, endpoint: "chat_members" },
  { method: "GET", re: /^\/open-apis\/contact\/v3\/users\/([^/]+)\/?$/, endpoint: "user" },
  { method: "POST", re: /^\/open-apis\/im\/v1\/files\/?$/, endpoint: "file_upload" },
  {
    method: "GET",
    re: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)\/?$/,
    endpoint: "message_resource",
  },
  { method: "POST", re: /^\/open-apis\/interactive\/v1\/card\/update\/?$/, endpoint: "card_update" },
];

export interface RouteContext {
  state: FakeState;
  opts: Required<Pick<FakeFeishuOptions, "appId" | "appSecret" | "botOpenId" | "botName">>;
  limiter: WindowLimiter;
  pathParam: string;
  /** The route's second path parameter, when it has one. */
  pathParam2?: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** For multipart bodies: the file part's bytes. */
  file?: Uint8Array;
}

const ok = (data: unknown) => ({ code: 0, msg: "success", data });

function checkUuid(uuid: unknown): string | undefined {
  if (uuid === undefined || uuid === null || uuid === "") return undefined;
  if (typeof uuid !== "string" || uuid.length > 50)
    throw new FeishuError(400, 99992402, "field validation failed: uuid is longer than 50 characters");
  return uuid;
}

export const handlers: Record<Endpoint, (ctx: RouteContext) => unknown> = {
  ...readHandlers,
  token(ctx) {
    const { app_id, app_secret } = ctx.body;
    if (app_id !== ctx.opts.appId || app_secret !== ctx.opts.appSecret)
      throw new FeishuError(400, 10014, "app secret invalid");
    const { token, expire } = ctx.state.issueToken();
    return { code: 0, msg: "ok", tenant_access_token: token, expire };
  },

  bot_info(ctx) {
    return {
      code: 0,
      msg: "ok",
      bot: {
        activate_status: 2,
        app_name: ctx.opts.botName,
        avatar_url: "",
        ip_white_list: [],
        open_id: ctx.opts.botOpenId,
      },
    };
  },

  send(ctx) {
    const type = ctx.query.receive_id_type;
    const receiveId = ctx.body.receive_id;
    if (typeof receiveId !== "string" || receiveId === "") throw invalidParam("receive_id is required");
    const uuid = checkUuid(ctx.body.uuid);
    const content = parseContent(ctx.state, ctx.body.msg_type, ctx.body.content);
    const again = ctx.state.dedup(uuid);
    if (again) return ok(messageData(again, ctx.opts.appId));
    const common = { sender: "bot" as const, content: String(ctx.body.content), uuid, ...content };
    let message: FakeMessage;
    if (type === "chat_id") {
      const chat = ctx.state.chatToPost(receiveId);
      ctx.limiter.check(limitKeysFor(ctx, chat.chatId, undefined));
      message = ctx.state.createMessage({ ...common, chatId: chat.chatId, chatType: "group" });
    } else if (type === "open_id") {
      const user = ctx.state.userToMessage(receiveId);
      ctx.limiter.check(limitKeysFor(ctx, "", user.openId));
      message = ctx.state.createMessage({
        ...common,
        chatId: ctx.state.p2pChatId(user.openId),
        chatType: "p2p",
        openId: user.openId,
      });
    } else {
      throw invalidParam("receive_id_type must be chat_id or open_id in this fake");
    }
    return ok(messageData(message, ctx.opts.appId));
  },

  reply(ctx) {
    const target = ctx.state.messageFor(ctx.pathParam);
    const uuid = checkUuid(ctx.body.uuid);
    const content = parseContent(ctx.state, ctx.body.msg_type, ctx.body.content);
    const again = ctx.state.dedup(uuid);
    if (again) return ok(messageData(again, ctx.opts.appId));
    if (target.chatType === "group") ctx.state.chatToPost(target.chatId);
    else if (target.openId) ctx.state.userToMessage(target.openId);
    ctx.limiter.check(
      limitKeysFor(ctx, target.chatId, target.chatType === "p2p" ? target.openId : undefined),
    );
    const rootId = target.rootId ?? target.messageId;
    const message = ctx.state.createMessage({
      sender: "bot",
      content: String(ctx.body.content),
      uuid,
      ...content,
      chatId: target.chatId,
      chatType: target.chatType,
      openId: target.openId,
      parentId: target.messageId,
      rootId,
      threadId: ctx.body.reply_in_thread === true ? (target.threadId ?? `omt_${rootId}`) : target.threadId,
    });
    return ok(messageData(message, ctx.opts.appId));
  },

  patch(ctx) {
    const m = ctx.state.messageFor(ctx.pathParam);
    if (m.sender !== "bot" || m.msgType !== "interactive")
      throw invalidParam("only card messages sent by the bot can be updated");
    if (m.chatType === "group") ctx.state.chatToPost(m.chatId);
    const content = parseContent(ctx.state, "interactive", ctx.body.content);
    ctx.limiter.check([{ key: `msg:${m.messageId}`, limit: ctx.limiter.messagePerSec }]);
    m.card = content.card;
    m.content = String(ctx.body.content);
    m.updateTime = ctx.state.now();
    m.updates.push({ at: m.updateTime, via: "patch", card: content.card });
    return ok({});
  },

  urgent(ctx) {
    const m = ctx.state.messageFor(ctx.pathParam);
    if (m.sender !== "bot") throw invalidParam("only messages sent by the bot can be made urgent");
    if (ctx.query.user_id_type !== "open_id") throw invalidParam("user_id_type");
    const list = ctx.body.user_id_list;
    if (!Array.isArray(list) || list.length === 0) throw invalidParam("user_id_list is required");
    const chat = m.chatType === "group" ? ctx.state.chatToPost(m.chatId) : undefined;
    const invalid: string[] = [];
    for (const id of list.map(String)) {
      const inChat = chat ? chat.members.includes(id) : id === m.openId;
      if (inChat && !ctx.state.users.get(id)?.resigned) m.urgentTo.push(id);
      else invalid.push(id);
    }
    return ok({ invalid_user_id_list: invalid });
  },

  chat_members(ctx) {
    const chat = ctx.state.chatFor(ctx.pathParam);
    if (!chat.botIn) throw new FeishuError(400, 232011, "Operator can NOT be out of the chat.");
    const size = Math.min(Math.max(Number(ctx.query.page_size ?? 20) || 20, 1), 100);
    const token = ctx.query.page_token;
    let start = 0;
    if (token) {
      const m = /^pt_(\d+)$/.exec(token);
      if (!m?.[1]) throw new FeishuError(400, 232001, "Your request contains an invalid request parameter.");
      start = Number(m[1]);
    }
    const page = chat.members.slice(start, start + size);
    const hasMore = start + size < chat.members.length;
    return ok({
      items: page.map((id) => ({
        member_id_type: "open_id",
        member_id: id,
        name: ctx.state.users.get(id)?.name ?? "",
        tenant_key: "fake_tenant",
      })),
      page_token: hasMore ? `pt_${start + size}` : "",
      has_more: hasMore,
      member_total: chat.members.length,
    });
  },

  user(ctx) {
    if ((ctx.query.user_id_type ?? "open_id") !== "open_id") throw invalidParam("user_id_type");
    const u = ctx.state.users.get(ctx.pathParam);
    if (!u) throw new FeishuError(400, 41012, "user id invalid error");
    return ok({
      user: {
        open_id: u.openId,
        union_id: `on_${u.openId.replace(/^ou_/, "")}`,
        name: u.name,
        en_name: "",
        status: {
          is_frozen: false,
          is_resigned: u.resigned,
          is_activated: !u.resigned,
          is_exited: false,
          is_unjoin: false,
        },
      },
    });
  },

  message_resource(ctx) {
    const f = ctx.state.files.get(ctx.pathParam2 ?? "");
    // Feishu answers 234003 (file not in this message) / 234004 for keys the message does not hold.
    if (!f || f.messageId !== ctx.pathParam) throw new FeishuError(400, 234003, "File not in msg.");
    if (ctx.query.type !== "file" && ctx.query.type !== "image")
      throw new FeishuError(400, 234001, "Invalid request param: type.");
    // The fake's choice (the docs name no code): a photo's key asked for as a file, or the reverse, is refused.
    if ((ctx.query.type === "image") !== (f.image === true))
      throw new FeishuError(400, 234001, "Invalid request param: type does not match the resource.");
    return { binary: f.bytes };
  },

  file_upload(ctx) {
    const { file_type, file_name } = ctx.body;
    const types = ["opus", "mp4", "pdf", "doc", "xls", "ppt", "stream"];
    if (typeof file_type !== "string" || !types.includes(file_type))
      throw new FeishuError(400, 234001, "Invalid request param: file_type.");
    if (typeof file_name !== "string" || file_name === "")
      throw new FeishuError(400, 234001, "Invalid request param: file_name.");
    if (!ctx.file || ctx.file.length === 0)
      throw new FeishuError(400, 234001, "Invalid request param: file.");
    const fileKey = ctx.state.nextId("file_v3_");
    ctx.state.files.set(fileKey, {
      fileKey,
      fileName: file_name,
      fileType: file_type,
      size: ctx.file.length,
      bytes: ctx.file,
    });
    return ok({ file_key: fileKey });
  },

  card_update(ctx) {
    const token = ctx.body.token;
    const t = typeof token === "string" ? ctx.state.cardTokens.get(token) : undefined;
    // The code is the fake's choice: the docs name none for a stale or overused callback token.
    if (!t || t.expiresAt <= ctx.state.now() || t.uses >= 2)
      throw new FeishuError(400, 200810, "card update token is invalid, expired or used twice");
    const card = ctx.body.card;
    if (!card || typeof card !== "object") throw invalidParam("card is required");
    t.uses++;
    const m = ctx.state.messageFor(t.messageId);
    m.card = card;
    m.content = JSON.stringify(card);
    m.updateTime = ctx.state.now();
    m.updates.push({ at: m.updateTime, via: "card_update", card });
    return ok({});
  },
};
