import type { Hono } from "hono";
import { systemClock } from "../kernel/clock";

/**
 * Sends Feishu-shaped requests to duban's real webhook route, built, encrypted and signed exactly as the Open
 * Platform does: the envelope (schema 2.0) → with an Encrypt Key, {"encrypt": base64(IV ‖ AES-256-CBC(PKCS7))}
 * with key SHA-256(Encrypt Key) and a random IV → headers X-Lark-Request-Timestamp (seconds), X-Lark-Request-Nonce,
 * X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + body)). URL verification goes unsigned.
 */

export interface Envelope {
  schema: "2.0";
  header: {
    event_id: string;
    event_type: string;
    create_time: string;
    token: string;
    app_id: string;
    tenant_key: string;
  };
  event: Record<string, unknown>;
}

export interface SenderConfig {
  verificationToken?: string;
  encryptKey?: string;
  appId?: string;
  /** The bot's open_id and name, used for `mentionBot`. */
  botOpenId?: string;
  botName?: string;
  now?: () => Date;
}

/** An app (app.request) or the base URL of a real server. */
export type Target = Pick<Hono, "request"> | string;

export interface EncodeOptions {
  /** Sign (default: when an Encrypt Key is set and the payload is not a URL verification). */
  sign?: boolean;
  /** Encrypt (default: when an Encrypt Key is set). */
  encrypt?: boolean;
  timestamp?: string;
  nonce?: string;
  /** Replace the computed signature (forgeries). */
  signature?: string;
  /** Sign with this key instead of the configured one (forgeries). */
  signWith?: string;
}

export interface Encoded {
  body: string;
  headers: Record<string, string>;
}

/** The bot as the tests know it; the playground passes its own. */
export const TEST_BOT = { openId: "ou_bot00000000000000000000000000000", name: "督办助手" };

