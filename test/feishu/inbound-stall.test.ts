import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-node";
import { createEventStore } from "../../src/db/store/event-store";
import { envelopeSchema } from "../../src/feishu/envelopes";
import { createInbound, TOASTS } from "../../src/feishu/inbound";
import { createMemoryLogger } from "../../src/wiring/log";
import { createEventSender, TEST_BOT } from "../fakes/event-sender";
import { createDeferred, createRecordingBot } from "../fakes/recording-bot";
import { describeDb, testDatabaseUrl } from "../helpers/db";

const clock = { now: () => new Date("2022-06-22T01:30:00Z") };

describeDb("a stalled database on the card path", (ctx) => {
  it("answers 正在处理 within the budget while the dedup claim hangs, then runs the action once", async () => {
    const rec = createRecordingBot({ cardResult: { toast: { type: "success", content: "已报送" } } });
    const real = createEventStore(ctx.database.db);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // The database accepts the statement and then says nothing (a lock, a stalled server).
    const stalled = {
      ...real,
      claim: async (...a: Parameters<typeof real.claim>) => gate.then(() => real.claim(...a)),
    };
    const deferred = createDeferred();
    const inbound = createInbound({
      store: stalled,
      bot: rec.bot,
      logger: createMemoryLogger(),
      clock,
      botOpenId: async () => TEST_BOT.openId,
      defer: deferred.defer,
      cardBudgetMs: 100,
    });
    const e = envelopeSchema.parse(
      createEventSender({ verificationToken: "t" }).cardAction({
        operator: "ou_op",
        value: { action: "submit" },
      }),
    );
    const started = performance.now();
    const r = await inbound.dispatch(e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r).toEqual({ kind: "card", status: 200, body: { toast: TOASTS.timeout } });
    expect(rec.calls.handleCardAction).toBe(0);

    release();
    await deferred.drain();
    await deferred.drain();
    expect(rec.calls.handleCardAction).toBe(1);
    expect(await real.get(e.header.event_id)).toMatchObject({ state: "done" });
    // Feishu resending the same click does nothing more.
    expect((await inbound.dispatch(e)).body).toEqual({});
    expect(rec.calls.handleCardAction).toBe(1);
  });
});

it.runIf(testDatabaseUrl)(
  "Postgres cancels a statement that runs past DUBAN_STATEMENT_TIMEOUT_MS",
  async () => {
    const database = await openDatabase({ url: testDatabaseUrl, statementTimeoutMs: 200, max: 1 });
    try {
      const started = performance.now();
      const err = await database.query(sql`select pg_sleep(3)`).catch((e: unknown) => e);
      // drizzle wraps the driver's error; the Postgres code is on its cause.
      const cause = (err as { cause?: { code?: string } }).cause;
      expect(cause?.code).toBe("57014"); // query_canceled
      expect(performance.now() - started).toBeLessThan(2500);
      // The connection is fine afterwards.
      expect(await database.query(sql`select 1 as ok`)).toEqual([{ ok: 1 }]);
    } finally {
      await database.close();
    }
  },
);
