import { type FeishuCrypto, toHex, webCrypto } from "./crypto";
import { DecryptError, decryptEvent } from "./decrypt";

/**
 * Verification of one webhook request, as pure functions over the raw body bytes, the headers and an injected
 * `now` (no effect, no I/O). Order: parse → signature (Encrypt Key set) → decrypt → Verification Token →
 * freshness. URL verification carries no signature headers: it passes on its token alone and has no effect.
 *
 * Freshness window: we could not confirm from Feishu's documentation whether a retry (15 s, 5 min, 1 h, 6 h
 * after the first push, ≈7.1 h in all) carries a fresh X-Lark-Request-Timestamp or the original one. Rejecting
 * a genuine late retry would lose the event, so the window accepts timestamps up to 8 h old (and 5 min ahead,
 * for clock skew). Replays inside the window are stopped by the event_id dedup, whose records are kept far
 * longer (30 days), so window + dedup leave no gap.
 */

export interface FeishuSecrets {
  verificationToken: string | undefined;
  encryptKey: string | undefined;
}

export interface SignatureHeaders {
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
}

export const FRESHNESS_PAST_MS = 8 * 60 * 60 * 1000;
export const FRESHNESS_FUTURE_MS = 5 * 60 * 1000;

export type VerifyResult =
  | { kind: "challenge"; challenge: string }
  | { kind: "payload"; body: Record<string, unknown> }
  | { kind: "reject"; status: 400 | 401 | 503; error: string };

const reject = (status: 400 | 401 | 503, error: string): VerifyResult => ({ kind: "reject", status, error });

export async function verifyRequest(
  rawBody: Uint8Array,
  headers: SignatureHeaders,
  secrets: FeishuSecrets,
  now: Date,
  c: FeishuCrypto = webCrypto,
): Promise<VerifyResult> {
  const { verificationToken, encryptKey } = secrets;
  if (!verificationToken && !encryptKey)
    return reject(
      503,
      "webhook not configured: set FEISHU_VERIFICATION_TOKEN and/or FEISHU_ENCRYPT_KEY to accept Feishu requests",
    );

  const outer = parseObject(rawBody);
  if (typeof outer === "string") return reject(400, outer);

  const signed = encryptKey !== undefined && headers.signature !== undefined;
  if (signed) {
    if (!headers.timestamp || !headers.nonce)
      return reject(
        401,
        "X-Lark-Request-Timestamp and X-Lark-Request-Nonce are required with X-Lark-Signature",
      );
    const ok = await verifySignature(
      rawBody,
      headers.timestamp,
      headers.nonce,
      encryptKey,
      headers.signature ?? "",
      c,
    );
    if (!ok) return reject(401, "signature mismatch");
    const fresh = checkFreshness(secondsToDate(headers.timestamp), now);
    if (fresh) return reject(401, `X-Lark-Request-Timestamp ${fresh}`);
  }

  let body = outer;
  if (typeof outer.encrypt === "string") {
    if (!encryptKey) return reject(400, "body is encrypted but FEISHU_ENCRYPT_KEY is not set");
    let plain: string;
    try {
      plain = await decryptEvent(encryptKey, outer.encrypt, c);
    } catch (err) {
      return reject(401, err instanceof DecryptError ? err.message : "cannot decrypt");
    }
    const inner = parseJsonObject(plain);
    if (typeof inner === "string") return reject(400, `decrypted ${inner}`);
    body = inner;
  }

  if (verificationToken && !tokenMatches(verificationToken, tokenOf(body)))
    return reject(401, "verification token mismatch");

  if (body.type === "url_verification") {
    if (typeof body.challenge !== "string") return reject(400, "url_verification without a challenge");
    return { kind: "challenge", challenge: body.challenge };
  }

  if (encryptKey && !signed) return reject(401, "X-Lark-Signature is required when an Encrypt Key is set");
  if (!encryptKey) {
    // Token-only mode signs nothing, so the body's own time is the only freshness evidence: schema 2.0 events
    // and callbacks carry header.create_time, schema 1.0 events carry ts. A body without one could be a
    // replay of any age, so it is refused rather than waved through.
    const fresh = checkFreshness(bodyTime(body), now);
    if (fresh) return reject(401, `event time (header.create_time or ts) ${fresh}`);
  }
  return { kind: "payload", body };
}

