import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WindowLimiter } from "../../src/playground/stand-in/limits";
import { FakeState } from "../../src/playground/stand-in/state";
import type {
  Endpoint,
  FakeChat,
  FakeFeishuOptions,
  FakeFile,
  FakeMessage,
  FakeUser,
  Fault,
  FaultOptions,
  RecordedCall,
} from "../../src/playground/stand-in/types";
import { FaultInjector } from "./fake-feishu-faults";
import { type PeakScope, peakRate } from "./fake-feishu-metrics";
import { handleRequest, type ServerHost } from "./fake-feishu-server";

export type * from "../../src/playground/stand-in/types";

/**
 * A fake Feishu Open Platform: a real HTTP server on 127.0.0.1 answering the Open API endpoints the bot uses
 * with Feishu's JSON shapes, so the real SDK Client (domain = fake.url) works against it.
 *
 *   const fake = await startFakeFeishu();
 *   fake.addChat("oc_1", ["ou_a", { openId: "ou_b", name: "李四" }]);
 *   fake.inject("send", { type: "rate_limit", resetSeconds: 2 }, { times: 1 });
 *   … run the code under test with FEISHU_DOMAIN=fake.url, FEISHU_APP_ID=fake.appId, FEISHU_APP_SECRET=fake.appSecret …
 *   fake.sent({ chatId: "oc_1" })      // messages the chat received
 *   fake.cardOf(messageId)             // a card after its patches
 *   await fake.close();
 *
 * `npm run fake-feishu` runs one standalone and prints its URL.
 */
export async function startFakeFeishu(options: FakeFeishuOptions = {}): Promise<FakeFeishu> {
  const fake = new FakeFeishu(options);
  await fake.listen(options.port ?? 0);
  return fake;
}

export interface SentFilter {
  /** Messages in this group chat. */
  chatId?: string;
  /** Messages to this user directly (p2p). */
  openId?: string;
  uuid?: string;
  msgType?: string;
  /** Replies to this message. */
  parentId?: string;
}

