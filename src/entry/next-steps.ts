import { type Config, hasFeishuCredentials } from "../config";

/** What `npm start` prints once it listens: where it is, and how to connect a Feishu app. */
export function printNextSteps(config: Config, port: number, playground = false): void {
  const lines = [
    "",
    `duban is up: http://localhost:${port}/healthz`,
    config.databaseUrl
      ? "Database: Postgres (DATABASE_URL)."
      : `Database: embedded PGlite in ${config.dataDir}.`,
  ];
  if (playground)
    lines.push(
      "",
      `Playground (a simulated work group with the sample plan; nothing leaves this machine):`,
      `  http://localhost:${port}/playground`,
      "",
    );
  if (!hasFeishuCredentials(config)) {
    lines.push(
      "No Feishu app is connected yet (FEISHU_APP_ID / FEISHU_APP_SECRET unset), so nothing is sent.",
      "To connect one (README § Connect a Feishu app):",
      "  1. Create a custom app at https://open.feishu.cn/app, enable Bot, grant im:message, im:message:send_as_bot,",
      "     im:message.p2p_msg:readonly, im:message.group_at_msg:readonly, im:chat:readonly, im:chat.members:read,",
      "     contact:user.base:readonly.",
      "  2. Webhook: set FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN, FEISHU_ENCRYPT_KEY, restart, and",
      `     point the event and callback request URLs at https://<public host>/feishu/webhook (port ${port}).`,
      "     Long connection (no public URL): also set FEISHU_MODE=ws and choose 'long connection' in the console.",
      "  3. Subscribe to im.message.receive_v1, im.chat.member.bot.added_v1/deleted_v1, im.chat.member.user.added_v1/",
      "     deleted_v1/withdrawn_v1, im.chat.disbanded_v1 and the card.action.trigger callback; publish a version.",
    );
  } else {
    lines.push(
      config.feishu.mode === "ws"
        ? "Feishu: long connection (FEISHU_MODE=ws)."
        : `Feishu: webhook at POST /feishu/webhook on port ${port}.`,
    );
    if (config.feishu.mode === "webhook" && !config.feishu.verificationToken && !config.feishu.encryptKey)
      lines.push(
        "  FEISHU_VERIFICATION_TOKEN and FEISHU_ENCRYPT_KEY are unset: the webhook refuses every request.",
      );
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
}
