/** Types of the fake Feishu Open Platform (see fake-feishu.ts for the server and its helpers). */

export type Endpoint =
  | "token"
  | "bot_info"
  | "message_resource"
  | "message_get"
  | "message_list"
  | "send"
  | "reply"
  | "patch"
  | "urgent"
  | "chat_members"
  | "user"
  | "file_upload"
  | "card_update";

/** A fault the fake answers with instead of (or around) the normal answer. */
export type Fault =
  /** HTTP 429 `{code:99991400}` with `x-ogw-ratelimit-reset` (seconds, default 1). */
  | { type: "rate_limit"; resetSeconds?: number; code?: number; status?: number }
  /** HTTP 5xx (default 500) with a Feishu-shaped body. */
  | { type: "server_error"; status?: number; code?: number }
  /** Waits, then answers normally. */
  | { type: "delay"; ms: number }
  /** Never answers (the client's timeout fires); the connection closes when the fake closes. */
  | { type: "hang" }
  /** HTTP 400 `{code:99991663}`: the token is refused (whatever it is). */
  | { type: "token_invalid" }
  /** Any Feishu error body, e.g. `{type:"error", code:230002}` (bot not in chat). Status default 400. */
  | { type: "error"; code: number; msg?: string; status?: number }
  /** Does the work (the message is created), then drops the connection: "Feishu accepted, answer lost". */
  | { type: "lost_response" };

export interface FaultOptions {
  /** Apply to the next N matching calls, then stop (default: 1 when rate is not given). */
  times?: number;
  /** Apply to this share (0..1) of matching calls, without end unless times is given too. */
  rate?: number;
  /** Only calls for which this returns true. */
  when?: (call: IncomingCall) => boolean;
}

/** What a fault rule sees of a call before it is handled. */
export interface IncomingCall {
  endpoint: Endpoint;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface RecordedCall extends IncomingCall {
  seq: number;
  headers: Record<string, string>;
  /** Fake-clock time the call arrived (ms). */
  at: number;
  status: number;
  response: unknown;
  /** The injected fault's type, if one applied. */
  fault?: Fault["type"];
}

export interface FakeUser {
  openId: string;
  name: string;
  resigned: boolean;
}

export interface FakeChat {
  chatId: string;
  name: string;
  /** Human members' open_ids (bots are not listed, like Feishu). */
  members: string[];
  botIn: boolean;
  dissolved: boolean;
}

export interface FakeMessage {
  messageId: string;
  /** The chat it is in: a group chat id, or the p2p chat of the user it was sent to. */
  chatId: string;
  chatType: "group" | "p2p";
  /** For messages sent to a user by open_id (and replies in that p2p chat). */
  openId?: string;
  sender: "bot" | { openId: string };
  msgType: string;
  /** The content string as sent (JSON). */
  content: string;
  /** msg_type text: the text. */
  text?: string;
  /** msg_type interactive: the current card (after patches and card updates). */
  card?: unknown;
  /** msg_type file: the file key. */
  fileKey?: string;
  uuid?: string;
  parentId?: string;
  rootId?: string;
  threadId?: string;
  createTime: number;
  updateTime: number;
  /** Every card the message showed after the first: patches and delayed card updates, in order. */
  updates: Array<{ at: number; via: "patch" | "card_update"; card: unknown }>;
  /** open_ids buzzed with urgent_app, in order. */
  urgentTo: string[];
}

export interface FakeFile {
  fileKey: string;
  fileName: string;
  fileType: string;
  size: number;
  bytes: Uint8Array;
  /** For a file a person sent: the message it came in (the resource API answers it only for that message). */
  messageId?: string;
  /** For a photo a person sent: the resource API answers it only with type=image. */
  image?: boolean;
}

export interface FakeFeishuOptions {
  appId?: string;
  appSecret?: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** `expire` the token endpoint answers, in seconds (default 7200). Tokens die after it on the fake clock. */
  tokenTtlSeconds?: number;
  botOpenId?: string;
  botName?: string;
  /** The fake's clock (ms). Default Date.now. uuid dedup (1 h) and token expiry use it. */
  now?: () => number;
  /** Seed of the generator behind rate-based faults, so runs repeat. */
  seed?: number;
  /**
   * When false, sends to unknown chats or users create them (bot in chat) instead of failing.
   * Default true: seed them with addChat/addUser.
   */
  strict?: boolean;
  /**
   * Enforce Feishu's rate limits (per second, sliding 1 s window): app-wide for send/reply (429 99991400),
   * per chat and per user for send/reply and per message for patch (400 230020). Off by default.
   */
  limits?: { appPerSec?: number; chatPerSec?: number; userPerSec?: number; messagePerSec?: number };
}
