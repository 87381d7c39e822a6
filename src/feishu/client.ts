import { Client, Domain, LoggerLevel, withTenantToken } from "@larksuiteoapi/node-sdk";
import type { Logger } from "../kernel/logger";
import type { CardRef, OutMessage, Recipient } from "../kernel/messages";
import { type Messenger, MessengerError, type Person } from "../kernel/messenger";
import { renderCard } from "./cards";
import { toMessengerError, USER_NOT_FOUND } from "./errors";
import { createFetchHttp } from "./http";
import { TenantTokenSource } from "./token";

/**
 * The Messenger port over the SDK Client (@larksuiteoapi/node-sdk): the SDK builds each Open API request;
 * a fetch transport (http.ts) sends it with a timeout; TenantTokenSource (token.ts) supplies the
 * tenant_access_token, refreshed once and retried once when Feishu answers 99991663.
 * Web-standard only (fetch, WebCrypto, atob), so it runs on Workers as well.
 */

export interface FeishuMessengerOptions {
  appId: string;
  appSecret: string;
  /** FEISHU_DOMAIN: "feishu", "lark", or a base URL (tests point it at the fake Open Platform). */
  domain: string;
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: Logger;
  now?: () => number;
}

export interface FeishuMessenger extends Messenger {
  /** Uploads a file (POST /open-apis/im/v1/files) and returns its file_key. */
  uploadFile(fileName: string, fileType: FileType, bytes: Uint8Array): Promise<string>;
  readonly client: Client;
  readonly tokens: TenantTokenSource;
}

/** The SDK's per-call options (headers carrying the token); its type is not exported. */
type IRequestOptions = ReturnType<typeof withTenantToken>;

type FileType = "opus" | "mp4" | "pdf" | "doc" | "xls" | "ppt" | "stream";

/** FEISHU_DOMAIN as the SDK's `domain`: the Domain enum for the two public clouds, else the URL. */
export function sdkDomain(domain: string): Domain | string {
  if (domain === "feishu") return Domain.Feishu;
  if (domain === "lark") return Domain.Lark;
  return domain.replace(/\/+$/, "");
}

