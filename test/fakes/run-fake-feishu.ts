import { startFakeFeishu } from "./fake-feishu";

/**
 * `npm run fake-feishu [-- --port 9999]`: runs the fake Feishu Open Platform on 127.0.0.1 and prints how to
 * point duban at it. Seeds one group chat so a first send has somewhere to go. Ctrl-C stops it.
 */
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.FAKE_FEISHU_PORT ?? 0);

const fake = await startFakeFeishu({
  port,
  strict: process.env.FAKE_FEISHU_STRICT !== "0",
  seed: Number(process.env.FAKE_FEISHU_SEED ?? 1),
});
if (process.env.FAKE_FEISHU_JSON === "1") {
  // For programs that start the fake as a child process (bench/outbox.ts): one JSON line, then silence.
  process.stdout.write(
    `${JSON.stringify({ url: fake.url, appId: fake.appId, appSecret: fake.appSecret })}\n`,
  );
} else {
  seedDemoAndPrintUsage();
}

function seedDemoAndPrintUsage() {
  fake.addChat("oc_demo_group", [
    { openId: "ou_demo_liaison", name: "张联络" },
    { openId: "ou_demo_office", name: "王办公室" },
  ]);

  process.stdout.write(
    [
      `fake Feishu Open Platform: ${fake.url}`,
      "",
      `  FEISHU_DOMAIN=${fake.url} FEISHU_APP_ID=${fake.appId} FEISHU_APP_SECRET=${fake.appSecret} npm start`,
      "",
      "  seeded chat oc_demo_group with ou_demo_liaison, ou_demo_office",
      `  inspect: curl ${fake.url}/_fake/messages   curl ${fake.url}/_fake/calls?endpoint=send`,
      `  seed:    curl -XPOST ${fake.url}/_fake/chats -d '{"chatId":"oc_x","members":["ou_a"]}'`,
      "",
    ].join("\n"),
  );
}

const stop = () => {
  fake.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
