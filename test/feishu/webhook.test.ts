import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-node";
import { escapeMarkdown } from "../../src/feishu/escape";
import { md } from "../../src/kernel/messages";
import { createApp } from "../../src/wiring/app";
import { postRaw } from "../fakes/event-sender";
import { describeDb } from "../helpers/db";
import { KEY, MODES, setupApp, TOKEN } from "./setup";

const CHAT = "oc_5ce6d572455d361153b7xx51da133945";

describeDb("POST /feishu/webhook", (ctx) => {
  for (const mode of MODES) {
    describe(`${mode.name} mode`, () => {
      it("the same event delivered 5 times has one effect; the others are acked as duplicates", async () => {
        const s = setupApp(ctx.database, mode);
        const env = s.sender.message({ text: "/status", mentionBot: true });
        const encoded = await s.sender.encode(env);
        const answers = [];
        for (let i = 0; i < 5; i++) answers.push(await postRaw(s.app, encoded.body, encoded.headers));
        await s.drain();
        expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
        expect(await answers[0]?.json()).toEqual({ ok: true });
        expect(await answers[4]?.json()).toEqual({ ok: true, duplicate: true });
        expect(s.recorder.calls.handleEvent).toBe(1);
        expect(s.recorder.events[0]).toMatchObject({ kind: "message", text: "/status", addressed: true });
        expect(await s.processedCount()).toBe(1);
      });

      it("5 concurrent deliveries of one event (Feishu retrying while we work) still have one effect", async () => {
        const s = setupApp(ctx.database, mode);
        const env = s.sender.usersAdded({ chatId: CHAT, users: [{ openId: "ou_u1", name: "王五" }] });
        const answers = await Promise.all([1, 2, 3, 4, 5].map(() => s.sender.post(s.app, env)));
        await s.drain();
        expect(answers.every((r) => r.status === 200)).toBe(true);
        expect(s.recorder.calls.handleEvent).toBe(1);
      });

      it("answers URL verification with the challenge", async () => {
        const s = setupApp(ctx.database, mode);
        const r = await s.sender.post(s.app, s.sender.urlVerification("ajls384kdjx98XX"));
        expect(r.status).toBe(200);
        expect(await r.json()).toEqual({ challenge: "ajls384kdjx98XX" });
        expect(await s.processedCount()).toBe(0);
      });

      it("refuses a wrong Verification Token with 401 and does nothing", async () => {
        const s = setupApp(ctx.database, mode);
        const env = s.sender.message({ text: "/status", chatType: "p2p" });
        env.header.token = "forged";
        const r = await s.sender.post(s.app, env);
        expect(r.status).toBe(401);
        expect(await r.json()).toEqual({ error: "verification token mismatch" });
        await expectNothingDone(s);
      });

      it("refuses a stale request with 401 and does nothing", async () => {
        const s = setupApp(ctx.database, mode);
        const nineHoursAgo = new Date(Date.now() - 9 * 3600_000);
        const { createEventSender } = await import("../fakes/event-sender");
        const old = createEventSender({
          verificationToken: mode.token,
          encryptKey: mode.key,
          now: () => nineHoursAgo,
        });
        const r = await old.post(s.app, old.message({ text: "/status", chatType: "p2p" }));
        expect(r.status).toBe(401);
        expect((await r.json()).error).toMatch(/too old/);
        await expectNothingDone(s);
      });

      it("refuses malformed JSON with 400 and does nothing", async () => {
        const s = setupApp(ctx.database, mode);
        const r = await s.sender.post(s.app, '{"schema":"2.0","header":', { encrypt: false });
        expect(r.status).toBe(400);
        expect(await r.json()).toEqual({ error: "body is not valid JSON" });
        await expectNothingDone(s);
      });

      it("refuses a 2 MB body with 413, by Content-Length and by the bytes actually read", async () => {
        const s = setupApp(ctx.database, mode);
        const big = `{"pad":"${"x".repeat(2 * 1024 * 1024)}"}`;
        const declared = await postRaw(s.app, big, { "content-type": "application/json" });
        expect(declared.status).toBe(413);
        expect((await declared.json()).error).toMatch(/larger than 1048576 bytes/);
        // A streamed body carries no Content-Length: the limit is enforced while reading.
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
            for (let i = 0; i < 32; i++) c.enqueue(chunk);
            c.close();
          },
        });
        const streamed = await s.app.request("/feishu/webhook", {
          method: "POST",
          body: stream,
          headers: { "content-type": "application/json" },
          // @ts-expect-error Node's fetch needs duplex for a stream body; not in the DOM RequestInit type.
          duplex: "half",
        });
        expect(streamed.status).toBe(413);
        await expectNothingDone(s);
      });

      it("acknowledges an unknown event type with 200, logs it and records nothing", async () => {
        const s = setupApp(ctx.database, mode);
        const env = s.sender.chatDisbanded({ chatId: CHAT });
        env.header.event_type = "drive.file.title_updated_v1";
        const r = await s.sender.post(s.app, env);
        expect(r.status).toBe(200);
        expect(await r.json()).toMatchObject({ ok: true, ignored: expect.stringContaining("not handled") });
        expect(s.logger.lines.some((l) => l.msg === "event ignored")).toBe(true);
        await expectNothingDone(s);
      });

      it("refuses a verified body that is not a schema 2.0 envelope with 400", async () => {
        const s = setupApp(ctx.database, mode);
        const r = await s.sender.post(s.app, { schema: "2.0", header: { token: TOKEN }, event: {} });
        expect(r.status).toBe(400);
        expect((await r.json()).error).toMatch(/not a Feishu schema 2.0 envelope/);
        await expectNothingDone(s);
      });

      it("answers a card action with a toast and the rendered card, in Feishu's callback format", async () => {
        const s = setupApp(ctx.database, mode, {
          onCard: (e) => ({
            toast: { type: "success", content: "已报送" },
            card: {
              template: "notice",
              data: {
                title: "二.3 已报送",
                color: "green",
                body: md`进展:${String(e.formValue?.progress ?? "")}`,
              },
            },
          }),
        });
        const env = s.sender.fromFixture("card-action");
        const r = await s.sender.post(s.app, env);
        expect(r.status).toBe(200);
        const body = await r.json();
        expect(body.toast).toEqual({ type: "success", content: "已报送" });
        expect(body.card.type).toBe("raw");
        expect(body.card.data).toMatchObject({
          schema: "2.0",
          header: { title: { tag: "plain_text", content: "二.3 已报送" }, template: "green" },
        });
        // The liaison's text is escaped: their <at id=all></at> cannot @ everyone.
        const text = JSON.stringify(body.card.data);
        expect(text).not.toContain("<at id=all>");
        expect(text).toContain(escapeMarkdown("已完成机架建设3.2万个<at id=all></at>"));
        expect(s.recorder.cardActions[0]).toMatchObject({
          operator: { openId: "ou_84aad35d084aa403a838cf73ee18467" },
          value: { action: "report_submit", task: "二.3" },
          messageId: "om_574d639e4a44e4dd646eaf628e2f6a1c",
        });
      });

      it("a replayed card callback changes nothing and gets a harmless empty answer", async () => {
        const s = setupApp(ctx.database, mode, {
          cardResult: { toast: { type: "success", content: "已确认" } },
        });
        const encoded = await s.sender.encode(
          s.sender.cardAction({ operator: "ou_op", value: { action: "confirm" } }),
        );
        const first = await postRaw(s.app, encoded.body, encoded.headers);
        const replay = await postRaw(s.app, encoded.body, encoded.headers);
        await s.drain();
        expect(await first.json()).toEqual({ toast: { type: "success", content: "已确认" } });
        expect(replay.status).toBe(200);
        expect(await replay.json()).toEqual({});
        expect(s.recorder.calls.handleCardAction).toBe(1);
      });
    });
  }

  describe("encrypted mode only", () => {
    const mode = MODES[0] ?? { name: "encrypted", token: TOKEN, key: KEY };

    it("refuses a forged signature with 401 and does nothing", async () => {
      const s = setupApp(ctx.database, mode);
      const env = s.sender.message({ text: "/status", chatType: "p2p" });
      const forged = await s.sender.post(s.app, env, { signWith: "not the key" });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toEqual({ error: "signature mismatch" });
      const unsigned = await s.sender.post(s.app, env, { sign: false });
      expect(unsigned.status).toBe(401);
      expect((await unsigned.json()).error).toMatch(/X-Lark-Signature is required/);
      await expectNothingDone(s);
    });

    it("refuses a body tampered with after signing", async () => {
      const s = setupApp(ctx.database, mode);
      const { body, headers } = await s.sender.encode(s.sender.message({ text: "/status", chatType: "p2p" }));
      const tampered = body.replace(
        /"encrypt":"(.)/,
        (_m, c: string) => `"encrypt":"${c === "A" ? "B" : "A"}`,
      );
      const r = await postRaw(s.app, tampered, headers);
      expect(r.status).toBe(401);
      await expectNothingDone(s);
    });

    it("answers an encrypted URL verification that carries no signature headers", async () => {
      const s = setupApp(ctx.database, mode);
      const { body, headers } = await s.sender.encode(s.sender.urlVerification("c-2"));
      expect(JSON.parse(body)).toHaveProperty("encrypt");
      expect(headers["x-lark-signature"]).toBeUndefined();
      const r = await postRaw(s.app, body, headers);
      expect(await r.json()).toEqual({ challenge: "c-2" });
    });
  });

  it("database down: 503 and nothing recorded; Feishu's retry later is processed once", async () => {
    const mode = MODES[0] ?? { name: "encrypted", token: TOKEN, key: KEY };
    const s = setupApp(ctx.database, mode);
    const encoded = await s.sender.encode(s.sender.message({ text: "/missing", mentionBot: true }));

    const dead = await openDatabase({ url: "postgres://nobody@127.0.0.1:1/none" });
    try {
      const down = createApp({ ...s.deps, database: dead });
      const r = await postRaw(down, encoded.body, encoded.headers);
      expect(r.status).toBe(503);
      expect(await r.json()).toEqual({ error: "database unavailable; retry later" });
    } finally {
      await dead.close();
    }
    await expectNothingDone(s);

    // Feishu retries the same request (15 s later, same body and headers) once the database is back.
    const retry = await postRaw(s.app, encoded.body, encoded.headers);
    const again = await postRaw(s.app, encoded.body, encoded.headers);
    await s.drain();
    expect([retry.status, again.status]).toEqual([200, 200]);
    expect(s.recorder.calls.handleEvent).toBe(1);
    expect(s.recorder.events[0]).toMatchObject({ text: "/missing" });
  });

  it("without a bot wired, events get 503 (Feishu retries) while URL verification works", async () => {
    const s = setupApp(ctx.database, MODES[1] ?? { name: "plain", token: TOKEN }, { bot: false });
    const ev = await s.sender.post(s.app, s.sender.message({ text: "/help", chatType: "p2p" }));
    expect(ev.status).toBe(503);
    expect(await ev.json()).toEqual({ error: "bot not ready; retry later" });
    const ch = await s.sender.post(s.app, s.sender.urlVerification("c-3"));
    expect(await ch.json()).toEqual({ challenge: "c-3" });
    expect(await s.processedCount()).toBe(0);
  });

  it("with neither a token nor a key configured, every request is refused", async () => {
    const s = setupApp(ctx.database, { name: "unconfigured" });
    const r = await s.sender.post(s.app, s.sender.message({ text: "/help", chatType: "p2p" }));
    expect(r.status).toBe(503);
    expect((await r.json()).error).toMatch(/FEISHU_VERIFICATION_TOKEN/);
    await expectNothingDone(s);
  });

  it("GET is answered 405 with a message", async () => {
    const s = setupApp(ctx.database, MODES[0] ?? { name: "e", token: TOKEN, key: KEY });
    const r = await s.app.request("/feishu/webhook");
    expect(r.status).toBe(405);
    expect(await r.json()).toEqual({ error: "use POST" });
  });
});

async function expectNothingDone(s: ReturnType<typeof setupApp>) {
  await s.drain();
  expect(s.recorder.calls).toEqual({ handleEvent: 0, handleCardAction: 0 });
  expect(await s.processedCount()).toBe(0);
}