/** hex(sha256(timestamp + nonce + encryptKey + rawBody)) compared in constant time. */
export async function verifySignature(
  rawBody: Uint8Array,
  timestamp: string,
  nonce: string,
  encryptKey: string,
  signature: string,
  c: FeishuCrypto = webCrypto,
): Promise<boolean> {
  return constantTimeEqual(
    await signatureOf(rawBody, timestamp, nonce, encryptKey, c),
    signature.toLowerCase(),
  );
}

export async function signatureOf(
  rawBody: Uint8Array,
  timestamp: string,
  nonce: string,
  encryptKey: string,
  c: FeishuCrypto = webCrypto,
): Promise<string> {
  if (c.sha256Hex) return c.sha256Hex([timestamp + nonce + encryptKey, rawBody]);
  const prefix = new TextEncoder().encode(timestamp + nonce + encryptKey);
  const data = new Uint8Array(prefix.length + rawBody.length);
  data.set(prefix, 0);
  data.set(rawBody, prefix.length);
  return toHex(await c.sha256(data));
}

/** Undefined when `at` lies within [now - 8 h, now + 5 min]; otherwise why not. */
export function checkFreshness(at: Date | undefined, now: Date): string | undefined {
  if (!at) return "is missing or not a number";
  const age = now.getTime() - at.getTime();
  if (age > FRESHNESS_PAST_MS) return "is too old (more than 8 h)";
  if (age < -FRESHNESS_FUTURE_MS) return "is in the future (more than 5 min)";
  return undefined;
}

export function tokenMatches(expected: string, given: unknown): boolean {
  return typeof given === "string" && constantTimeEqual(expected, given);
}

/**
 * Compares two strings without an early exit on the first difference. UTF-16 code units are compared as they
 * are: equal strings have equal units, and encoding both to bytes first cost two allocations per comparison.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  // charCodeAt past the end is NaN, which `| 0` turns into 0.
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** Schema 2.0 events and card callbacks carry header.token; URL verification and 1.0 events carry token. */
function tokenOf(body: Record<string, unknown>): unknown {
  const header = body.header;
  if (header && typeof header === "object" && "token" in header) return (header as { token: unknown }).token;
  return body.token;
}

/** header.create_time (schema 2.0) or ts (schema 1.0, seconds with a fraction); undefined when neither parses. */
function bodyTime(body: Record<string, unknown>): Date | undefined {
  const header = body.header;
  if (header && typeof header === "object" && "create_time" in header)
    return feishuTime((header as { create_time: unknown }).create_time);
  if (typeof body.ts === "string" && /^\d{1,12}(\.\d{1,9})?$/.test(body.ts))
    return new Date(Math.floor(Number(body.ts) * 1000));
  return undefined;
}

function secondsToDate(s: string | undefined): Date | undefined {
  if (!s || !/^\d{1,12}$/.test(s)) return undefined;
  return new Date(Number(s) * 1000);
}

/** Feishu times come in seconds, milliseconds (events) or microseconds (card callbacks), as strings. */
export function feishuTime(v: unknown): Date | undefined {
  const n = typeof v === "string" && /^\d{1,20}$/.test(v) ? Number(v) : typeof v === "number" ? v : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n >= 1e14) return new Date(Math.floor(n / 1000));
  if (n >= 1e11) return new Date(n);
  return new Date(n * 1000);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function parseObject(bytes: Uint8Array): Record<string, unknown> | string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return "body is not UTF-8";
  }
  return parseJsonObject(text);
}

function parseJsonObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "body is not valid JSON";
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return "body is not a JSON object";
  return value as Record<string, unknown>;
}