/** Feishu's uuid is at most 50 characters: longer outbox keys become a readable prefix plus a SHA-256 digest. */
export async function feishuUuid(key: string): Promise<string> {
  if (key.length <= 50) return key;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${key.slice(0, 17)}~${hex.slice(0, 32)}`;
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function sdkLogger(logger: Logger | undefined) {
  // The SDK logs every failed request at error level; we classify and log failures ourselves, so its
  // lines go to debug.
  const log = (...msg: unknown[]) => logger?.debug({ sdk: msg.map(String).join(" ") }, "lark sdk");
  return { error: log, warn: log, info: log, debug: log, trace: log };
}

export function createFeishuMessenger(opts: FeishuMessengerOptions): FeishuMessenger {
  const http = createFetchHttp({ timeoutMs: opts.timeoutMs, fetch: opts.fetch });
  const client = new Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: sdkDomain(opts.domain),
    httpInstance: http,
    disableTokenCache: true,
    loggerLevel: LoggerLevel.error,
    logger: sdkLogger(opts.logger),
  });
  const tokens = new TenantTokenSource(
    http,
    client.domain.replace(/\/+$/, ""),
    opts.appId,
    opts.appSecret,
    opts.now,
  );

  /** One Open API call: with the current token; on 99991663 the token is refreshed once and the call retried once. */
  async function call<T>(operation: string, fn: (auth: IRequestOptions) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await tokens.get();
      } catch (err) {
        throw toMessengerError(err, `${operation} (tenant_access_token)`);
      }
      try {
        return await fn(withTenantToken(token));
      } catch (err) {
        const e = toMessengerError(err, operation);
        if (e.reason === "token" && attempt === 0) {
          opts.logger?.info({ operation, code: e.detail.code }, "feishu: token refused, refreshing once");
          tokens.invalidate(token);
          continue;
        }
        throw e;
      }
    }
  }

  async function uploadFile(fileName: string, fileType: FileType, bytes: Uint8Array): Promise<string> {
    const res = await call("upload file", (auth) =>
      client.im.file.create(
        // The SDK types `file` as a Node Buffer; our fetch transport takes any Uint8Array (Workers has no Buffer).
        { data: { file_type: fileType, file_name: fileName, file: bytes as unknown as Buffer } },
        auth,
      ),
    );
    if (!res?.file_key) throw new MessengerError("transient", "upload file: answer without file_key");
    return res.file_key;
  }

  async function content(message: OutMessage): Promise<{ msg_type: string; content: string }> {
    switch (message.type) {
      case "text":
        return { msg_type: "text", content: JSON.stringify({ text: message.text }) };
      case "card":
        return { msg_type: "interactive", content: JSON.stringify(renderCardOrFail(message.card)) };
      case "file": {
        const fileKey = await uploadFile(message.fileName, message.fileType, base64ToBytes(message.base64));
        return { msg_type: "file", content: JSON.stringify({ file_key: fileKey }) };
      }
    }
  }

  function messageIdOf(res: { data?: { message_id?: string } } | undefined, operation: string): string {
    const id = res?.data?.message_id;
    if (!id) throw new MessengerError("transient", `${operation}: answer without message_id`);
    return id;
  }

  return {
    client,
    tokens,
    uploadFile,

    async botInfo(): Promise<Person> {
      const res = await call("bot info", (auth) =>
        client.request<{ bot?: { open_id?: string; app_name?: string } }>(
          { method: "GET", url: "/open-apis/bot/v3/info" },
          auth,
        ),
      );
      if (!res?.bot?.open_id) throw new MessengerError("transient", "bot info: answer without open_id");
      return { openId: res.bot.open_id, name: res.bot.app_name ?? "" };
    },

    async send(to: Recipient, message: OutMessage, uuid: string) {
      const body = await content(message);
      const data = {
        ...body,
        receive_id: "chatId" in to ? to.chatId : to.openId,
        uuid: await feishuUuid(uuid),
      };
      const params = { receive_id_type: ("chatId" in to ? "chat_id" : "open_id") as "chat_id" | "open_id" };
      const res = await call("send", (auth) => client.im.message.create({ params, data }, auth));
      return { messageId: messageIdOf(res, "send") };
    },

    async reply(messageId: string, message: OutMessage, uuid: string, inThread?: boolean) {
      const body = await content(message);
      const data = { ...body, uuid: await feishuUuid(uuid), reply_in_thread: inThread ?? false };
      const res = await call("reply", (auth) =>
        client.im.message.reply({ path: { message_id: messageId }, data }, auth),
      );
      return { messageId: messageIdOf(res, "reply") };
    },

    async patchCard(messageId: string, card: CardRef) {
      const data = { content: JSON.stringify(renderCardOrFail(card)) };
      await call("patch card", (auth) =>
        client.im.message.patch({ path: { message_id: messageId }, data }, auth),
      );
    },

    async urgent(messageId: string, openIds: string[]) {
      const res = await call("urgent", (auth) =>
        client.im.message.urgentApp(
          {
            path: { message_id: messageId },
            params: { user_id_type: "open_id" },
            data: { user_id_list: openIds },
          },
          auth,
        ),
      );
      const invalid = res?.data?.invalid_user_id_list ?? [];
      if (invalid.length > 0) opts.logger?.warn({ messageId, invalid }, "feishu: urgent skipped some users");
    },

    async listChatMembers(chatId: string): Promise<Person[]> {
      const people: Person[] = [];
      const seenTokens = new Set<string>();
      let pageToken: string | undefined;
      for (;;) {
        const params = { member_id_type: "open_id" as const, page_size: 100, page_token: pageToken };
        const res = await call("list chat members", (auth) =>
          client.im.chatMembers.get({ path: { chat_id: chatId }, params }, auth),
        );
        for (const item of res?.data?.items ?? []) {
          if (item.member_id) people.push({ openId: item.member_id, name: item.name ?? "" });
        }
        const next = res?.data?.page_token;
        if (!res?.data?.has_more || !next || seenTokens.has(next)) return people;
        seenTokens.add(next);
        pageToken = next;
      }
    },

    async getUser(openId: string): Promise<Person | undefined> {
      try {
        const res = await call("get user", (auth) =>
          client.contact.user.get({ path: { user_id: openId }, params: { user_id_type: "open_id" } }, auth),
        );
        const user = res?.data?.user;
        return user ? { openId: user.open_id ?? openId, name: user.name ?? "" } : undefined;
      } catch (err) {
        if (
          err instanceof MessengerError &&
          err.detail.code !== undefined &&
          USER_NOT_FOUND.has(err.detail.code)
        )
          return undefined;
        throw err;
      }
    },
  };
}

function renderCardOrFail(card: CardRef): Record<string, unknown> {
  try {
    return renderCard(card);
  } catch (err) {
    // A card that cannot be rendered (unknown template, over 30 KB) will not render on retry either.
    throw new MessengerError("permanent", `render card ${card.template}: ${(err as Error).message}`);
  }
}
