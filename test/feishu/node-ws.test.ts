import { createServer } from "node:net";
import { expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { startNode } from "../../src/entry/node";
import { createMemoryLogger } from "../../src/wiring/log";
import { createEventSender, TEST_BOT } from "../fakes/event-sender";
import { startFakeWsEndpoint } from "../fakes/fake-ws-endpoint";
import { createRecordingBot } from "../fakes/recording-bot";

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

it("npm start with FEISHU_MODE=ws opens the long connection and routes events to the bot", async () => {
  const fake = await startFakeWsEndpoint({ appId: "cli_a1b2c3d4e5f60718", appSecret: "s3cret" });
  const recorder = createRecordingBot();
  const config = loadConfig({
    FEISHU_MODE: "ws",
    FEISHU_APP_ID: "cli_a1b2c3d4e5f60718",
    FEISHU_APP_SECRET: "s3cret",
    FEISHU_DOMAIN: fake.url,
    DUBAN_DATA_DIR: "memory://",
    PORT: String(await freePort()),
  });
  const connected = fake.connected();
  const running = await startNode(config, createMemoryLogger(), {
    bot: recorder.bot,
    botOpenId: async () => TEST_BOT.openId,
  });
  try {
    await connected;
    const ack = await fake.push(createEventSender().botAdded({ chatId: "oc_new", chatName: "提案办理群" }));
    expect(ack.code).toBe(200);
  } finally {
    await running.close(); // drains the deferred handler
    await fake.close();
  }
  expect(recorder.events).toMatchObject([{ kind: "bot_added", chatId: "oc_new", chatName: "提案办理群" }]);
});
