import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import type { Database } from "../../src/db/client";
import { openDatabase } from "../../src/db/open-node";
import { createPlanStore } from "../../src/db/store/plan-store";
import { tickAt } from "../../src/entry/tick-command";
import { loadPlan } from "../../src/plans/load";
import { createMemoryLogger } from "../../src/wiring/log";
import { reportAll, roundId } from "../fixtures/schedule-seed";
import { describeDb } from "../helpers/db";
import { type E2E, ENCRYPT_KEY, OFFICE, startE2E, VERIFICATION_TOKEN } from "./harness";
import { WUHAN_ID, wuhanPlan } from "./plan";

/**
 * The office's check, as an operator runs it: the sample plan loaded and 王小明 self-bound to 市科技局 today
 * (long after June 2022), then `duban tick --at` (its entry, tickAt) at 09:35 and 16:00 on every day of June
 * 2022. What reaches 王小明 and the group, day by day, is the plan's rhythm.
 */
const GROUP = "oc_month_work";
const WXM = { openId: "ou_month_wxm000000000000000000001", name: "王小明" };
const TODAY = new Date("2026-12-04T10:00:00+08:00");
const local = (day: string, hhmm: string) => new Date(`2022-06-${day}T${hhmm}:00+08:00`);
const CARD = "王小明 overview:#:2:ou_month_wxm000000000000000000001"; // 市科技局 is unit 2 of the sample plan
const OFFICE_ID = "ou_office0000000000000000000000001";
/** The work group hears of an opening round once: one overview naming the liaisons concerned. */
const OPEN = "group open:#:s94i3a";
/** The office, directly: the units nobody can receive the card for (long keys go out hashed). */
const noContact = (hash: string) => `${OFFICE_ID} nocontact:#:7d0fe~${hash}`;
const toOffice = (key: string) => `${OFFICE_ID} ${key}`;

/**
 * The plan's rhythm in June 2022, by day (nothing on 06-03 端午, weekends or at 22:00). The work group hears
 * only of openings and of overdue units (one digest a tick); the office's own reminders, escalations and drafts
 * go to the office member directly. 市科技局 reports its half-year summary on 06-22, so its H1 reminders stop;
 * its June round it never reports.
 */
const RHYTHM: Record<string, string[]> = {
  // May's round (due 05-25) opens late, on the first tick of June, and closes that evening
  "01": [OPEN, noContact("b1dc7586f47dd65df83ee0d70b431674"), CARD],
  // 2022年上半年 半年小结 opens (10 working days before 06-30)
  "16": [OPEN, noContact("9aa850371ba9b09024b8c08b242172d5"), CARD],
  // 2022年6月 月调度 opens (5 working days before 06-24)
  "17": [OPEN, noContact("4cd267b729b9a01a21d3051108e310f2"), CARD],
  "21": [toOffice("nudge:#:office:remind:arziy9t"), "王小明 nudge:#:2:remind"], // June: 3 working days before
  "24": [toOffice("nudge:#:office:due:arziy9t"), "王小明 nudge:#:2:due"], // June's due day (25th: Saturday)
  "27": [
    "group digest:1iqmbw7ag9ou4", // the one digest of overdue units in the work group
    toOffice("bulletin:wuhan-20~69307e21455279bcdc864d09d69f608f"), // the Q2 通报 draft's .docx, to the office only
    toOffice("bulletin:wuhan-20~a4c63388ec1238393b87c29e84117cef"), // and its preview card
    toOffice("nudge:#:office:overdue:arziy9t"),
    toOffice("nudge:#:office:remind:arziy9t"), // H1: only the units without a liaison; 市科技局 has reported
    "王小明 nudge:#:2:overdue", // June overdue: to 王小明 directly (and buzzed: 加急, not a message)
  ],
  // June escalation: the office, and 市科技局 as a lead unit; and a fresh H1 card, opened 13 days before (Feishu
  // stops updating a card after 14 days).
  "29": [
    toOffice("esc:#:office:arziy9t"),
    "王小明 esc:#:lead:2",
    "王小明 refresh:#:~c7354680bd70865fdb2a3794f576b1b9",
  ],
  // H1 due day: not to 王小明, who reported. June's card, sent on 06-17 at 16:00, turns 13 days old just after the
  // tick at 16:00: its fresh card waits for the first tick in working time (07-01 09:35), never at 22:00.
  "30": [toOffice("nudge:#:office:due:arziy9t")],
};

const JUNE = Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(2, "0"));

