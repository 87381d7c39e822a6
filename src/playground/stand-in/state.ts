import type { FakeChat, FakeFile, FakeMessage, FakeUser } from "./types";

/** A Feishu business error: the fake answers `{code, msg, error:{log_id}}` with this HTTP status. */
export class FeishuError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(msg);
  }
}

export const invalidParam = (ext: string) =>
  new FeishuError(400, 230001, `Your request contains an invalid request parameter, ext=${ext}.`);

const UUID_WINDOW_MS = 60 * 60_000;
const CARD_TOKEN_TTL_MS = 30 * 60_000;

/** Everything the fake Open Platform knows: people, chats, messages, files, tokens. */
export class FakeState {
  readonly users = new Map<string, FakeUser>();
  readonly chats = new Map<string, FakeChat>();
  readonly messages = new Map<string, FakeMessage>();
  /** Messages in creation order. */
  readonly messageList: FakeMessage[] = [];
  readonly files = new Map<string, FakeFile>();
  /** uuid -> the message it created and when (Feishu: one message per uuid within 1 h). */
  readonly byUuid = new Map<string, { messageId: string; at: number }>();
  readonly tokens = new Map<string, { issuedAt: number; expiresAt: number }>();
  readonly cardTokens = new Map<string, { messageId: string; expiresAt: number; uses: number }>();
  tokensIssued = 0;
  /** The app holds 获取群组中所有消息 (im:message.group_msg): group messages can be read back. */
  groupMessagesReadable = true;
  private counter = 0;

  constructor(
    readonly now: () => number,
    readonly strict: boolean,
    readonly tokenTtlSeconds: number,
  ) {}