export class FakeFeishu {
  readonly appId: string;
  readonly appSecret: string;
  readonly botOpenId: string;
  readonly botName: string;
  url = "";
  private readonly state: FakeState;
  private readonly faults: FaultInjector;
  private readonly limiter: WindowLimiter;
  private readonly now: () => number;
  private readonly recorded: RecordedCall[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private seq = 0;
  private readonly host: ServerHost;

  constructor(options: FakeFeishuOptions = {}) {
    this.appId = options.appId ?? "cli_fake0000000001";
    this.appSecret = options.appSecret ?? "fake-app-secret";
    this.botOpenId = options.botOpenId ?? "ou_fakebot0000000000000000000001";
    this.botName = options.botName ?? "督办";
    this.now = options.now ?? Date.now;
    this.state = new FakeState(this.now, options.strict ?? true, options.tokenTtlSeconds ?? 7200);
    this.faults = new FaultInjector(options.seed ?? 1);
    this.limiter = new WindowLimiter(this.now, options.limits ?? {});
    this.host = {
      fake: this,
      state: this.state,
      faults: this.faults,
      limiter: this.limiter,
      recorded: this.recorded,
      hanging: this.hanging,
      now: this.now,
      nextSeq: () => ++this.seq,
    };
  }

  /** @internal */
  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      handleRequest(this.host, req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: 1500, msg: `fake: ${String(err)}` }));
      });
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.socket?.destroy();
    this.hanging.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ---- seeding ------------------------------------------------------------------------------------------

  addUser(user: { openId: string; name?: string; resigned?: boolean }): FakeUser {
    return this.state.addUser(user);
  }
  /** A group chat with these human members (users are created as needed); the bot is in it. */
  addChat(
    chatId: string,
    members: Array<string | { openId: string; name?: string }>,
    name?: string,
  ): FakeChat {
    return this.state.addChat(chatId, members, name);
  }
  addMember(chatId: string, openId: string, name?: string): void {
    const chat = this.chatOrThrow(chatId);
    if (!this.state.users.has(openId) || name) this.state.addUser({ openId, name });
    if (!chat.members.includes(openId)) chat.members.push(openId);
  }
  removeMember(chatId: string, openId: string): void {
    const chat = this.chatOrThrow(chatId);
    chat.members = chat.members.filter((m) => m !== openId);
  }
  /** Sends to the chat then fail with 230002, member lists with 232011. */
  removeBotFromChat(chatId: string): void {
    this.chatOrThrow(chatId).botIn = false;
  }
  addBotToChat(chatId: string): void {
    this.chatOrThrow(chatId).botIn = true;
  }
  /** Sends then fail with 232009. */
  dissolveChat(chatId: string): void {
    this.chatOrThrow(chatId).dissolved = true;
  }
  /** The user has left the company: direct sends fail with 230013. */
  resignUser(openId: string): void {
    const u = this.state.users.get(openId);
    if (!u) throw new Error(`fake: unknown user ${openId}`);
    u.resigned = true;
  }
  chat(chatId: string): FakeChat | undefined {
    return this.state.chats.get(chatId);
  }
  user(openId: string): FakeUser | undefined {
    return this.state.users.get(openId);
  }

  /** A text message a person sent (in a group, or to the bot directly), so the bot can reply to its id. */
  userMessage(from: string, where: { chatId: string } | { p2p: true }, text: string): FakeMessage {
    const p2p = "p2p" in where;
    return this.state.createMessage({
      sender: { openId: from },
      chatId: p2p ? this.state.p2pChatId(from) : where.chatId,
      chatType: p2p ? "p2p" : "group",
      openId: p2p ? from : undefined,
      msgType: "text",
      content: JSON.stringify({ text }),
      text,
    });
  }

  /** A file a person sends (in a group, or to the bot directly): a file message the resource API answers. */
  userFile(
    from: string,
    where: { chatId: string } | { p2p: true },
    fileName: string,
    bytes: Uint8Array,
  ): FakeMessage {
    const fileKey = this.state.nextId("file_v3_");
    return this.userResource(from, where, {
      msgType: "file",
      content: { file_key: fileKey, file_name: fileName },
      file: { fileKey, fileName, fileType: "stream", size: bytes.length, bytes },
    });
  }

  /** A photo a person sends: an image message ({"image_key"}) the resource API answers with type=image. */
  userImage(from: string, where: { chatId: string } | { p2p: true }, bytes: Uint8Array): FakeMessage {
    const imageKey = this.state.nextId("img_v3_");
    return this.userResource(from, where, {
      msgType: "image",
      content: { image_key: imageKey },
      file: { fileKey: imageKey, fileName: "", fileType: "image", size: bytes.length, bytes, image: true },
    });
  }

  /** A person's file or image message, and the resource it carries (answered only for that message). */
  private userResource(
    from: string,
    where: { chatId: string } | { p2p: true },
    sent: { msgType: "file" | "image"; content: Record<string, string>; file: Omit<FakeFile, "messageId"> },
  ): FakeMessage {
    const p2p = "p2p" in where;
    const message = this.state.createMessage({
      sender: { openId: from },
      chatId: p2p ? this.state.p2pChatId(from) : where.chatId,
      chatType: p2p ? "p2p" : "group",
      openId: p2p ? from : undefined,
      msgType: sent.msgType,
      content: JSON.stringify(sent.content),
      ...(sent.msgType === "file" ? { fileKey: sent.file.fileKey } : {}),
    });
    this.state.files.set(sent.file.fileKey, { ...sent.file, messageId: message.messageId });
    return message;
  }

  /** Whether the app holds 获取群组中所有消息 (im:message.group_msg): without it, group messages cannot be read back. */
  grantGroupMessages(granted: boolean): void {
    this.state.groupMessagesReadable = granted;
  }

  /** The `token` a card.action.trigger callback carries for this message (30 min, 2 delayed updates). */
  issueCardToken(messageId: string): string {
    return this.state.issueCardToken(messageId);
  }

  // ---- tokens -------------------------------------------------------------------------------------------

  /** Every tenant_access_token issued so far dies: the next call with one gets 99991663. */
  expireTokens(): void {
    this.state.tokens.clear();
  }
  /** How many distinct tenant_access_tokens the token endpoint issued. */
  get tokensIssued(): number {
    return this.state.tokensIssued;
  }

  // ---- faults -------------------------------------------------------------------------------------------

  /** Injects a fault on an endpoint ("*" = any): for the next `times` calls and/or a `rate` share of them. */
  inject(endpoint: Endpoint | "*", fault: Fault, opts: FaultOptions = {}): { remove(): void } {
    return this.faults.add(endpoint, fault, opts);
  }
  clearFaults(): void {
    this.faults.clear();
  }

  // ---- what happened ------------------------------------------------------------------------------------

  /** Every call in arrival order (optionally one endpoint's), with what the fake answered. */
  calls(endpoint?: Endpoint): RecordedCall[] {
    return endpoint ? this.recorded.filter((c) => c.endpoint === endpoint) : [...this.recorded];
  }

  /** Messages the bot created (send and reply; a repeated uuid creates none), in order, filtered. */
  sent(filter: SentFilter = {}): FakeMessage[] {
    return this.state.messageList.filter(
      (m) =>
        m.sender === "bot" &&
        (filter.chatId === undefined || (m.chatType === "group" && m.chatId === filter.chatId)) &&
        (filter.openId === undefined || (m.chatType === "p2p" && m.openId === filter.openId)) &&
        (filter.uuid === undefined || m.uuid === filter.uuid) &&
        (filter.msgType === undefined || m.msgType === filter.msgType) &&
        (filter.parentId === undefined || m.parentId === filter.parentId),
    );
  }

  /** Any message by id (the bot's or a person's), with its current card and its updates. */
  message(messageId: string): FakeMessage | undefined {
    return this.state.messages.get(messageId);
  }

  /** The card JSON of a message as it shows now (after patches and delayed updates). */
  cardOf(messageId: string): Record<string, unknown> | undefined {
    return this.state.messages.get(messageId)?.card as Record<string, unknown> | undefined;
  }

  /** A file a person attaches to message messageId: the resource API will answer it for that message. */
  attachFile(messageId: string, fileName: string, bytes: Uint8Array): string {
    const fileKey = this.state.nextId("file_v3_");
    this.state.files.set(fileKey, {
      fileKey,
      fileName,
      fileType: "stream",
      size: bytes.length,
      bytes,
      messageId,
    });
    return fileKey;
  }

  /** Uploaded files by key. */
  file(fileKey: string): FakeFile | undefined {
    return this.state.files.get(fileKey);
  }
  files(): FakeFile[] {
    return [...this.state.files.values()];
  }

  /**
   * The most calls the bot made within any window (default 1 s) for one key: "app" (all calls),
   * "chat" / "user" (send and reply per group chat / per user), "message" (patches per message).
   */
  peakRate(
    scope: PeakScope,
    opts: { windowMs?: number; endpoints?: Endpoint[] } = {},
  ): { peak: number; key: string | undefined } {
    return peakRate(this.recorded, this.state.messages, scope, opts);
  }

  /** Resolves when the condition holds (polling), or rejects after timeoutMs. */
  async waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > until) throw new Error(`fake: condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Forgets calls, messages, files, card tokens and faults; keeps users, chats and tokens. */
  reset(): void {
    this.recorded.length = 0;
    this.state.messages.clear();
    this.state.messageList.length = 0;
    this.state.files.clear();
    this.state.byUuid.clear();
    this.state.cardTokens.clear();
    this.faults.clear();
  }

  // ---- internals ----------------------------------------------------------------------------------------

  private chatOrThrow(chatId: string): FakeChat {
    const chat = this.state.chats.get(chatId);
    if (!chat) throw new Error(`fake: unknown chat ${chatId}`);
    return chat;
  }
}
