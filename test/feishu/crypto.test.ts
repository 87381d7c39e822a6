import { describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/entry/node-crypto";
import { webCrypto } from "../../src/feishu/crypto";
import { DecryptError, decryptEvent } from "../../src/feishu/decrypt";
import {
  checkFreshness,
  constantTimeEqual,
  feishuTime,
  signatureOf,
  verifyRequest,
  verifySignature,
} from "../../src/feishu/verify";
import { createEventSender, encryptBody, sign } from "../fakes/event-sender";

const enc = (s: string) => new TextEncoder().encode(s);

describe("decryption", () => {
  it("decrypts Feishu's published test vector, with WebCrypto and with node:crypto", async () => {
    const vector = "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=";
    for (const c of [webCrypto, nodeCrypto])
      expect(await decryptEvent("test key", vector, c)).toBe("hello world");
    await expect(decryptEvent("wrong key", vector, nodeCrypto)).rejects.toBeInstanceOf(DecryptError);
  });

  it("decrypts what the event sender encrypts with a random IV, Chinese included", async () => {
    const plain = JSON.stringify({ text: "市经信局 · 2022年6月 月调度" });
    const a = await encryptBody("k3y", plain);
    const b = await encryptBody("k3y", plain);
    expect(a).not.toBe(b); // random IV
    expect(await decryptEvent("k3y", a)).toBe(plain);
  });

  it("refuses a wrong key and garbage", async () => {
    const cipher = await encryptBody("right", "hello world, a longer message that spans blocks");
    await expect(decryptEvent("wrong", cipher)).rejects.toBeInstanceOf(DecryptError);
    await expect(decryptEvent("right", "not base64 !!")).rejects.toBeInstanceOf(DecryptError);
    await expect(decryptEvent("right", "AAAA")).rejects.toBeInstanceOf(DecryptError);
  });
});

describe("signature", () => {
  it("is checked over the raw bytes, so bodies that re-serialize differently still verify", async () => {
    const raw = '{ "encrypt" :  "abc",\n "extra": "空格 与 中文" }';
    const signature = await sign("1700000000", "n0nce", "key", raw);
    expect(await verifySignature(enc(raw), "1700000000", "n0nce", "key", signature)).toBe(true);
    // The SDK's own check would hash JSON.stringify(JSON.parse(raw)), which differs:
    expect(await signatureOf(enc(JSON.stringify(JSON.parse(raw))), "1700000000", "n0nce", "key")).not.toBe(
      signature,
    );
  });

  it("fails on any change of body, timestamp, nonce or key", async () => {
    const raw = '{"encrypt":"abc"}';
    const s = await sign("1", "n", "k", raw);
    expect(await verifySignature(enc('{"encrypt":"abd"}'), "1", "n", "k", s)).toBe(false);
    expect(await verifySignature(enc(raw), "2", "n", "k", s)).toBe(false);
    expect(await verifySignature(enc(raw), "1", "m", "k", s)).toBe(false);
    expect(await verifySignature(enc(raw), "1", "n", "j", s)).toBe(false);
  });

  it("compares without regard to where strings differ, and rejects different lengths", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("", "a")).toBe(false);
    expect(constantTimeEqual("令牌甲", "令牌甲")).toBe(true);
    expect(constantTimeEqual("令牌甲", "令牌乙")).toBe(false);
    // A string that is another's prefix padded with U+0000 is still a different string.
    expect(constantTimeEqual("ab", "ab\u0000")).toBe(false);
  });
});

describe("freshness window", () => {
  const now = new Date("2022-06-22T09:30:00+08:00");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it("accepts Feishu's last retry (≈7.1 h after the first push) and refuses older or future-dated requests", () => {
    expect(checkFreshness(ago(7.1 * 3600_000), now)).toBeUndefined();
    expect(checkFreshness(ago(8 * 3600_000 + 1000), now)).toMatch(/too old/);
    expect(checkFreshness(ago(-4 * 60_000), now)).toBeUndefined();
    expect(checkFreshness(ago(-6 * 60_000), now)).toMatch(/future/);
    expect(checkFreshness(undefined, now)).toMatch(/missing/);
  });

  it("reads Feishu times in seconds, milliseconds and microseconds", () => {
    const t = new Date("2022-06-22T01:30:00Z");
    expect(feishuTime(String(t.getTime() / 1000))?.toISOString()).toBe(t.toISOString());
    expect(feishuTime(String(t.getTime()))?.toISOString()).toBe(t.toISOString());
    expect(feishuTime(`${t.getTime()}000`)?.toISOString()).toBe(t.toISOString());
    expect(feishuTime("x")).toBeUndefined();
  });
});