  nextId(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter.toString(16).padStart(8, "0")}${Math.random().toString(16).slice(2, 10)}`;
  }

  // ---- tokens -------------------------------------------------------------------------------------------

  /** Like Feishu: the current token is answered again while it has at least 30 minutes left. */
  issueToken(): { token: string; expire: number } {
    const now = this.now();
    for (const [token, t] of this.tokens) {
      if (t.expiresAt - now >= 30 * 60_000) return { token, expire: Math.floor((t.expiresAt - now) / 1000) };
    }
    const token = this.nextId("t-");
    this.tokens.set(token, { issuedAt: now, expiresAt: now + this.tokenTtlSeconds * 1000 });
    this.tokensIssued++;
    return { token, expire: this.tokenTtlSeconds };
  }

  checkToken(authorization: string | undefined): void {
    const m = /^Bearer\s+(\S+)$/.exec(authorization ?? "");
    if (!m?.[1]) throw new FeishuError(400, 99991661, "Missing access token for authorization.");
    const t = this.tokens.get(m[1]);
    if (!t || t.expiresAt <= this.now())
      throw new FeishuError(
        400,
        99991663,
        "Invalid access token for authorization. Please make a request with token attached.",
      );
  }

  // ---- people and chats ---------------------------------------------------------------------------------

  addUser(user: { openId: string; name?: string; resigned?: boolean }): FakeUser {
    const u: FakeUser = {
      openId: user.openId,
      name: user.name ?? user.openId,
      resigned: user.resigned ?? false,
    };
    this.users.set(u.openId, u);
    return u;
  }

  addChat(
    chatId: string,
    members: Array<string | { openId: string; name?: string }>,
    name?: string,
  ): FakeChat {
    const ids: string[] = [];
    for (const m of members) {
      const member = typeof m === "string" ? { openId: m } : m;
      const known = this.users.get(member.openId);
      if (!known || member.name) this.addUser({ ...known, ...member });
      ids.push(member.openId);
    }
    const chat: FakeChat = { chatId, name: name ?? chatId, members: ids, botIn: true, dissolved: false };
    this.chats.set(chatId, chat);
    return chat;
  }

  chatFor(chatId: string): FakeChat {
    const chat = this.chats.get(chatId) ?? (this.strict ? undefined : this.addChat(chatId, []));
    if (!chat) throw new FeishuError(400, 232006, "Your request specifies a chat_id which is invalid.");
    if (chat.dissolved)
      throw new FeishuError(400, 232009, "Your request specifies a chat which has already been dissolved.");
    return chat;
  }

  /** A chat the bot may post in (send/reply target). */
  chatToPost(chatId: string): FakeChat {
    if (!this.chats.has(chatId) && this.strict) throw invalidParam("invalid receive_id");
    const chat = this.chatFor(chatId);
    if (!chat.botIn) throw new FeishuError(400, 230002, "The bot can not be outside the group.");
    return chat;
  }

  /** A user the bot may message directly. */
  userToMessage(openId: string): FakeUser {
    const user = this.users.get(openId) ?? (this.strict ? undefined : this.addUser({ openId }));
    if (!user) throw new FeishuError(400, 99992351, `these open_ids not existed: [${openId}]`);
    if (user.resigned) throw new FeishuError(400, 230013, "Bot has NO availability to this user.");
    return user;
  }

  p2pChatId(openId: string): string {
    return `oc_p2p_${openId}`;
  }

  // ---- messages -----------------------------------------------------------------------------------------

  /** The message a uuid already created within the last hour, if any. */
  dedup(uuid: string | undefined): FakeMessage | undefined {
    if (!uuid) return undefined;
    const hit = this.byUuid.get(uuid);
    if (!hit || this.now() - hit.at >= UUID_WINDOW_MS) return undefined;
    return this.messages.get(hit.messageId);
  }

  createMessage(m: Omit<FakeMessage, "messageId" | "createTime" | "updateTime" | "updates" | "urgentTo">) {
    const now = this.now();
    const message: FakeMessage = {
      ...m,
      messageId: this.nextId("om_"),
      createTime: now,
      updateTime: now,
      updates: [],
      urgentTo: [],
    };
    this.messages.set(message.messageId, message);
    this.messageList.push(message);
    if (m.uuid) this.byUuid.set(m.uuid, { messageId: message.messageId, at: now });
    return message;
  }

  messageFor(messageId: string): FakeMessage {
    const m = this.messages.get(messageId);
    if (!m) throw invalidParam("invalid message_id");
    return m;
  }

  /** A token a card callback would carry, for POST /open-apis/interactive/v1/card/update (30 min, 2 uses). */
  issueCardToken(messageId: string): string {
    this.messageFor(messageId);
    const token = this.nextId("c-");
    this.cardTokens.set(token, { messageId, expiresAt: this.now() + CARD_TOKEN_TTL_MS, uses: 0 });
    return token;
  }
}

/** Parses and checks message content as Feishu does for the msg_types the bot uses. */
export function parseContent(
  state: FakeState,
  msgType: unknown,
  content: unknown,
): { msgType: string; text?: string; card?: unknown; fileKey?: string } {
  if (typeof msgType !== "string" || msgType === "") throw invalidParam("msg_type is required");
  if (typeof content !== "string") throw invalidParam("content must be a JSON string");
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw invalidParam("content is not valid JSON");
  }
  const obj = (parsed && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
  const bytes = new TextEncoder().encode(content).length;
  switch (msgType) {
    case "text":
      if (typeof obj.text !== "string") throw invalidParam("text content needs a text field");
      if (bytes > 150 * 1024)
        throw new FeishuError(400, 230025, "The length of the message content reaches its limit.");
      return { msgType, text: obj.text };
    case "interactive":
      if (bytes > 30 * 1024)
        throw new FeishuError(400, 230025, "The length of the message content reaches its limit.");
      if (Object.keys(obj).length === 0) throw new FeishuError(400, 230099, "Failed to create card content.");
      return { msgType, card: obj };
    case "file": {
      const key = obj.file_key;
      if (typeof key !== "string" || !state.files.has(key))
        throw new FeishuError(400, 230017, "Bot is NOT the owner of the resource.");
      return { msgType, fileKey: key };
    }
    default:
      return { msgType };
  }
}
