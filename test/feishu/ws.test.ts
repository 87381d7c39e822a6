import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-node";
import { createEventStore } from "../../src/db/store/event-store";
import { createInbound } from "../../src/feishu/inbound";
import { type LongConnection, startLongConnection } from "../../src/feishu/ws";
import { md } from "../../src/kernel/messages";
import { createMemoryLogger } from "../../src/wiring/log";
import { createEventSender, TEST_BOT } from "../fakes/event-sender";
import { type FakeWsEndpoint, startFakeWsEndpoint } from "../fakes/fake-ws-endpoint";
import { createDeferred, createRecordingBot } from "../fakes/recording-bot";
import { describeDb } from "../helpers/db";

const APP_ID = "cli_a1b2c3d4e5f60718";
const APP_SECRET = "app-secret-for-tests";

/**
 * The long connection end to end: the real SDK WSClient talks to a fake gateway on loopback (endpoint + websocket
 * + protobuf frames) and events reach the BotHandler through the same dedup; a card action's answer comes back
 * in the ack frame.
 */
describeDb("long connection (FEISHU_MODE=ws)", (ctx) => {
  let fake: FakeWsEndpoint | undefined;
  let conn: LongConnection | undefined;
  afterEach(async () => {
    conn?.close();
    await fake?.close();
    conn = undefined;
    fake = undefined;
  });

  async function connect(store = createEventStore(ctx.database.db)) {
    fake = await startFakeWsEndpoint({ appId: APP_ID, appSecret: APP_SECRET });
    const recorder = createRecordingBot({
      onCard: (e) => ({
        toast: { type: "success", content: "已报送" },
        card: {
          template: "notice",
          data: { title: "已报送", color: "green", body: md`${String(e.value.note ?? "")}` },
        },
      }),
    });
    const deferred = createDeferred();
    const logger = createMemoryLogger();
    const inbound = createInbound({
      store,
      bot: recorder.bot,
      logger,
      clock: { now: () => new Date() },
      botOpenId: async () => TEST_BOT.openId,
      defer: deferred.defer,
    });
    const ready = fake.connected();
    conn = startLongConnection({
      appId: APP_ID,
      appSecret: APP_SECRET,
      domain: fake.url,
      encryptKey: undefined,
      inbound,
      logger,
    });
    await ready;
    return { fake, recorder, deferred, logger };
  }

  it("delivers an event to the BotHandler once, however often it is pushed", async () => {
    const { fake, recorder, deferred } = await connect();
    expect(fake.endpointCalls).toEqual([{ AppID: APP_ID, AppSecret: APP_SECRET }]);
    const sender = createEventSender();
    const env = sender.message({ text: "/status 市经信局", mentionBot: true });
    const acks = [await fake.push(env), await fake.push(env), await fake.push(env, { fragments: 3 })];
    await deferred.drain();
    expect(acks).toEqual([{ code: 200 }, { code: 200 }, { code: 200 }]);
    expect(recorder.events).toHaveLength(1);
    expect(recorder.events[0]).toMatchObject({ kind: "message", text: "/status 市经信局", addressed: true });
  });

  it("answers a card action in the ack frame with the toast and the rendered, escaped card", async () => {
    const { fake, recorder } = await connect();
    const sender = createEventSender();
    const env = sender.cardAction({
      operator: "ou_op",
      value: { action: "submit", note: "<at id=all></at> 完成" },
    });
    const ack = await fake.push(env);
    expect(ack.code).toBe(200);
    expect(ack.data).toMatchObject({
      toast: { type: "success", content: "已报送" },
      card: { type: "raw", data: { schema: "2.0", header: { template: "green" } } },
    });
    expect(JSON.stringify(ack.data)).not.toContain("<at id=all>");
    expect(recorder.cardActions[0]).toMatchObject({
      operator: { openId: "ou_op" },
      value: { action: "submit" },
    });
    // A replay of the same callback changes nothing.
    expect(await fake.push(env)).toEqual({ code: 200, data: {} });
    expect(recorder.calls.handleCardAction).toBe(1);
  });

  it("acks with code 500 when the database is down, so Feishu delivers the event again", async () => {
    const dead = await openDatabase({ url: "postgres://nobody@127.0.0.1:1/none" });
    try {
      const { fake, recorder } = await connect(createEventStore(dead.db));
      const ack = await fake.push(createEventSender().chatDisbanded({ chatId: "oc_x" }));
      expect(ack.code).toBe(500);
      expect(recorder.calls.handleEvent).toBe(0);
    } finally {
      await dead.close();
    }
  });

  it("reconnects after the gateway drops the connection and keeps delivering", async () => {
    const { fake, recorder, deferred } = await connect();
    const again = new Promise<void>((resolve) => setTimeout(resolve, 10)).then(() => fake.connected());
    fake.disconnect();
    await again;
    expect(fake.endpointCalls.length).toBeGreaterThanOrEqual(2);
    await fake.push(createEventSender().botRemoved({ chatId: "oc_y" }));
    await deferred.drain();
    expect(recorder.events).toMatchObject([{ kind: "bot_removed", chatId: "oc_y" }]);
  });
});
