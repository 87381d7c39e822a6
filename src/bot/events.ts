import type { CardActionResult } from "../kernel/messages";
import type { Person } from "../kernel/messenger";

/**
 * Normalized inbound events: what src/feishu/events.ts makes of Feishu's envelopes (zod-parsed there).
 * Handlers never see raw Feishu JSON.
 */
interface Base {
  /** Feishu's header.event_id (dedup key; also the seed of reply outbox keys). */
  eventId: string;
  /** header.create_time. */
  at: Date;
}

export interface MessageEvent extends Base {
  kind: "message";
  chatId: string;
  chatType: "group" | "p2p";
  messageId: string;
  sender: Person;
  /**
   * The text with the bot's own @mention removed and other mentions replaced by "@Name", trimmed.
   * e.g. "@_user_1 /bind @_user_2 市经信局" → "/bind @张三 市经信局".
   */
  text: string;
  /** People @-mentioned other than the bot, in order of appearance. */
  mentions: Person[];
  /** True when the bot was @-mentioned (always true in p2p, where no mention is needed). */
  addressed: boolean;
  /**
   * Feishu's message_type: "text" and "post" carry text; other kinds (image, file, sticker …) arrive with text "".
   */
  messageType?: string;
  /** A file message's attachment (Feishu's file_key and the file's name as sent), to download on demand. */
  file?: { key: string; name: string };
  /** An image message's photo (Feishu's image_key), to download on demand with type=image. */
  image?: { key: string };
  /** The message this one replies to (quotes), when it is a reply. */
  parentId?: string;
}

export interface BotAddedEvent extends Base {
  kind: "bot_added";
  chatId: string;
  chatName: string;
  /** Who added the bot, when Feishu says. */
  operator: Person | undefined;
}

export interface BotRemovedEvent extends Base {
  kind: "bot_removed";
  chatId: string;
}

export interface UsersAddedEvent extends Base {
  kind: "users_added";
  chatId: string;
  users: Person[];
}

export interface UsersRemovedEvent extends Base {
  kind: "users_removed";
  chatId: string;
  users: Person[];
  /** deleted: removed by someone; withdrawn: the user left on their own (or invitation withdrawn). */
  reason: "deleted" | "withdrawn";
}

export interface ChatDisbandedEvent extends Base {
  kind: "chat_disbanded";
  chatId: string;
}

export interface CardActionEvent extends Base {
  kind: "card_action";
  operator: Person;
  chatId: string | undefined;
  messageId: string | undefined;
  /** The clicked component's value object (our cards always put {action: "<name>", …} there). */
  value: Record<string, unknown>;
  /** Form inputs by component name, for form submit buttons. */
  formValue: Record<string, unknown> | undefined;
  /** The component's name and tag (button, select_static, …). */
  name: string | undefined;
  tag: string | undefined;
  /** Selected option for select components. */
  option: string | undefined;
}

export type BotEvent =
  | MessageEvent
  | BotAddedEvent
  | BotRemovedEvent
  | UsersAddedEvent
  | UsersRemovedEvent
  | ChatDisbandedEvent
  | CardActionEvent;

/**
 * What the Feishu edge calls after verifying and deduplicating a request.
 * handleEvent runs after the ack (deferred); handleCardAction must answer within Feishu's 3 s.
 */
export interface BotHandler {
  handleEvent(event: Exclude<BotEvent, CardActionEvent>): Promise<void>;
  handleCardAction(event: CardActionEvent): Promise<CardActionResult>;
}