describe("verifyRequest with an injected clock", () => {
  const now = new Date("2022-06-22T01:30:00Z");
  const secrets = { verificationToken: "vt", encryptKey: "ek" };
  const sender = createEventSender({ ...secrets, now: () => now });

  it("passes a signed, encrypted event and returns its plaintext (either crypto implementation)", async () => {
    const env = sender.message({ text: "/status", chatType: "p2p" });
    const { body, headers } = await sender.encode(env);
    for (const c of [webCrypto, nodeCrypto])
      expect(await verifyRequest(enc(body), hdr(headers), secrets, now, c)).toEqual({
        kind: "payload",
        body: env,
      });
    const forged = { ...hdr(headers), signature: "0".repeat(64) };
    expect(await verifyRequest(enc(body), forged, secrets, now, nodeCrypto)).toMatchObject({ status: 401 });
  });

  it("refuses the same request replayed 9 hours later", async () => {
    const { body, headers } = await sender.encode(sender.message({ text: "/status" }));
    const later = new Date(now.getTime() + 9 * 3600_000);
    expect(await verifyRequest(enc(body), hdr(headers), secrets, later)).toMatchObject({
      kind: "reject",
      status: 401,
    });
  });

  it("answers an encrypted URL verification without signature headers, checking its token", async () => {
    const ok = await sender.encode(sender.urlVerification("c1"));
    expect(ok.headers["x-lark-signature"]).toBeUndefined();
    expect(await verifyRequest(enc(ok.body), hdr(ok.headers), secrets, now)).toEqual({
      kind: "challenge",
      challenge: "c1",
    });
    const bad = await sender.encode(sender.urlVerification("c1", "other"));
    expect(await verifyRequest(enc(bad.body), hdr(bad.headers), secrets, now)).toMatchObject({ status: 401 });
  });

  it("token-only mode: refuses an event with no time of its own, a stale one, and accepts a fresh one", async () => {
    const tokenOnly = { verificationToken: "tok", encryptKey: undefined };
    const event = (header: Record<string, unknown>) =>
      enc(
        JSON.stringify({
          schema: "2.0",
          header: { event_id: "e1", event_type: "x", token: "tok", ...header },
        }),
      );
    const fresh = String(now.getTime());
    expect(await verifyRequest(event({ create_time: fresh }), hdr({}), tokenOnly, now)).toMatchObject({
      kind: "payload",
    });
    for (const header of [{}, { create_time: "" }, { create_time: "soon" }, { create_time: null }]) {
      expect(await verifyRequest(event(header), hdr({}), tokenOnly, now)).toMatchObject({
        kind: "reject",
        status: 401,
      });
    }
    const old = String(now.getTime() - 9 * 3600_000);
    expect(await verifyRequest(event({ create_time: old }), hdr({}), tokenOnly, now)).toMatchObject({
      status: 401,
    });
    // Schema 1.0 events carry their time as ts (seconds with a fraction) next to the token.
    const legacy = (ts?: string) =>
      enc(
        JSON.stringify({
          uuid: "u1",
          token: "tok",
          type: "event_callback",
          ...(ts ? { ts } : {}),
          event: {},
        }),
      );
    const seconds = `${Math.floor(now.getTime() / 1000)}.717`;
    expect(await verifyRequest(legacy(seconds), hdr({}), tokenOnly, now)).toMatchObject({ kind: "payload" });
    expect(await verifyRequest(legacy(), hdr({}), tokenOnly, now)).toMatchObject({ status: 401 });
    // URL verification has no time and no effect: it still passes on its token.
    const challenge = enc(JSON.stringify({ type: "url_verification", token: "tok", challenge: "c" }));
    expect(await verifyRequest(challenge, hdr({}), tokenOnly, now)).toEqual({
      kind: "challenge",
      challenge: "c",
    });
  });

  it("refuses everything when neither a token nor a key is configured", async () => {
    const r = await verifyRequest(
      enc("{}"),
      hdr({}),
      { verificationToken: undefined, encryptKey: undefined },
      now,
    );
    expect(r).toMatchObject({ kind: "reject", status: 503 });
  });
});

function hdr(h: Record<string, string>) {
  return {
    timestamp: h["x-lark-request-timestamp"],
    nonce: h["x-lark-request-nonce"],
    signature: h["x-lark-signature"],
  };
}
