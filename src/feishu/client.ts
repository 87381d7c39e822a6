import type { Logger } from "../kernel/logger";
import type { CardRef, OutMessage, Recipient } from "../kernel/messages";
import { type Messenger, MessengerError, type Person } from "../kernel/messenger";
import { seg } from "./call";
import { renderCard } from "./cards";
import { toMessengerError } from "./errors";
import { textLiteral } from "./escape";
import { base64ToBytes, createFileTransfer, type FileType } from "./files";
import { createFetchHttp } from "./http";
import { createMessageReads } from "./message-reads";
import { createPeopleReads } from "./people";
import { TenantTokenSource } from "./token";

/**
 * The Messenger port over Feishu's Open API: each call is one REST request (the paths and bodies of the SDK's
 * own methods) sent by a fetch transport (http.ts) with a timeout. The SDK itself is not loaded: it is most of
 * the Workers bundle and tens of MB of a process's memory, for eight URLs. TenantTokenSource (token.ts) supplies the
 * tenant_access_token, refreshed once and retried once when Feishu answers 99991663.
 * Web-standard only (fetch, WebCrypto, atob), so it runs on Workers as well. Its parts: files.ts (upload and
 * download), people.ts (chat members, users), message-reads.ts (reading messages back); sending stays here.
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
  readonly tokens: TenantTokenSource;
}

/** FEISHU_DOMAIN as the Open Platform's base URL (the SDK's Domain enum stands for these same two URLs). */
export function sdkDomain(domain: string): string {
  if (domain === "feishu") return "https://open.feishu.cn";
  if (domain === "lark") return "https://open.larksuite.com";
  return domain.replace(/\/+$/, "");
}

/** Feishu's uuid is at most 50 characters: longer outbox keys become a readable prefix plus a SHA-256 digest. */
export async function feishuUuid(key: string): Promise<string> {
  if (key.length <= 50) return key;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${key.slice(0, 17)}~${hex.slice(0, 32)}`;
}

export function createFeishuMessenger(opts: FeishuMessengerOptions): FeishuMessenger {
  const http = createFetchHttp({ timeoutMs: opts.timeoutMs, fetch: opts.fetch });
  const base = sdkDomain(opts.domain);
  /** One Open API request with the tenant token; answers the JSON body (http.ts throws on a non-zero code). */
  function api<T>(
    token: string,
    method: "GET" | "POST" | "PATCH",
    path: string,
    req: { params?: Record<string, unknown>; data?: unknown; multipart?: boolean } = {},
  ): Promise<T> {
    return http.request<T>({
      method,
      url: `${base}${path}`,
      params: req.params,
      data: req.data,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(req.multipart ? { "content-type": "multipart/form-data" } : {}),
      },
    });
  }
  const tokens = new TenantTokenSource(http, sdkDomain(opts.domain), opts.appId, opts.appSecret, opts.now);

  /** One Open API call: with the current token; on 99991663 the token is refreshed once and the call retried once. */
  async function call<T>(operation: string, fn: (token: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await tokens.get();
      } catch (err) {
        throw toMessengerError(err, `${operation} (tenant_access_token)`);
      }
      try {
        return await fn(token);
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

  const { uploadFile, downloadFile } = createFileTransfer(call, api, base, opts);

  async function content(message: OutMessage): Promise<{ msg_type: string; content: string }> {
    switch (message.type) {
      case "text":
        return { msg_type: "text", content: JSON.stringify({ text: textLiteral(message.text) }) };
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
    tokens,
    uploadFile,
    downloadFile,
    ...createMessageReads(call, api, seg),
    ...createPeopleReads(call, api),

    async warmUp() {
      await tokens.get();
    },

    async botInfo(): Promise<Person> {
      const res = await call("bot info", (token) =>
        api<{ bot?: { open_id?: string; app_name?: string } }>(token, "GET", "/open-apis/bot/v3/info"),
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
      const res = await call("send", (token) =>
        api<MessageAnswer>(token, "POST", "/open-apis/im/v1/messages", { params, data }),
      );
      return { messageId: messageIdOf(res, "send") };
    },

    async reply(messageId: string, message: OutMessage, uuid: string, inThread?: boolean) {
      const body = await content(message);
      const data = { ...body, uuid: await feishuUuid(uuid), reply_in_thread: inThread ?? false };
      const res = await call("reply", (token) =>
        api<MessageAnswer>(token, "POST", `/open-apis/im/v1/messages/${seg(messageId)}/reply`, { data }),
      );
      return { messageId: messageIdOf(res, "reply") };
    },

    async patchCard(messageId: string, card: CardRef) {
      const data = { content: JSON.stringify(renderCardOrFail(card)) };
      await call("patch card", (token) =>
        api(token, "PATCH", `/open-apis/im/v1/messages/${seg(messageId)}`, { data }),
      );
    },

    async urgent(messageId: string, openIds: string[]) {
      const res = await call("urgent", (token) =>
        api<{ data?: { invalid_user_id_list?: string[] } }>(
          token,
          "PATCH",
          `/open-apis/im/v1/messages/${seg(messageId)}/urgent_app`,
          { params: { user_id_type: "open_id" }, data: { user_id_list: openIds } },
        ),
      );
      const invalid = res?.data?.invalid_user_id_list ?? [];
      if (invalid.length > 0) opts.logger?.warn({ messageId, invalid }, "feishu: urgent skipped some users");
    },
  };
}

type MessageAnswer = { data?: { message_id?: string } };

function renderCardOrFail(card: CardRef): Record<string, unknown> {
  try {
    return renderCard(card);
  } catch (err) {
    // A card that cannot be rendered (unknown template, over 30 KB) will not render on retry either.
    throw new MessengerError("permanent", `render card ${card.template}: ${(err as Error).message}`);
  }
}
