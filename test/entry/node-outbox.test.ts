import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { startNode } from "../../src/entry/node";
import { silentLogger } from "../../src/wiring/log";
import { type FakeFeishu, startFakeFeishu } from "../fakes/fake-feishu";

let fake: FakeFeishu;
let dir: string;
beforeAll(async () => {
  fake = await startFakeFeishu();
  fake.addChat("oc_g", ["ou_a"]);
  dir = mkdtempSync(join(tmpdir(), "duban-node-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = (env: Record<string, string>) => ({ ...loadConfig({ DUBAN_DATA_DIR: dir, ...env }), port: 0 });
const feishu = () => ({
  FEISHU_APP_ID: fake.appId,
  FEISHU_APP_SECRET: fake.appSecret,
  FEISHU_DOMAIN: fake.url,
});

it("sends on boot what an earlier run left in the outbox, then what is enqueued, and stops cleanly", async () => {
  // A run without an app connected queues a message and stops (or dies) before anything can send it.
  const first = await startNode(config({}), silentLogger);
  await first.outbox.enqueue([
    {
      key: "left-over",
      purpose: "test",
      kind: "send",
      to: { chatId: "oc_g" },
      message: { type: "text", text: "一" },
    },
  ]);
  await first.close();
  expect(fake.sent()).toHaveLength(0);

  const second = await startNode(config(feishu()), silentLogger);
  try {
    await fake.waitFor(() => fake.sent().length === 1, 10_000);
    await second.outbox.enqueue([
      {
        key: "fresh",
        purpose: "test",
        kind: "send",
        to: { chatId: "oc_g" },
        message: { type: "text", text: "二" },
      },
    ]);
    await fake.waitFor(() => fake.sent().length === 2, 10_000);
  } finally {
    await second.close();
  }
  expect(fake.sent().map((m) => m.text)).toEqual(["一", "二"]);
});
