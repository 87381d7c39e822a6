import * as z from "zod";
import { dropControls } from "../domain/escape/controls";
import { type ChatMessage, type Messenger, MessengerError } from "../kernel/messenger";
import type { Call } from "./call";
import { fileContentSchema, imageContentSchema } from "./envelopes";

/**
 * Reading messages back from a chat: one message by id (GET /open-apis/im/v1/messages/:message_id) and a chat's
 * latest messages (GET /open-apis/im/v1/messages?container_id_type=chat&sort_type=ByCreateTimeDesc). In a group
 * both need the scope 获取群组中所有消息 (im:message.group_msg) besides im:message:readonly; without it Feishu
 * answers 99991672, which becomes a refusal with status 403 so that the bot can say which scope is missing.
 */

type Api = <T>(
  token: string,
  method: "GET",
  path: string,
  req?: { params?: Record<string, unknown> },
) => Promise<T>;

const itemSchema = z.object({
  message_id: z.string().min(1).max(200),
  msg_type: z.string().max(50).default(""),
  chat_id: z.string().max(200).default(""),
  create_time: z.string().max(20).default("0"),
  deleted: z.boolean().default(false),
  sender: z
    .object({ id: z.string().max(200).default(""), sender_type: z.string().max(50).default("") })
    .default({ id: "", sender_type: "" }),
  body: z.object({ content: z.string().default("") }).default({ content: "" }),
});

const answerSchema = z.object({
  data: z.object({ items: z.array(z.unknown()).default([]) }).default({ items: [] }),
});

/** Codes that mean "no such message (any more)": getMessage answers undefined. */
const GONE = new Set([230011, 230110, 234003]);
/** The app lacks a scope the call needs. */
const NO_SCOPE = 99991672;

function toChatMessage(raw: unknown): ChatMessage | undefined {
  const r = itemSchema.safeParse(raw);
  if (!r.success || r.data.deleted) return undefined;
  const m = r.data;
  const sentAt = Number(m.create_time);
  let file: ChatMessage["file"];
  let image: ChatMessage["image"];
  if (m.msg_type === "file" || m.msg_type === "image") {
    try {
      const json: unknown = JSON.parse(m.body.content);
      const c = fileContentSchema.safeParse(json);
      if (m.msg_type === "file" && c.success)
        file = { key: c.data.file_key, name: dropControls(c.data.file_name) };
      const i = imageContentSchema.safeParse(json);
      if (m.msg_type === "image" && i.success) image = { key: i.data.image_key };
    } catch {
      file = undefined;
    }
  }
  return {
    messageId: m.message_id,
    chatId: m.chat_id,
    type: m.msg_type,
    senderOpenId: m.sender.sender_type === "user" && m.sender.id ? m.sender.id : undefined,
    fromApp: m.sender.sender_type === "app",
    sentAt: Number.isFinite(sentAt) ? sentAt : 0,
    ...(file ? { file } : {}),
    ...(image ? { image } : {}),
  };
}

function scopeRefusal(err: unknown): unknown {
  if (err instanceof MessengerError && err.detail.code === NO_SCOPE)
    return new MessengerError("permanent", err.message, { ...err.detail, status: 403 });
  return err;
}

export function createMessageReads(
  call: Call,
  api: Api,
  seg: (id: string) => string,
): Pick<Messenger, "getMessage" | "recentMessages"> {
  return {
    async getMessage(messageId) {
      try {
        const res = await call("get message", (token) =>
          api<unknown>(token, "GET", `/open-apis/im/v1/messages/${seg(messageId)}`),
        );
        const items = answerSchema.safeParse(res);
        return items.success ? toChatMessage(items.data.data.items[0]) : undefined;
      } catch (err) {
        if (err instanceof MessengerError && err.detail.code !== undefined && GONE.has(err.detail.code))
          return undefined;
        throw scopeRefusal(err);
      }
    },

    async recentMessages(chatId, count) {
      const params = {
        container_id_type: "chat",
        container_id: chatId,
        sort_type: "ByCreateTimeDesc",
        page_size: Math.min(Math.max(Math.trunc(count), 1), 50),
      };
      try {
        const res = await call("list messages", (token) =>
          api<unknown>(token, "GET", "/open-apis/im/v1/messages", { params }),
        );
        const items = answerSchema.safeParse(res);
        if (!items.success) return [];
        return items.data.data.items.flatMap((i) => toChatMessage(i) ?? []);
      } catch (err) {
        throw scopeRefusal(err);
      }
    },
  };
}
