import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { createPlanStore } from "../../src/db/store/plan-store";
import { tickAt } from "../../src/entry/tick-command";
import { loadPlan } from "../../src/plans/load";
import { createMemoryLogger } from "../../src/wiring/log";
import { describeDb } from "../helpers/db";
import { type E2E, ENCRYPT_KEY, OFFICE, shownText, startE2E, VERIFICATION_TOKEN } from "./harness";
import { WUHAN_ID, wuhanPlan } from "./plan";

/**
 * The work group's month: the sample plan with EVERY unit bound to a liaison in its one work group (the plan's
 * office chat too), nobody reporting, and `duban tick --at` at 09:35, 16:00 and 22:00 on every day of June 2022.
 * The group hears of a round's opening once and of the day's overdue units once; reminders, 加急, escalations
 * and drafts go to people.
 */
const GROUP = "oc_quiet_work";
const TODAY = new Date("2026-12-04T10:00:00+08:00");
const local = (day: string, hhmm: string) => new Date(`2022-06-${day}T${hhmm}:00+08:00`);
const JUNE = Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(2, "0"));
/** The Monday of the ISO week a June day falls in (06-01 is a Wednesday). */
const weekOf = (day: number) => {
  const monday = day - ((new Date(Date.UTC(2022, 5, day)).getUTCDay() + 6) % 7);
  return monday < 1 ? "05-30" : `06-${String(monday).padStart(2, "0")}`;
};

describeDb("e2e: a quiet work group over June 2022, every unit bound", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("sends the work group at most a message a day, and every reminder to its liaison", async () => {
    e = await startE2E(ctx, { now: TODAY });
    const t = e;
    await loadPlan(createPlanStore(ctx.database.db), wuhanPlan(), { now: TODAY });
    const units = await ctx.database.query<{ name: string }>(
      sql`select name from units where plan_id = ${WUHAN_ID} and kind = 'unit' order by id`,
    );
    const people = units.map((u, i) => ({
      openId: `ou_quiet_${String(i).padStart(3, "0")}${"0".repeat(22)}`,
      name: `联络员${i + 1}`,
      unit: u.name,
    }));
    t.fake.addChat(GROUP, [OFFICE, ...people], "1号议案办理工作群");
    await t.deliver(t.sender.botAdded({ chatId: GROUP, chatName: GROUP, operator: OFFICE.openId }));
    for (const p of people) {
      const r = await t.say(OFFICE, `/bind @${p.name} ${p.unit}`, { chatId: GROUP, mentions: [p] });
      expect(r.sent.map(shownText).join(), p.unit).toContain(p.unit);
    }
    const config = loadConfig({
      FEISHU_APP_ID: t.fake.appId,
      FEISHU_APP_SECRET: t.fake.appSecret,
      FEISHU_DOMAIN: t.fake.url,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      DUBAN_ADMINS: OFFICE.openId,
      LOG_LEVEL: "warn",
    });
    const start = t.fake.sent().length;
    const perWeek: Record<string, number> = {};
    const groupByDay: Record<string, string[]> = {};
    for (const day of JUNE) {
      const before = t.fake.sent().length;
      for (const hhmm of ["09:35", "16:00", "22:00"]) {
        const r = await tickAt(config, ctx.database, local(day, hhmm), { logger: createMemoryLogger() });
        expect(r.errors, `${day} ${hhmm}`).toEqual([]);
      }
      const toGroup = t.fake
        .sent()
        .slice(before)
        .filter((m) => m.chatId === GROUP);
      if (toGroup.length === 0) continue;
      const week = weekOf(Number(day));
      perWeek[week] = (perWeek[week] ?? 0) + toGroup.length;
      groupByDay[day] = toGroup.map((m) => (m.uuid ?? "").replace(/:\d+:/g, ":#:"));
    }
    const june = t.fake.sent().slice(start);
    const sentAt = (uuid: string | undefined) => uuid ?? "";
    const toGroup = june.filter((m) => m.chatId === GROUP);
    console.log("messages to the work group per week of June 2022:", perWeek, groupByDay);
    console.log(
      "direct messages in June 2022:",
      june.filter((m) => m.openId && m.openId !== OFFICE.openId).length,
      "to the office:",
      june.filter((m) => m.openId === OFFICE.openId).length,
    );
    for (const [week, n] of Object.entries(perWeek)) expect(n, `week of ${week}`).toBeLessThanOrEqual(2);
    expect(perWeek["06-27"]).toBe(1); // the June round's overdue units, once
    // Nothing @-mentions a liaison one by one in the group: the opening notices mention each liaison once.
    for (const m of toGroup) {
      const text = JSON.stringify(m.content ?? "");
      for (const p of people.slice(0, 5))
        expect(text.split(p.openId).length - 1, m.uuid).toBeLessThanOrEqual(1);
    }
    // Each liaison had the June round's overdue nudge and its 加急 directly, and the office the escalation.
    const uuids = june.map((m) => `${m.openId ?? m.chatId} ${sentAt(m.uuid).replace(/:\d+:/g, ":#:")}`);
    expect(uuids.filter((u) => u.endsWith(":overdue")).length).toBeGreaterThanOrEqual(people.length);
    expect(uuids.some((u) => u.startsWith(OFFICE.openId) && u.includes("esc:#:office"))).toBe(true);
  }, 600_000);
});
