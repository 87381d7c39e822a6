import type * as z from "zod";
import type { BotEvent, CardActionEvent, MessageEvent } from "../bot/events";
import { dropControls } from "../domain/escape/controls";
import type { Person } from "../kernel/messenger";
import {
  cardActionSchema,
  chatEventSchema,
  chatUsersEventSchema,
  type Envelope,
  messageReceiveSchema,
} from "./envelopes";
import { fileOf, imageOf, rawText, resolveMentions } from "./message-content";
import { feishuTime } from "./verify";

/**
 * Feishu envelopes → the normalized events of src/bot/events.ts.
 *
 * Decisions:
 * - Text and rich-text (post) messages carry their text; other kinds (image, file, sticker, card …) become a
 *   message with empty text and their messageType, so the bot can answer "please type a command" in a p2p chat.
 * - Group messages that do not @ the bot are passed with addressed=false (by default Feishu only delivers those
 *   that do; with the group-message scope the bot decides what to do with the rest).
 * - Messages sent by apps (sender_type ≠ user), the bot's own included, are ignored: no loops between bots.
 * - The sender's name is not in the event: sender.name is "" (the bot looks it up when it needs it).
 */

export const CARD_ACTION = "card.action.trigger";

export const MESSAGE_TYPES = {
  message: "im.message.receive_v1",
  botAdded: "im.chat.member.bot.added_v1",
  botRemoved: "im.chat.member.bot.deleted_v1",
  usersAdded: "im.chat.member.user.added_v1",
  usersDeleted: "im.chat.member.user.deleted_v1",
  usersWithdrawn: "im.chat.member.user.withdrawn_v1",
  chatDisbanded: "im.chat.disbanded_v1",
} as const;

export type Normalized =
  | { kind: "event"; event: Exclude<BotEvent, CardActionEvent> }
  | { kind: "card"; event: CardActionEvent }
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; error: string };

/** Thrown when a mention must be resolved but the bot's open_id is not known yet (answer 503: Feishu retries). */
export class BotIdentityUnavailable extends Error {
  constructor() {
    super("the bot's open_id is not known yet (GET /open-apis/bot/v3/info failed)");
    this.name = "BotIdentityUnavailable";
  }
}

export interface NormalizeContext {
  /** The bot's own open_id (cached); undefined when it could not be fetched. */
  botOpenId(): Promise<string | undefined>;
  /**
   * Text kept of a message; the rest is cut before the event is stored. The bot refuses anything longer than its
   * own cap anyway, so one character past that cap is all it needs to know; storing 50,000 characters would only
   * stall the embedded database for everyone else.
   */
  maxText?: number;
}

/** Kept when the caller names no cap: far above any command, far below what stalls storage. */
const DEFAULT_MAX_TEXT = 10_000;

