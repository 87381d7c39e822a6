import fc from "fast-check";
import { expect, it } from "vitest";
import { envelopeSchema } from "../../src/feishu/envelopes";
import { normalize } from "../../src/feishu/events";
import { verifyRequest } from "../../src/feishu/verify";
import { describeDb } from "../helpers/db";
import { hostileString, RUNS } from "../helpers/hostile";
import { MODES, setupApp, TOKEN } from "./setup";

const now = new Date();
const fresh = () => String(Date.now());

/** JSON that looks enough like Feishu's to get past the first checks, with hostile or missing parts. */
const envelopeLike = fc.record(
  {
    schema: fc.constantFrom("2.0", "1.0", 2, undefined),
    header: fc.record(
      {
        event_id: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(undefined), fc.integer()),
        event_type: fc.constantFrom(
          "im.message.receive_v1",
          "card.action.trigger",
          "im.chat.member.user.added_v1",
          "im.chat.member.bot.added_v1",
          "im.chat.disbanded_v1",
          "x.unknown",
          "",
        ),
        token: fc.constantFrom(TOKEN, "wrong", undefined),
        create_time: fc.oneof(fc.constant(fresh()), fc.string({ maxLength: 20 }), fc.constant(undefined)),
      },
      { requiredKeys: [] },
    ),
    event: fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({
        sender: fc.anything({ maxDepth: 2 }),
        message: fc.record(
          {
            message_id: fc.string({ maxLength: 10 }),
            chat_id: fc.string({ maxLength: 10 }),
            chat_type: fc.constantFrom("p2p", "group", "x"),
            message_type: fc.constantFrom("text", "post", "image"),
            content: fc.oneof(
              hostileString(),
              hostileString().map((text) => JSON.stringify({ text })),
            ),
            mentions: fc.anything({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        ),
        operator: fc.anything({ maxDepth: 2 }),
        action: fc.anything({ maxDepth: 3 }),
        context: fc.anything({ maxDepth: 2 }),
        users: fc.anything({ maxDepth: 2 }),
      }),
    ),
  },
  { requiredKeys: [] },
);

it("verification and normalization never throw; bad input gets a reason, never an event", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        envelopeLike.map((o) => new TextEncoder().encode(JSON.stringify(o))),
        fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
      ),
      async (bytes) => {
        for (const mode of MODES) {
          const r = await verifyRequest(
            bytes,
            { timestamp: undefined, nonce: undefined, signature: undefined },
            { verificationToken: mode.token, encryptKey: mode.key },
            now,
          );
          expect(["challenge", "payload", "reject"]).toContain(r.kind);
          if (r.kind !== "payload") continue;
          const env = envelopeSchema.safeParse(r.body);
          if (!env.success) continue;
          const n = await normalize(env.data, { botOpenId: async () => "ou_bot" });
          expect(["event", "card", "ignored", "invalid"]).toContain(n.kind);
        }
      },
    ),
    RUNS,
  );
});

describeDb("the webhook route, fuzzed", (ctx) => {
  it("answers every hostile body with a clear status and changes nothing unless it is a valid event", async () => {
    for (const mode of MODES) {
      const s = setupApp(ctx.database, mode);
      await fc.assert(
        fc.asyncProperty(envelopeLike, async (payload) => {
          const before = s.recorder.calls.handleEvent + s.recorder.calls.handleCardAction;
          const r = await s.sender.post(s.app, payload, { encrypt: mode.key !== undefined });
          expect([200, 400, 401, 413]).toContain(r.status);
          const body = await r.text();
          expect(body.length).toBeLessThan(2000);
          await s.drain();
          const after = s.recorder.calls.handleEvent + s.recorder.calls.handleCardAction;
          if (r.status !== 200) expect(after).toBe(before);
        }),
        { numRuns: Number(process.env.FC_RUNS_DB ?? 40) },
      );
    }
  }, 240_000);
});
