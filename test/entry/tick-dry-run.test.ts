import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-node";
import { createPlanStore } from "../../src/db/store/plan-store";
import { loadPlan } from "../../src/plans/load";
import { OFFICE, type Person, startE2E } from "../e2e/harness";
import { WUHAN_ID, wuhanPlan } from "../e2e/plan";
import { type FakeFeishu, startFakeFeishu } from "../fakes/fake-feishu";
import { cardShown } from "../helpers/card-json";
import { dubanCli } from "../helpers/cli";
import { migratedPgliteDump } from "../helpers/db";

/**
 * `duban tick --at … --dry-run` as an office walking a month runs it: on 31 August 2022 the sample plan's
 * 专题汇报 milestone falls due and so does 四.1's own 完成时限 (2022年8月31日前, led by 市经信局, whose liaison is
 * bound). The dry run lists both, in the form of the other planned sends, calls Feishu not once and writes no
 * row; the real tick at the same time then sends exactly those, and a dry run after it lists them no more. The
 * plan's only group has the liaison in it, so it is the work group: the milestone, the office's own matter, goes
 * to the office privately.
 */
const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const AT = "2022-08-31T09:45:00+08:00";
const CHAT = "oc_dry_run_group";
const JXJ: Person = { openId: "ou_dry_jxj000000000000000000000001", name: "张经信" };

function planWithDeadline(): unknown {
  const plan = wuhanPlan() as {
    sections: Array<{ tasks: Array<{ id: string; lead: string[]; deadlines: unknown[] }> }>;
  };
  const task = plan.sections.flatMap((s) => s.tasks).find((t) => t.id === "四.1");
  if (!task) throw new Error("四.1");
  task.deadlines = [{ text: "2022年8月31日前", date: "2022-08-31", kind: "dated" }];
  task.lead = ["市经信局"];
  return plan;
}

/** The sample plan with 四.1's deadline, the bot in a group and 市经信局's liaison bound, in a PGlite directory. */
async function seed(dataDir: string) {
  const database = await openDatabase({ dataDir, loadDataDir: migratedPgliteDump() });
  const x = await startE2E({ database, kind: "pglite", url: undefined });
  try {
    await loadPlan(createPlanStore(database.db), planWithDeadline(), {
      now: new Date("2022-03-31T00:00:00Z"),
    });
    x.fake.addChat(CHAT, [OFFICE, JXJ], "1号议案办理工作群");
    await x.deliver(
      x.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
    );
    await x.say(OFFICE, `/bind @${JXJ.name} 市经信局`, { mentions: [JXJ], chatId: CHAT });
  } finally {
    await x.close();
    await database.close();
  }
}