/** Builds, encrypts, signs and posts events exactly as the Open Platform does (see the top of this file). */
export function createEventSender(cfg: SenderConfig = {}) {
  const now = cfg.now ?? (() => systemClock.now());
  const appId = cfg.appId ?? "cli_a1b2c3d4e5f60718";
  const botOpenId = cfg.botOpenId ?? TEST_BOT.openId;

  function envelope(eventType: string, event: Record<string, unknown>, createTime?: string): Envelope {
    return {
      schema: "2.0",
      header: {
        event_id: randomHex(16),
        event_type: eventType,
        create_time: createTime ?? String(now().getTime()),
        token: cfg.verificationToken ?? "",
        app_id: appId,
        tenant_key: "2ca1d211f64f6438",
      },
      event,
    };
  }

  const userIds = (openId: string) => ({ open_id: openId, union_id: `on_${openId.slice(3)}`, user_id: "" });

  return {
    /**
     * A text message. `text` may contain Feishu mention keys (@_user_2 …) for `mentions`; mentionBot prefixes
     * the bot's own mention (@_user_1).
     */
    message(opts: {
      text: string;
      chatType?: "group" | "p2p";
      chatId?: string;
      sender?: string;
      senderType?: string;
      mentionBot?: boolean;
      mentions?: Array<{ openId: string; name: string }>;
      messageType?: string;
      content?: string;
      /** The message this one replies to. */
      parentId?: string;
    }): Envelope {
      const mentions = [
        ...(opts.mentionBot
          ? [{ key: "@_user_1", id: userIds(botOpenId), name: cfg.botName ?? TEST_BOT.name }]
          : []),
        ...(opts.mentions ?? []).map((m, i) => ({
          key: `@_user_${i + (opts.mentionBot ? 2 : 1)}`,
          id: userIds(m.openId),
          name: m.name,
        })),
      ].map((m) => ({ ...m, tenant_key: "2ca1d211f64f6438" }));
      const text = opts.mentionBot ? `@_user_1 ${opts.text}` : opts.text;
      return envelope("im.message.receive_v1", {
        sender: {
          sender_id: userIds(opts.sender ?? "ou_84aad35d084aa403a838cf73ee18467"),
          sender_type: opts.senderType ?? "user",
          tenant_key: "2ca1d211f64f6438",
        },
        message: {
          message_id: `om_${randomHex(16)}`,
          root_id: "",
          parent_id: opts.parentId ?? "",
          create_time: String(now().getTime()),
          chat_id: opts.chatId ?? "oc_5ce6d572455d361153b7xx51da133945",
          chat_type: opts.chatType ?? "group",
          message_type: opts.messageType ?? "text",
          content: opts.content ?? JSON.stringify({ text }),
          mentions,
        },
      });
    },

    botAdded(opts: { chatId: string; chatName: string; operator?: string }): Envelope {
      return envelope("im.chat.member.bot.added_v1", {
        chat_id: opts.chatId,
        operator_id: opts.operator ? userIds(opts.operator) : undefined,
        external: false,
        name: opts.chatName,
      });
    },

    botRemoved(opts: { chatId: string }): Envelope {
      return envelope("im.chat.member.bot.deleted_v1", { chat_id: opts.chatId, external: false });
    },

    usersAdded(opts: { chatId: string; users: Array<{ openId: string; name: string }> }): Envelope {
      return envelope("im.chat.member.user.added_v1", {
        chat_id: opts.chatId,
        users: opts.users.map((u) => ({ name: u.name, tenant_key: "t", user_id: userIds(u.openId) })),
      });
    },

    usersRemoved(opts: {
      chatId: string;
      users: Array<{ openId: string; name: string }>;
      reason: "deleted" | "withdrawn";
    }): Envelope {
      return envelope(`im.chat.member.user.${opts.reason}_v1`, {
        chat_id: opts.chatId,
        users: opts.users.map((u) => ({ name: u.name, tenant_key: "t", user_id: userIds(u.openId) })),
      });
    },

    chatDisbanded(opts: { chatId: string }): Envelope {
      return envelope("im.chat.disbanded_v1", { chat_id: opts.chatId, external: false });
    },

    /** card.action.trigger, callback schema 2.0 (create_time in microseconds, as Feishu sends it). */
    cardAction(opts: {
      operator: string;
      value: Record<string, unknown> | string;
      formValue?: Record<string, unknown>;
      tag?: string;
      name?: string;
      option?: string;
      chatId?: string;
      messageId?: string;
    }): Envelope {
      return envelope(
        "card.action.trigger",
        {
          operator: { tenant_key: "t", open_id: opts.operator, union_id: `on_${opts.operator.slice(3)}` },
          token: `c-${randomHex(20)}`,
          action: {
            value: opts.value,
            tag: opts.tag ?? "button",
            ...(opts.formValue ? { form_value: opts.formValue } : {}),
            ...(opts.name ? { name: opts.name } : {}),
            ...(opts.option ? { option: opts.option } : {}),
          },
          host: "im_message",
          context: {
            open_message_id: opts.messageId ?? `om_${randomHex(16)}`,
            open_chat_id: opts.chatId ?? "oc_5ce6d572455d361153b7xx51da133945",
          },
        },
        `${now().getTime()}000`,
      );
    },

    urlVerification(challenge: string, token = cfg.verificationToken ?? ""): Record<string, unknown> {
      return { challenge, token, type: "url_verification" };
    },

    /** The body and headers Feishu would send for this payload (an object, or a raw string sent as is). */
    async encode(payload: unknown, opts: EncodeOptions = {}): Promise<Encoded> {
      const isChallenge =
        typeof payload === "object" &&
        payload !== null &&
        (payload as { type?: unknown }).type === "url_verification";
      const key = cfg.encryptKey;
      let body = typeof payload === "string" ? payload : JSON.stringify(payload);
      if (key && (opts.encrypt ?? typeof payload !== "string"))
        body = JSON.stringify({ encrypt: await encryptBody(key, body) });
      const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
      const signKey = opts.signWith ?? key;
      if (signKey && (opts.sign ?? !isChallenge)) {
        const timestamp = opts.timestamp ?? String(Math.floor(now().getTime() / 1000));
        const nonce = opts.nonce ?? randomHex(8);
        headers["x-lark-request-timestamp"] = timestamp;
        headers["x-lark-request-nonce"] = nonce;
        headers["x-lark-signature"] = opts.signature ?? (await sign(timestamp, nonce, signKey, body));
      }
      return { body, headers };
    },

    /** Encodes and POSTs to /feishu/webhook of `target`. */
    async post(target: Target, payload: unknown, opts: EncodeOptions = {}): Promise<Response> {
      const { body, headers } = await this.encode(payload, opts);
      return postRaw(target, body, headers);
    },
  };
}

export async function postRaw(
  target: Target,
  body: BodyInit,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<Response> {
  const init: RequestInit = { method: "POST", body, headers };
  if (typeof target === "string") return fetch(`${target}/feishu/webhook`, init);
  return target.request("/feishu/webhook", init);
}

/** Feishu's encryption: base64(IV ‖ AES-256-CBC(key = SHA-256(encryptKey), PKCS7)), random IV. */
export async function encryptBody(encryptKey: string, plain: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(encryptKey));
  const key = await crypto.subtle.importKey("raw", digest, { name: "AES-CBC" }, false, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-CBC", iv }, key, new TextEncoder().encode(plain)),
  );
  const all = new Uint8Array(16 + cipher.length);
  all.set(iv, 0);
  all.set(cipher, 16);
  return Buffer.from(all).toString("base64");
}

export async function sign(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  body: string,
): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(timestamp + nonce + encryptKey + body),
  );
  return Buffer.from(digest).toString("hex");
}

function randomHex(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");
}
