import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { cardButton } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText } from "./harness";
import { WUHAN_ID } from "./plan";
import {
  byKey,
  ids,
  JXJ,
  local,
  NY,
  OFFICE_CHAT,
  PEOPLE,
  SF,
  setUp,
  TJ,
  tick,
  to,
  WORK,
  ZZB,
} from "./schedule-setup";

/**
 * The schedule end to end: the Wuhan plan, a few liaisons bound in the chat, and 2022 walked with ticks of the
 * real runtime at the instants that matter. Every message is checked where it lands in the fake Feishu: by
 * whom, in which chat, and by its uuid (the outbox key).
 */

describeDb("e2e: the schedule through the real runtime and the fake Feishu", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("walks 2022: rounds open, the ladder climbs per unit, reporters drop out, bulletins reach the office", async () => {
    e = await setUp(ctx);
    const t = e;
    const walk: Array<Awaited<ReturnType<typeof tick>>> = [];
    const step = async (when: string) => {
      const x = await tick(t, when);
      walk.push(x);
      return x;
    };

    // 03-17: the first tick creates the plan's eleven rounds; the filing round opens with an overview card each.
    const first = await step("2022-03-17T09:45");
    expect(first.r.rounds).toMatchObject({ created: 11, opened: 1 });
    const rounds = await ctx.database.query<{ kind: string; period: string; due: string; state: string }>(sql`
      select kind, period, to_char(due_at at time zone 'Asia/Shanghai', 'MM-DD HH24:MI') as due, state
      from rounds order by due_at, kind`);
    expect(rounds.map((x) => `${x.kind} ${x.period} ${x.due} ${x.state}`)).toEqual([
      "filing 2022 03-31 18:00 open",
      "monthly 2022-04 04-25 18:00 scheduled",
      "monthly 2022-05 05-25 18:00 scheduled",
      "monthly 2022-06 06-24 18:00 scheduled", // the 25th is a Saturday
      "half_year 2022-H1 06-30 18:00 scheduled",
      "monthly 2022-07 07-25 18:00 scheduled",
      "monthly 2022-08 08-25 18:00 scheduled",
      "monthly 2022-09 09-23 18:00 scheduled", // the 25th is a Sunday
      "monthly 2022-10 10-25 18:00 scheduled",
      "selfcheck 2022 11-15 18:00 scheduled",
      "annual 2022 11-30 18:00 scheduled",
    ]);
    const { round, unit } = await ids(ctx);
    const filing = round("filing", "2022");
    for (const p of PEOPLE)
      expect(
        first.uuids.filter((u) => u.startsWith(`overview:${filing}:`) && u.endsWith(p.openId)),
      ).toHaveLength(1);
    // The office hears once about the units nobody can receive a card for.
    const unbound = first.sent.filter((m) => m.chatId === OFFICE_CHAT);
    expect(unbound.map((m) => m.uuid?.split(":")[0])).toEqual(["nocontact"]);

    // 06-16 and 06-17: the half-year round and June's open (the rounds missed meanwhile are closed, not sent).
    const h1Open = await step("2022-06-16T09:45");
    const h1 = round("half_year", "2022-H1");
    expect(h1Open.uuids.filter((u) => u.startsWith(`overview:${h1}:`))).toHaveLength(PEOPLE.length);
    expect(h1Open.uuids.some((u) => u.startsWith("nudge:"))).toBe(false);
    const juneOpen = await step("2022-06-17T09:45");
    const june = round("monthly", "2022-06");
    expect(juneOpen.uuids.filter((u) => u.startsWith(`overview:${june}:`))).toHaveLength(PEOPLE.length);

    // 06-21 09:20: the reminder's time (09:30 + jitter) has not come. 09:45: each liaison directly, one card
    // to the office chat for the units with nobody bound, nothing in the work group; the deputy stands in.
    expect((await step("2022-06-21T09:20")).sent).toEqual([]);
    const remind = await step("2022-06-21T09:45");
    const remindKeys = (u: string) => `nudge:${june}:${unit(u)}:remind`;
    for (const [p, u] of [
      [JXJ, "市经信局"],
      [TJ, "市统计局"],
      [SF, "市司法局"],
      [NY, "市农业农村局"],
      [ZZB, "市委组织部"],
    ] as const) {
      const m = byKey(remind.sent, remindKeys(u));
      expect(m && to(m), u).toBe(p.openId);
      expect(shownText(m)).toContain("6月24日（星期五）18:00");
    }
    const officeNote = byKey(remind.sent, `nudge:${june}:office:remind`);
    expect(officeNote?.chatId).toBe(OFFICE_CHAT);
    expect(shownText(officeNote)).toContain("江岸区人民政府");
    expect(shownText(officeNote)).not.toContain("市统计局");
    expect(remind.sent.filter((m) => m.chatId === WORK)).toEqual([]);
    expect(remind.sent).toHaveLength(6);

    // 06-22: 市农业农村局 reports its one June task on the card it received (填报 → 提交).
    e.at(local("2022-06-22T14:00"));
    const card = e.fake.sent({ openId: NY.openId }).find((m) => m.uuid?.startsWith(`overview:${june}:`));
    if (!card) throw new Error("no June overview card for 市农业农村局");
    const fill = await e.click(NY, cardButton(e.fake.cardOf(card.messageId), "填报").value, {
      messageId: card.messageId,
      chatId: card.chatId,
    });
    expect(fill.status).toBe(200);
    const submitted = await e.click(NY, cardButton(fill.card, "提交").value, {
      messageId: card.messageId,
      chatId: card.chatId,
      formValue: { status: "in_progress", progress: "数字渔场项目已开工 3 个" },
    });
    expect(submitted.toast?.type).toBe("success");

    // 06-24 09:45, the due day: everyone still missing something, but not 市农业农村局.
    const due = await step("2022-06-24T09:45");
    expect(due.uuids).toContain(`nudge:${june}:${unit("市统计局")}:due`);
    expect(due.uuids).not.toContain(`nudge:${june}:${unit("市农业农村局")}:due`);
    expect(shownText(byKey(due.sent, `nudge:${june}:${unit("市统计局")}:due`))).toContain("今日截止");

    // Saturday 06-25: nothing.
    const saturday = await step("2022-06-25T10:15");
    expect(saturday.sent).toEqual([]);
    expect(saturday.r.nudges.planned).toBe(0);

    // 06-27, the first working day after: to the liaison directly with a buzz, and one digest in the work
    // group naming the overdue units; the half-year reminder; the Q2 bulletin draft card to the office chat.
    const late = await step("2022-06-27T10:15");
    const overdueTj = byKey(late.sent, `nudge:${june}:${unit("市统计局")}:overdue`);
    expect(overdueTj?.openId).toBe(TJ.openId);
    expect(overdueTj?.card && JSON.stringify(overdueTj.card)).not.toContain("<at id=");
    const inWork = late.sent.filter((m) => m.chatId === WORK);
    expect(inWork.map((m) => (m.uuid ?? "").split(":")[0])).toEqual(["digest"]);
    expect(JSON.stringify(inWork[0]?.card)).toContain("市统计局");
    expect(e.fake.message(overdueTj?.messageId ?? "")?.urgentTo).toEqual([TJ.openId]);
    expect(late.uuids).not.toContain(`nudge:${june}:${unit("市农业农村局")}:overdue`);
    expect(byKey(late.sent, `nudge:${june}:office:overdue`)?.chatId).toBe(OFFICE_CHAT);
    expect(late.uuids).toContain(`nudge:${h1}:${unit("市农业农村局")}:remind`); // it still owes the H1 summary
    const q2 = byKey(late.sent, `bulletin:${WUHAN_ID}:quarter:2022-Q2`);
    expect(q2?.chatId).toBe(OFFICE_CHAT);
    expect(shownText(q2)).toContain("第二季度");
    expect(cardButton(q2?.card, "发布").value).toMatchObject({ action: "bulletin_publish" });
    const drafts = await ctx.database.query<{
      kind: string;
      period: string;
      created_by: string;
      state: string;
    }>(sql`select kind, period, created_by, state from bulletins`);
    expect(drafts).toEqual([{ kind: "quarter", period: "2022-Q2", created_by: "schedule", state: "draft" }]);

    // 06-29, 3 working days after: the overdue list to the office chat; to 市经信局's liaison the units late
    // on the tasks it leads (市司法局 on 四.1).
    const esc = await step("2022-06-29T10:15");
    const list = byKey(esc.sent, `esc:${june}:office`);
    expect(list?.chatId).toBe(OFFICE_CHAT);
    for (const u of ["市统计局", "市司法局", "市委组织部", "江岸区人民政府"])
      expect(shownText(list)).toContain(u);
    expect(shownText(list)).not.toContain("市农业农村局");
    const lead = byKey(esc.sent, `esc:${june}:lead:${unit("市经信局")}`);
    expect(lead && to(lead)).toBe(JXJ.openId);
    expect(shownText(lead)).toContain("市司法局");
    expect(shownText(lead)).not.toContain("市统计局"); // 二.7 has no lead unit

    // 07-01: the half-year round's overdue @ and the half-year bulletin.
    const july = await step("2022-07-01T10:15");
    expect(july.uuids).toContain(`nudge:${h1}:${unit("市农业农村局")}:overdue`);
    expect(byKey(july.sent, `bulletin:${WUHAN_ID}:half:2022-H1`)?.chatId).toBe(OFFICE_CHAT);

    // September: the office reopens the round for 市统计局 until 09-30; it leaves the round's escalation and
    // gets its own ladder, across the round's close and National Day, overdue on the 调休 Saturday 10-08.
    await step("2022-09-16T09:45");
    const sep = round("monthly", "2022-09");
    const sepLate = await step("2022-09-26T10:15");
    expect(sepLate.uuids).toContain(`nudge:${sep}:${unit("市统计局")}:overdue`);
    expect(byKey(sepLate.sent, `bulletin:${WUHAN_ID}:quarter:2022-Q3`)?.chatId).toBe(OFFICE_CHAT);
    e.at(local("2022-09-26T11:00"));
    const reopen = await e.say(OFFICE, "/round reopen 市统计局 monthly 2022-09 2022-09-30", { chatId: WORK });
    expect(reopen.sent.map(shownText).join()).toContain("重新开放");

    const sepEsc = await step("2022-09-28T10:15");
    const sepList = byKey(sepEsc.sent, `esc:${sep}:office`);
    expect(shownText(sepList)).toContain("市司法局");
    expect(shownText(sepList)).not.toContain("市统计局");

    const stamp = `r${Math.floor(local("2022-09-30T18:00").getTime() / 1000).toString(36)}`;
    const ownDue = await step("2022-09-30T09:45");
    const ownDueMsg = byKey(ownDue.sent, `nudge:${sep}:${unit("市统计局")}:due:${stamp}`);
    expect(ownDueMsg && to(ownDueMsg)).toBe(TJ.openId);
    expect(shownText(ownDueMsg)).toContain("9月30日（星期五）18:00（办公室延期后）");
    expect(ownDue.sent.filter((m) => m.uuid?.startsWith(`nudge:${sep}:`))).toHaveLength(1);

    const closing = await step("2022-09-30T18:30");
    expect(closing.r.rounds.closed).toBe(1);
    expect(closing.sent).toEqual([]);

    const nationalDay = await step("2022-10-03T10:15");
    expect(nationalDay.sent).toEqual([]);
    expect(nationalDay.r.nudges.planned + nationalDay.r.escalations).toBe(0);

    const workedSaturday = await step("2022-10-08T09:45");
    const ownOverdue = byKey(workedSaturday.sent, `nudge:${sep}:${unit("市统计局")}:overdue:${stamp}`);
    expect(ownOverdue?.openId).toBe(TJ.openId);
    expect(e.fake.message(ownOverdue?.messageId ?? "")?.urgentTo).toEqual([TJ.openId]);
    // The liaison's nudge and the work group's digest naming the unit.
    expect(workedSaturday.sent.map((m) => m.openId ?? m.chatId).sort()).toEqual([WORK, TJ.openId].sort());

    const ownEsc = await step("2022-10-10T10:15");
    const ownList = byKey(ownEsc.sent, `esc:${sep}:office:${stamp}`);
    expect(ownList?.chatId).toBe(OFFICE_CHAT);
    expect(shownText(ownList)).toContain("市统计局");
    expect(shownText(ownList)).not.toContain("市司法局");

    // Every send of the ladder was planned inside working hours, 1–9 minutes after its step (09:30, 10:00), never
    // on the hour. (A refreshed overview card goes out with the tick that finds it aging.)
    const ladder = new Set(["nudge", "nudge_office", "escalate", "digest"]);
    const times = walk.flatMap((w) =>
      w.planned.filter((p) => p.at && ladder.has(p.type)).map((p) => `${p.key} ${p.at}`),
    );
    expect(walk.flatMap((w) => w.planned).some((p) => p.type === "overview")).toBe(true);
    expect(times.length).toBeGreaterThan(40);
    for (const t of times) expect(t).toMatch(/）(09:3[1-9]|10:0[1-9])$/);

    // Over the whole walk: each uuid once, nothing failed, nothing left behind.
    const uuids = e.fake.sent().map((m) => m.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    const states = await ctx.database.query<{ state: string; n: number }>(
      sql`select state, count(*)::int as n from outbox group by state order by state`,
    );
    expect(states.map((s) => s.state)).toEqual(["sent"]);
  }, 180_000);
});