/** Every table's row count: what "writes nothing" means. */
async function rowCounts(dataDir: string): Promise<Record<string, number>> {
  const database = await openDatabase({ dataDir });
  try {
    const tables = await database.query<{ name: string }>(
      sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await database.query<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(name)}`,
      );
      counts[name] = row?.n ?? -1;
    }
    return counts;
  } finally {
    await database.close();
  }
}

describe("duban tick --dry-run (CLI) lists the steps' messages", () => {
  let dir: string;
  let data: string;
  let fake: FakeFeishu;
  const tickAt = async (at: string, ...args: string[]) => {
    const env = {
      PATH: process.env.PATH,
      DUBAN_DATA_DIR: data,
      LOG_LEVEL: "silent",
      FEISHU_APP_ID: fake.appId,
      FEISHU_APP_SECRET: fake.appSecret,
      FEISHU_DOMAIN: fake.url,
      DUBAN_ADMINS: OFFICE.openId,
    };
    // Compiled from the source as it is now, so the test checks the code as edited.
    const cli = await dubanCli();
    const { stdout } = await run(process.execPath, [...cli, "tick", "--at", at, ...args], {
      cwd: root,
      env,
      timeout: 60_000,
    });
    return stdout;
  };
  const tick = (...args: string[]) => tickAt(AT, ...args);
  /** The dry run's lines of one type: [recipient, the line]. */
  const lines = (stdout: string, type: string) =>
    stdout
      .split("\n")
      .filter((l) => l.startsWith(`  ${type.padEnd(16)} `))
      .map((l) => [/→ (?:私聊|群) (\S+)/.exec(l)?.[1], l] as const);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "duban-dry-run-"));
    data = join(dir, "data");
    await seed(data);
    fake = await startFakeFeishu({ strict: false });
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the day's deadline and milestone reminders, sends nothing and writes nothing; the tick then sends those", async () => {
    const before = await rowCounts(data);
    const dry = await tick("--dry-run");
    expect(fake.calls()).toEqual([]);
    expect(await rowCounts(data)).toEqual(before);

    const deadline = lines(dry, "deadline");
    expect(deadline).toHaveLength(1);
    expect(deadline[0]?.[0]).toBe(JXJ.openId);
    // When (the reminder time plus its jitter), what, to whom, and the outbox key, as the other planned sends.
    expect(deadline[0]?.[1]).toMatch(
      /^ {2}deadline +8月31日（星期三）09:3\d {2}任务完成时限提醒 市经信局 四\.1 今日到期 → 私聊 ou_dry_jxj\d+ {2}\[deadline:wuhan-2022-proposal-1:2022-08-31:ou_dry_jxj\d+\]$/,
    );
    const milestone = lines(dry, "milestone");
    expect(milestone.map(([r]) => r)).toEqual([OFFICE.openId]);
    expect(milestone[0]?.[1]).toContain(
      `节点今日到期 「向市人大常委会专题汇报数字经济相关工作」2022年8月31日前 → 私聊 ${OFFICE.openId}`,
    );
    expect(dry).toMatch(/open_round +开启轮次 2022年8月 月调度/);

    // The same day at 22:00 is not working time: neither is listed.
    const night = await tickAt("2022-08-31T22:00:00+08:00", "--dry-run");
    expect(lines(night, "deadline")).toEqual([]);
    expect(lines(night, "milestone")).toEqual([]);
    expect(fake.calls()).toEqual([]);

    // The real tick sends what the dry run listed, to the same people.
    await tick();
    const sent = fake.sent().filter((m) => m.msgType === "interactive");
    const to = (m: (typeof sent)[number]) => m.openId ?? m.chatId;
    expect(sent.filter((m) => cardShown(m.card).includes("任务完成时限提醒")).map(to)).toEqual([JXJ.openId]);
    // Not in the work group: to the office privately.
    expect(sent.filter((m) => cardShown(m.card).includes("节点今日到期")).map(to)).toEqual([OFFICE.openId]);

    // Sent once: a dry run at the same time no longer lists them.
    const after = await tick("--dry-run");
    expect(lines(after, "deadline")).toEqual([]);
    expect(lines(after, "milestone")).toEqual([]);
  }, 180_000);

  it("lists nothing for a plan whose schedule is disabled, and the tick sends nothing", async () => {
    const database = await openDatabase({ dataDir: data });
    try {
      await database.query(
        sql`update plans set settings = coalesce(settings, '{}'::jsonb) || '{"schedule":{"enabled":false}}'::jsonb
          where id = ${WUHAN_ID}`,
      );
    } finally {
      await database.close();
    }
    // 1 September: the 专题汇报 and 四.1's deadline are missed, each a reminder were the schedule enabled.
    const at = "2022-09-01T09:45:00+08:00";
    const dry = await tickAt(at, "--dry-run");
    for (const type of ["deadline", "milestone", "coord", "overview"])
      expect(lines(dry, type), type).toEqual([]);
    const before = fake.sent().length;
    await tickAt(at);
    expect(fake.sent().slice(before)).toEqual([]);
  }, 120_000);
});
