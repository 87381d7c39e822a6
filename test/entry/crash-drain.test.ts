import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { startNode } from "../../src/entry/node";
import { silentLogger } from "../../src/wiring/log";
import { type FakeFeishu, startFakeFeishu } from "../fakes/fake-feishu";

// The real service as a process, from source under the TypeScript loader, so SIGKILL hits it mid-drain.
const cli = ["--import", "tsx", join(import.meta.dirname, "../../src/entry/main.ts")];
const ROWS = 300;
const keys = Array.from({ length: ROWS }, (_x, i) => `crash:${String(i).padStart(3, "0")}`);

let fake: FakeFeishu;
let dir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  fake = await startFakeFeishu();
  fake.addChat("oc_g", ["ou_a"]);
  dir = mkdtempSync(join(tmpdir(), "duban-crash-"));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function serve(port: number): { child: ChildProcess; exited: Promise<number | string | null> } {
  const child = spawn(process.execPath, [...cli, "serve"], {
    env: {
      PATH: process.env.PATH,
      DUBAN_DATA_DIR: dir,
      PORT: String(port),
      LOG_LEVEL: "silent",
      FEISHU_APP_ID: fake.appId,
      FEISHU_APP_SECRET: fake.appSecret,
      FEISHU_DOMAIN: fake.url,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code)),
  );
  return { child, exited };
}

const delivered = () => fake.sent().filter((m) => m.uuid?.startsWith("crash:"));

it("a server killed with SIGKILL mid-drain and restarted delivers every queued message exactly once", async () => {
  // An earlier run queued the rows and stopped before anything could send them.
  const seed = await startNode({ ...loadConfig({ DUBAN_DATA_DIR: dir }), port: 0 }, silentLogger);
  await seed.outbox.enqueue(
    keys.map((key, i) => ({
      key,
      purpose: "test",
      kind: "send" as const,
      to: { chatId: "oc_g" },
      message: { type: "text" as const, text: `第${i + 1}条` },
    })),
  );
  await seed.close();

  // Each send takes a while, so the kill lands with rows claimed, some sent and not yet marked.
  fake.inject("send", { type: "delay", ms: 15 }, { rate: 1 });
  const first = serve(4071);
  await fake.waitFor(() => delivered().length >= 40, 40_000);
  first.child.kill("SIGKILL");
  expect(await first.exited).toBe("SIGKILL");
  const beforeRestart = delivered().length;
  expect(beforeRestart).toBeLessThan(ROWS);

  const second = serve(4072);
  await fake.waitFor(() => delivered().length >= ROWS, 40_000);
  // A moment more: a row sent twice would show up now.
  await new Promise((r) => setTimeout(r, 500));
  second.child.kill("SIGTERM");
  await second.exited;

  const uuids = delivered().map((m) => m.uuid);
  expect(new Set(uuids).size).toBe(uuids.length);
  expect([...uuids].sort()).toEqual(keys);
  // Rows in flight at the kill were sent again with the same uuid; Feishu (and the fake) created them once.
  const calls = fake.calls("send").length;
  expect(calls).toBeGreaterThanOrEqual(ROWS);
}, 120_000);
