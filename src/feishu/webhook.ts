import type { Context } from "hono";
import { Hono } from "hono";
import type { Clock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { FeishuCrypto } from "./crypto";
import { envelopeSchema, legacyEventSchema } from "./envelopes";
import type { Inbound } from "./inbound";
import { type FeishuSecrets, verifyRequest } from "./verify";

/**
 * POST /feishu/webhook: Feishu events, URL verification and card.action.trigger callbacks.
 *
 * Answers (JSON, always with a message): 200 ack / {challenge} / card answer; 400 malformed JSON or envelope;
 * 401 bad signature, token, or stale timestamp; 413 body over 1 MB; 503 database down or bot not ready (Feishu
 * retries). Nothing is recorded or run before the request is verified.
 */

export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookOptions {
  secrets: FeishuSecrets;
  clock: Clock;
  logger: Logger;
  /** Undefined until a BotHandler is wired: events are then refused with 503 (Feishu retries), URL verification works. */
  inbound: Inbound | undefined;
  maxBodyBytes?: number;
  /** node:crypto on Node (injected by the entry); WebCrypto otherwise. */
  crypto?: FeishuCrypto;
}

export function webhookRoutes(opts: WebhookOptions): Hono {
  const app = new Hono();
  const max = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = opts.logger.child({ route: "feishu.webhook" });

  app.post("/feishu/webhook", async (c) => {
    const raw = await readLimited(c.req.raw, max);
    if (raw === "too_large") {
      log.warn({ limit: max }, "body too large");
      return fail(c, 413, `body larger than ${max} bytes`);
    }
    const verified = await verifyRequest(
      raw,
      {
        timestamp: c.req.header("x-lark-request-timestamp"),
        nonce: c.req.header("x-lark-request-nonce"),
        signature: c.req.header("x-lark-signature"),
      },
      opts.secrets,
      opts.clock.now(),
      opts.crypto,
    );
    if (verified.kind === "reject") {
      log.warn({ status: verified.status, error: verified.error }, "request refused");
      return fail(c, verified.status, verified.error);
    }
    if (verified.kind === "challenge") {
      log.info("url verification answered");
      return c.json({ challenge: verified.challenge });
    }

    const body = verified.body;
    if (!("schema" in body) && legacyEventSchema.safeParse(body).success) {
      log.info({ uuid: body.uuid }, "schema 1.0 event ignored; subscribe to 2.0 events");
      return c.json({ ok: true, ignored: "schema 1.0 events are not handled" });
    }
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) {
      const issue = envelope.error.issues[0];
      const error = `not a Feishu schema 2.0 envelope: ${issue?.path.join(".") || "body"} ${issue?.message ?? ""}`;
      log.warn({ error }, "request refused");
      return fail(c, 400, error.trim());
    }
    if (!opts.inbound) {
      log.warn(
        { eventType: envelope.data.header.event_type },
        "no bot handler wired; asking Feishu to retry",
      );
      return fail(c, 503, "bot not ready; retry later");
    }
    try {
      const result = await opts.inbound.dispatch(envelope.data);
      return c.json(result.body, result.status);
    } catch (err) {
      log.error({ eventId: envelope.data.header.event_id, err: String(err) }, "dispatch failed");
      return c.json({ error: "internal error; retry later" }, 500);
    }
  });

  app.all("/feishu/webhook", (c) => fail(c, 405, "use POST"));
  return app;
}

function fail(c: Context, status: 400 | 401 | 405 | 413 | 503, error: string) {
  return c.json({ error }, status);
}

/** Reads the body, refusing it as soon as Content-Length or the bytes actually read pass `max`. */
export async function readLimited(req: Request, max: number): Promise<Uint8Array | "too_large"> {
  const header = req.headers.get("content-length");
  const declared = header === null ? Number.NaN : Number(header);
  if (declared > max) return "too_large";
  if (Number.isInteger(declared) && declared >= 0) {
    // HTTP framing bounds the body to Content-Length; arrayBuffer() is the servers' fast path. Checked again anyway.
    const buf = new Uint8Array(await req.arrayBuffer());
    return buf.byteLength > max ? "too_large" : buf;
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return "too_large";
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
