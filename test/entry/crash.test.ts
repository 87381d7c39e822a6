import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/open-node";
import { tickAt } from "../../src/entry/tick-command";
import { createMemoryLogger } from "../../src/wiring/log";
import { OFFICE, type Person, startE2E } from "../e2e/harness";
import { loadWuhan } from "../e2e/plan";
import { type FakeFeishu, startFakeFeishu } from "../fakes/fake-feishu";
import { dubanCli } from "../helpers/cli";
import { migratedPgliteDump } from "../helpers/db";

/**
 * A real `duban tick` process killed with SIGKILL in the middle of its work, then run again: what the office's
 * people receive must be exactly what an uninterrupted run delivers, message for message (the outbox keys are
 * the uuids Feishu de-duplicates on, so the same data gives the same keys). The opening of the June round is
 * the heaviest tick of the month: rounds opened, a card per bound liaison enqueued and sent.
 */
const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const OPENING = "2022-06-17T16:00:00+08:00";
// The rows a killed process was sending stay leased for a minute; the next tick after that sends them.
const AFTER_LEASE = "2022-06-17T16:02:00+08:00";
const CHAT = "oc_crash_group";
const LIAISONS = 20;

/**
 * The sample plan in a fresh embedded database, the bot in the work group and twenty units' liaisons bound;
 * then the first tick of June (what `duban tick` runs, in this process), so that the year's rounds exist
 * before the June opening. `loader` takes that tick's messages.
 */
async function seedLiaisons(dataDir: string, loader: NodeJS.ProcessEnv) {
  const database = await openDatabase({ dataDir, loadDataDir: migratedPgliteDump() });
  const x = await startE2E({ database, kind: "pglite", url: undefined });
  try {
    await loadWuhan(database);
    const plan = JSON.parse(readFileSync(join(root, "plans/wuhan-2022-proposal-1.json"), "utf8")) as {
      units: { name: string }[];
    };
    const units = plan.units.map((u) => u.name).slice(0, LIAISONS);
    const people: Person[] = units.map((_, i) => ({
      openId: `ou_crash${String(i).padStart(26, "0")}`,
      name: `联络员${i + 1}`,
    }));
    x.fake.addChat(CHAT, [OFFICE, ...people], "1号议案办理工作群");
    await x.deliver(
      x.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
    );
    for (const [i, unit] of units.entries()) {
      const who = people[i] as Person;
      await x.say(OFFICE, `/bind @${who.name} ${unit}`, { mentions: [who], chatId: CHAT });
    }
    const tick = await tickAt(loadConfig(loader), database, new Date("2022-06-06T09:35:00+08:00"), {
      logger: createMemoryLogger(),
    });
    expect(tick.errors).toEqual([]);
  } finally {
    await x.close();
    await database.close();
  }
}

describe("crash: SIGKILL mid-tick and mid-drain", () => {
  let dir: string;
  let base: string;
  const fakes: FakeFeishu[] = [];
  let reference: string[] = [];
  /** The CLI compiled from the source: SIGKILL kills the tick itself, no loader in between. */
  let cli: string[] = [];
  /** How long an uninterrupted tick takes from spawn to its first call to Feishu (start-up, open, plan, enqueue). */
  let firstCallMs = 0;

  const envFor = (data: string, fake: FakeFeishu): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    DUBAN_DATA_DIR: data,
    LOG_LEVEL: "silent",
    FEISHU_APP_ID: fake.appId,
    FEISHU_APP_SECRET: fake.appSecret,
    FEISHU_DOMAIN: fake.url,
    DUBAN_ADMINS: OFFICE.openId,
  });
  const copyOfBase = (name: string) => {
    const to = join(dir, name);
    cpSync(base, to, { recursive: true });
    return to;
  };
  const newFake = async () => {
    const fake = await startFakeFeishu({ strict: false });
    fakes.push(fake);
    return fake;
  };
  const tick = (env: NodeJS.ProcessEnv, at: string) =>
    run(process.execPath, [...cli, "tick", "--at", at], { cwd: root, env, timeout: 60_000 });
  /** What the people received: one uuid per message Feishu created (a repeated uuid creates none). */
  const delivered = (fake: FakeFeishu) => fake.sent().map((m) => m.uuid ?? `no-uuid:${m.messageId}`);

  beforeAll(async () => {
    cli = await dubanCli();
    dir = mkdtempSync(join(tmpdir(), "duban-crash-"));
    base = join(dir, "base");
    await seedLiaisons(base, envFor(base, await newFake()));
    const ref = await newFake();
    const refData = copyOfBase("reference");
    const spawned = Date.now();
    await tick(envFor(refData, ref), OPENING);
    firstCallMs = (ref.calls()[0]?.at ?? Date.now()) - spawned;
    await tick(envFor(refData, ref), AFTER_LEASE);
    reference = delivered(ref).sort();
  }, 300_000);

  afterAll(async () => {
    for (const f of fakes) await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a tick and SIGKILLs it once `when` says so; resolves with what had been delivered by then. */
  async function killedTick(env: NodeJS.ProcessEnv, fake: FakeFeishu, when: () => boolean) {
    const child: ChildProcess = spawn(process.execPath, [...cli, "tick", "--at", OPENING], {
      cwd: root,
      env,
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_c, s) => resolve(s)));
    const watch = setInterval(() => {
      if (when()) child.kill("SIGKILL");
    }, 5);
    const signal = await exited;
    clearInterval(watch);
    return { signal, deliveredBeforeKill: fake.sent().length };
  }

  it("the uninterrupted opening delivers the round's cards", () => {
    expect(reference.length).toBeGreaterThan(5);
    expect(new Set(reference).size).toBe(reference.length);
  });

  it("killed mid-drain (sends in flight), the next ticks deliver the rest once: nothing lost, nothing doubled", async () => {
    const fake = await newFake();
    const data = copyOfBase("mid-drain");
    // Slow sends keep the drain going long enough to be cut through.
    const slow = fake.inject("send", { type: "delay", ms: 150 });
    const { signal, deliveredBeforeKill } = await killedTick(
      envFor(data, fake),
      fake,
      () => fake.sent().length >= 3,
    );
    slow.remove();
    expect(signal).toBe("SIGKILL");
    expect(deliveredBeforeKill).toBeLessThan(reference.length);

    await tick(envFor(data, fake), OPENING);
    await tick(envFor(data, fake), AFTER_LEASE);
    expect(delivered(fake).sort()).toEqual(reference);
  }, 300_000);

  it("killed mid-tick (before its first send), the next ticks deliver every card once", async () => {
    const fake = await newFake();
    const data = copyOfBase("mid-tick");
    const started = Date.now();
    // Cut late in the tick proper (rounds opened, cards being enqueued), before its drain's first call.
    const { signal, deliveredBeforeKill } = await killedTick(
      envFor(data, fake),
      fake,
      () => Date.now() - started > firstCallMs * 0.9 || fake.calls().length > 0,
    );
    expect(signal).toBe("SIGKILL");
    expect(deliveredBeforeKill).toBe(0);

    await tick(envFor(data, fake), OPENING);
    await tick(envFor(data, fake), AFTER_LEASE);
    expect(delivered(fake).sort()).toEqual(reference);
  }, 300_000);
});