describeDb("e2e: June 2022 walked with duban tick --at, twice a day", (ctx) => {
  let e: E2E | undefined;
  const others: Database[] = [];
  afterEach(async () => {
    await e?.close();
    e = undefined;
    for (const d of others.splice(0)) await d.close();
  });

  async function setUp(): Promise<E2E> {
    const t = await startE2E(ctx, { now: TODAY });
    await loadPlan(createPlanStore(ctx.database.db), wuhanPlan(), { now: TODAY });
    t.fake.addChat(GROUP, [OFFICE, WXM], "1号议案办理工作群");
    await t.deliver(t.sender.botAdded({ chatId: GROUP, chatName: GROUP, operator: OFFICE.openId }));
    const bound = await t.say(WXM, "/bind 市科技局", { chatId: GROUP });
    expect(bound.sent.map((m) => m.text ?? "").join()).toContain("市科技局 联络员");
    return t;
  }

  async function unitId(): Promise<number> {
    const [row] = await ctx.database.query<{ id: number }>(
      sql`select id from units where plan_id = ${WUHAN_ID} and name = '市科技局'`,
    );
    return Number(row?.id);
  }

  function configFor(t: E2E) {
    return loadConfig({
      FEISHU_APP_ID: t.fake.appId,
      FEISHU_APP_SECRET: t.fake.appSecret,
      FEISHU_DOMAIN: t.fake.url,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      DUBAN_ADMINS: OFFICE.openId,
      LOG_LEVEL: "warn",
    });
  }

  /** Ticks at each instant on every database given (concurrently: two instances); what reached the fake, by day. */
  async function walk(t: E2E, databases: Database[], onDay?: (day: string) => Promise<void>) {
    const config = configFor(t);
    const byDay = new Map<string, string[]>();
    const outboxRows = async (state?: string) =>
      Number(
        (
          await ctx.database.query<{ n: number }>(
            state
              ? sql`select count(*)::int as n from outbox where state = ${state}`
              : sql`select count(*)::int as n from outbox`,
          )
        )[0]?.n,
      );
    for (const day of JUNE) {
      await onDay?.(day);
      for (const hhmm of ["09:35", "16:00", "22:00"]) {
        const rowsBefore = await outboxRows();
        const sentBefore = await outboxRows("sent");
        const before = t.fake.sent().length;
        const results = await Promise.all(
          databases.map((d) => tickAt(config, d, local(day, hhmm), { logger: createMemoryLogger() })),
        );
        const sent = t.fake.sent().slice(before);
        for (const r of results) expect(r.errors, `${day} ${hhmm}`).toEqual([]);
        // What the tick says is what happened: rows it added, messages its drain sent.
        const ran = results.filter((r) => r.ran);
        expect(
          ran.reduce((n, r) => n + r.enqueued, 0),
          `${day} ${hhmm} enqueued`,
        ).toBe((await outboxRows()) - rowsBefore);
        expect(
          ran.reduce((n, r) => n + (r.drain && "sent" in r.drain ? r.drain.sent : 0), 0),
          `${day} ${hhmm} sent`,
        ).toBe((await outboxRows("sent")) - sentBefore);
        if (sent.length > 0) byDay.set(day, [...(byDay.get(day) ?? []), ...sent.map(describe)]);
      }
    }
    return byDay;
  }

  /** Who got what: `王小明 <key>` for him directly, `group <key>` for the work group (the plan's office chat). */
  function describe(m: { chatId?: string; openId?: string; uuid?: string | undefined }): string {
    const who = m.openId === WXM.openId ? "王小明" : m.chatId === GROUP ? "group" : (m.openId ?? "?");
    return `${who} ${(m.uuid ?? "").replace(/:\d+:/g, ":#:").replace(/:[0-9a-f]{12}:/, ":h:")}`;
  }

  it("reaches the liaison and the office on the plan's days, and nothing else", async () => {
    e = await setUp();
    const t = e;
    const kjj = await unitId();
    const byDay = await walk(t, [ctx.database], async (day) => {
      // 市科技局 reports its half-year summary on 06-22: its H1 reminders stop; June's go on.
      if (day === "22")
        await reportAll(
          ctx.database,
          await roundId(ctx.database, "half_year", "2022-H1"),
          kjj,
          local("22", "08:00"),
        );
    });
    expect(Object.fromEntries([...byDay].map(([d, list]) => [d, list.sort()]))).toEqual(RHYTHM);
    // The same instant again sends nothing more.
    const before = t.fake.sent().length;
    const again = await tickAt(configFor(t), ctx.database, local("27", "16:00"), {
      logger: createMemoryLogger(),
    });
    expect(again.enqueued).toBe(0);
    expect(t.fake.sent().length).toBe(before);
    // June's fresh card goes out at the first tick in working time after 06-30 16:00, once.
    const refreshes = () =>
      t.fake.sent({ openId: WXM.openId }).filter((m) => m.uuid?.startsWith("refresh:")).length;
    const june = refreshes();
    for (const [at, added] of [
      ["2022-07-01T09:35:00+08:00", 1],
      ["2022-07-01T16:00:00+08:00", 1],
    ] as const) {
      const r = await tickAt(configFor(t), ctx.database, new Date(at), { logger: createMemoryLogger() });
      expect(r.errors, at).toEqual([]);
      expect(refreshes() - june, at).toBe(added);
    }
  }, 300_000);

  it("with two instances ticking at the same instants, each message still goes out once", async () => {
    e = await setUp();
    const t = e;
    // A second process: on Postgres a pool of its own; PGlite is one process's database, shared.
    const second = ctx.url ? await openDatabase({ url: ctx.url, max: 3 }) : ctx.database;
    if (second !== ctx.database) others.push(second);
    const kjj = await unitId();
    const byDay = await walk(t, [ctx.database, second], async (day) => {
      if (day === "22")
        await reportAll(
          ctx.database,
          await roundId(ctx.database, "half_year", "2022-H1"),
          kjj,
          local("22", "08:00"),
        );
    });
    expect(Object.fromEntries([...byDay].map(([d, list]) => [d, list.sort()]))).toEqual(RHYTHM);
    const uuids = t.fake.sent().map((m) => m.uuid ?? "");
    expect(uuids.length).toBe(new Set(uuids).size);
  }, 300_000);
});