export async function normalize(envelope: Envelope, ctx: NormalizeContext): Promise<Normalized> {
  const { header, event } = envelope;
  // Every event starts with these two, written out in each literal: a literal that begins with a spread
  // (`{ ...base, kind }`) took V8's slow path, ≈3 µs an event, ≈13 µs for a message's.
  const eventId = header.event_id;
  const at = feishuTime(header.create_time) ?? new Date(0);
  const parse = <S extends z.ZodType>(schema: S): z.infer<S> | string => {
    const r = schema.safeParse(event);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    return `invalid ${header.event_type} event: ${issue?.path.join(".") || "event"} ${issue?.message ?? ""}`.trim();
  };

  switch (header.event_type) {
    case MESSAGE_TYPES.message: {
      const e = parse(messageReceiveSchema);
      if (typeof e === "string") return { kind: "invalid", error: e };
      return normalizeMessage(eventId, at, e, ctx);
    }
    case MESSAGE_TYPES.botAdded: {
      const e = parse(chatEventSchema);
      if (typeof e === "string") return { kind: "invalid", error: e };
      const operatorId = e.operator_id?.open_id;
      return {
        kind: "event",
        event: {
          eventId,
          at,
          kind: "bot_added",
          chatId: e.chat_id,
          chatName: e.name ?? "",
          operator: operatorId ? { openId: operatorId, name: "" } : undefined,
        },
      };
    }
    case MESSAGE_TYPES.botRemoved:
    case MESSAGE_TYPES.chatDisbanded: {
      const e = parse(chatEventSchema);
      if (typeof e === "string") return { kind: "invalid", error: e };
      const kind = header.event_type === MESSAGE_TYPES.botRemoved ? "bot_removed" : "chat_disbanded";
      return { kind: "event", event: { eventId, at, kind, chatId: e.chat_id } };
    }
    case MESSAGE_TYPES.usersAdded:
    case MESSAGE_TYPES.usersDeleted:
    case MESSAGE_TYPES.usersWithdrawn: {
      const e = parse(chatUsersEventSchema);
      if (typeof e === "string") return { kind: "invalid", error: e };
      const users: Person[] = e.users.flatMap((u) =>
        u.user_id.open_id ? [{ openId: u.user_id.open_id, name: dropControls(u.name) }] : [],
      );
      if (header.event_type === MESSAGE_TYPES.usersAdded)
        return { kind: "event", event: { eventId, at, kind: "users_added", chatId: e.chat_id, users } };
      const reason = header.event_type === MESSAGE_TYPES.usersDeleted ? "deleted" : "withdrawn";
      return {
        kind: "event",
        event: { eventId, at, kind: "users_removed", chatId: e.chat_id, users, reason },
      };
    }
    case CARD_ACTION: {
      const e = parse(cardActionSchema);
      if (typeof e === "string") return { kind: "invalid", error: e };
      const value = e.action.value;
      return {
        kind: "card",
        event: {
          eventId,
          at,
          kind: "card_action",
          operator: { openId: e.operator.open_id, name: dropControls(e.operator.name ?? "") },
          chatId: e.context.open_chat_id ?? e.open_chat_id,
          messageId: e.context.open_message_id ?? e.open_message_id,
          value: cleanStrings(typeof value === "string" ? { value } : (value ?? {})),
          formValue: e.action.form_value === undefined ? undefined : cleanStrings(e.action.form_value),
          name: e.action.name,
          tag: e.action.tag,
          option: e.action.option,
        },
      };
    }
    default:
      return { kind: "ignored", reason: `event type ${header.event_type} is not handled` };
  }
}

async function normalizeMessage(
  eventId: string,
  at: Date,
  e: z.infer<typeof messageReceiveSchema>,
  ctx: NormalizeContext,
): Promise<Normalized> {
  if (e.sender.sender_type !== "user")
    return { kind: "ignored", reason: `message from ${e.sender.sender_type}` };
  const senderId = e.sender.sender_id.open_id;
  if (!senderId) return { kind: "invalid", error: "message without sender open_id" };
  const m = e.message;
  const chatType = m.chat_type === "p2p" ? "p2p" : "group";

  // The bot's open_id matters only when someone was mentioned.
  const botId = m.mentions.length > 0 ? await ctx.botOpenId() : undefined;
  if (m.mentions.length > 0 && botId === undefined) throw new BotIdentityUnavailable();

  // Invisible controls are dropped at the edge: nobody reads them, and the database refuses NUL in text.
  const raw = dropControls(rawText(m.message_type, m.content).slice(0, ctx.maxText ?? DEFAULT_MAX_TEXT));
  const { text, mentions, botMentioned } = resolveMentions(raw, m.mentions, botId);
  const event: MessageEvent = {
    eventId,
    at,
    kind: "message",
    chatId: m.chat_id,
    chatType,
    messageId: m.message_id,
    sender: { openId: senderId, name: "" },
    text,
    mentions,
    addressed: chatType === "p2p" || botMentioned,
    messageType: m.message_type,
  };
  if (m.parent_id) event.parentId = m.parent_id;
  if (m.message_type === "file") {
    const file = fileOf(m.content);
    if (file) event.file = file;
  }
  if (m.message_type === "image") {
    const image = imageOf(m.content);
    if (image) event.image = image;
  }
  return { kind: "event", event };
}

/** Form and button values with invisible controls dropped from every string (they are stored and echoed). */
function cleanStrings<T>(v: T, depth = 0): T {
  if (typeof v === "string") return dropControls(v) as T;
  if (depth > 6 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => cleanStrings(x, depth + 1)) as T;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanStrings(x, depth + 1)])) as T;
}
