import type { CardRef, OutMessage, Recipient } from "./messages";

/** A person as Feishu knows them. */
export interface Person {
  openId: string;
  name: string;
}

/** A message read back from a chat (only what the bot needs of it). */
export interface ChatMessage {
  messageId: string;
  chatId: string;
  /** Feishu's msg_type (text, post, file, image …). */
  type: string;
  /** The person who sent it; undefined for messages sent by apps. */
  senderOpenId: string | undefined;
  /** Sent by an app (sender_type "app"): for the bot's own messages, the bot. */
  fromApp?: boolean;
  /** When it was sent (ms since the epoch). */
  sentAt: number;
  /** A file message's attachment. */
  file?: { key: string; name: string };
  /** An image message's photo (its image_key). */
  image?: { key: string };
}

/**
 * Why a Feishu call failed, as the outbox dispatcher needs to know it:
 * rate_limited (429 / 99991400; retry after resetSeconds), transient (5xx, timeout, network; retry with backoff),
 * token (99991663; refresh once and retry), permanent (bot not in chat, user gone, bad request; do not retry).
 */
export class MessengerError extends Error {
  constructor(
    readonly reason: "rate_limited" | "transient" | "token" | "permanent",
    message: string,
    readonly detail: { code?: number; status?: number; resetSeconds?: number } = {},
  ) {
    super(message);
    this.name = "MessengerError";
  }
}

/**
 * The Feishu Open API as the bot uses it (src/feishu/client.ts implements it over the SDK Client).
 * Sends take Feishu's uuid so a repeated call within 1 h sends once. Sends are called by the outbox
 * dispatcher only; handlers enqueue into the Outbox instead.
 */
export interface Messenger {
  botInfo(): Promise<Person>;
  /**
   * Has the credentials a call needs (the tenant token) ready. Called before a batch of sends is paced, so that
   * calls booked 20 ms apart do not wait for a token together and reach Feishu in one bunch.
   */
  warmUp?(): Promise<void>;
  send(to: Recipient, message: OutMessage, uuid: string): Promise<{ messageId: string }>;
  reply(
    messageId: string,
    message: OutMessage,
    uuid: string,
    inThread?: boolean,
  ): Promise<{ messageId: string }>;
  patchCard(messageId: string, card: CardRef): Promise<void>;
  urgent(messageId: string, openIds: string[]): Promise<void>;
  /** Every member of a chat (all pages; Feishu excludes bots). */
  listChatMembers(chatId: string): Promise<Person[]>;
  getUser(openId: string): Promise<Person | undefined>;
  /**
   * A file or photo sent in a message (the message resource API, `type` file or image; default file). Refuses
   * with MessengerError("permanent", …, {status: 413}) as soon as the file is known to exceed maxBytes, before
   * reading the rest of it.
   */
  downloadFile(
    messageId: string,
    fileKey: string,
    maxBytes: number,
    type?: "file" | "image",
  ): Promise<Uint8Array>;
  /**
   * One message by id (the message a reply points at); undefined when it does not exist or was recalled.
   * Refuses with MessengerError("permanent", …, {status: 403}) when the app may not read the chat's messages.
   */
  getMessage(messageId: string): Promise<ChatMessage | undefined>;
  /** The chat's latest messages, newest first (at most `count`, ≤ 50); refuses like getMessage. */
  recentMessages(chatId: string, count: number): Promise<ChatMessage[]>;
}
