import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxStore } from "../../src/db/store/outbox-store";
import type { OutboxItem } from "../../src/outbox/ports";
import { type FakeFeishu, startFakeFeishu } from "../fakes/fake-feishu";
import { dubanCli } from "../helpers/cli";
import { createTestDb, type TestDb, testDatabaseUrl } from "../helpers/db";

/**
 * Two real `duban serve` processes on one Postgres database drain one outbox against the fake Open Platform,
 * which records when each call arrived. Feishu's limits are the app's, not a process's: together the two
 * may never exceed 50 sends in any second nor 5 to one user, nothing may be lost or sent twice, and when the
 * process that drains is killed the other carries on.
 */
const root = join(import.meta.dirname, "../..");
const MESSAGES = 400;
const USERS = 40;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const until = async (what: string, ok: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.skipIf(!testDatabaseUrl)("two instances, one outbox (Postgres)", () => {
  let db: TestDb;
  let fake: FakeFeishu;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDb("postgres");
    fake = await startFakeFeishu({ strict: false });
  }, 60_000);
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await fake?.close();
    await db?.drop();
  });

  const serve = async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [...(await dubanCli()), "serve"], {
      cwd: root,
      stdio: "ignore",
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        PORT: String(port),
        LOG_LEVEL: "silent",
        FEISHU_APP_ID: fake.appId,
        FEISHU_APP_SECRET: fake.appSecret,
        FEISHU_DOMAIN: fake.url,
      },
    });
    children.push(child);
    return child;
  };

  it("hold the app's limits together, lose and double nothing, and survive the killing of the one that drains", async () => {
    const items: OutboxItem[] = Array.from({ length: MESSAGES }, (_, i) => ({
      kind: "send",
      key: `shared-drain:${i}`,
      purpose: "test",
      to: { openId: `ou_shared${String(i % USERS).padStart(24, "0")}` },
      message: { type: "text", text: `第${i + 1}条` },
    }));
    expect(await createOutboxStore(db.database).enqueue(items)).toBe(MESSAGES);

    const a = await serve();
    const b = await serve();
    await until("a quarter sent", () => fake.sent().length >= MESSAGES / 4, 60_000);
    // Whichever of the two drains, killing one and then the other kills the one that drains at least once.
    a.kill("SIGKILL");
    const afterA = fake.sent().length;
    await until("more sent after the first kill", () => fake.sent().length >= afterA + 40, 60_000);
    const c = await serve();
    b.kill("SIGKILL");
    await until("every message sent", () => new Set(fake.sent().map((m) => m.uuid)).size >= MESSAGES, 90_000);
    expect(c.exitCode).toBe(null);

    const uuids = fake.sent().map((m) => m.uuid);
    expect(uuids).toHaveLength(MESSAGES);
    expect(new Set(uuids).size).toBe(MESSAGES);
    // Times are of arrival at the fake, which a busy machine bunches by some tens of ms: a 900 ms window
    // allows for that, and two drains at once would still show 100.
    expect(fake.peakRate("app", { windowMs: 900 }).peak).toBeLessThanOrEqual(50);
    expect(fake.peakRate("user", { windowMs: 900 }).peak).toBeLessThanOrEqual(5);
  }, 180_000);
});
