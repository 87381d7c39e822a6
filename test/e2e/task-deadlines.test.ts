import { afterEach, expect, it } from "vitest";
import { createPlanStore } from "../../src/db/store/plan-store";
import { loadPlan } from "../../src/plans/load";
import { cardButton, cardButtons, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText, startE2E } from "./harness";
import { wuhanPlan } from "./plan";
import { local, tick } from "./schedule-setup";

/**
 * Task deadlines (完成时限) through the real tick, the outbox and the fake Feishu: the sample plan with 四.1 and
 * 三.5 due 2022年9月底前 (四.1 led by 市经信局 and 市司法局), 三.7 due 每季度末 and 二.7 长期坚持, walked from
 * 16 September to 10 October 2022 at 09:45. In the September round 市司法局 reports 四.1 under way, then
 * 已完成 on the 26th; 市经信局 reports 三.5 under way and never finishes it; nobody reports 三.7.
 */
const WORK = "oc_deadline_work";
const JXJ = { openId: "ou_dl_jxj0000000000000000000000001", name: "张经信" }; // 市经信局: 四.1, 三.5
const SF = { openId: "ou_dl_sf00000000000000000000000001", name: "王司法" }; // 市司法局: co-lead of 四.1, reports
const NY = { openId: "ou_dl_ny00000000000000000000000001", name: "赵农业" }; // 市农业农村局: 三.7 每季度末
const TJ = { openId: "ou_dl_tj00000000000000000000000001", name: "李统计" }; // 市统计局: 二.7 长期坚持
const PEOPLE = [JXJ, SF, NY, TJ];

type Task = { id: string; lead: string[]; responsible: string[]; deadlines: unknown[] };
function planWithDeadlines(): unknown {
  const plan = wuhanPlan() as { sections: Array<{ tasks: Task[] }> };
  const set = (id: string, f: (t: Task) => void) => {
    const t = plan.sections.flatMap((s) => s.tasks).find((x) => x.id === id);
    if (!t) throw new Error(id);
    f(t);
  };
  // As a plan loaded before deadlines had a kind (no `kind` field): read again from the words.
  set("四.1", (t) => {
    t.deadlines = [{ text: "2022年9月底前", date: "2022-09-30" }];
    t.lead = ["市经信局", "市司法局"];
    t.responsible = t.responsible.filter((u) => u !== "市司法局");
  });
  set("三.5", (t) => {
    t.deadlines = [{ text: "2022年9月底前", date: "2022-09-30", kind: "dated" }];
  });
  set("三.7", (t) => {
    t.deadlines = [{ text: "每季度末", date: null, kind: "recurring", every: "quarter" }];
  });
  set("二.7", (t) => {
    t.deadlines = [{ text: "长期坚持", date: null, kind: "ongoing" }];
  });
  return plan;
}

/** The row of `code` on a page of an overview card. */
const rowOf = (card: unknown, code: string) =>
  (((card as { body?: { elements?: unknown[] } } | undefined)?.body?.elements ?? []) as unknown[]).find(
    (el) => cardShown(el).includes(`**${code}**`),
  );

/** The liaison fills (or revises) a task from their September overview card, paging to its row. */
async function report(t: E2E, who: Person, code: string, status: "in_progress" | "done" = "in_progress") {
  const msg = t.fake
    .sent({ openId: who.openId })
    .find((m) => m.msgType === "interactive" && cardShown(m.card).includes("2022年9月 月调度"));
  if (!msg) throw new Error(`${who.name} got no overview card`);
  const on = { messageId: msg.messageId };
  let card: unknown = t.fake.cardOf(msg.messageId);
  let row = rowOf(card, code);
  while (!row) {
    card = (await t.click(who, cardButton(card, "下一页").value, on)).card;
    row = rowOf(card, code);
  }
  const form = await t.click(
    who,
    cardButton(row, cardShown(row).includes("修改") ? "修改" : "填报").value,
    on,
  );
  const submit = cardButtons(form.card).find((b) => b.label.startsWith("提交"));
  if (!submit) throw new Error("no 提交 on the form");
  const done = await t.click(who, submit.value, {
    ...on,
    formValue: { status, progress: status === "done" ? "规划已印发实施" : "规划编制已完成初稿" },
  });
  expect(done.toast?.type, done.toast?.content).toBe("success");
}

describeDb("e2e: task deadlines through the tick", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("reminds each lead unit's liaison ahead, on the day and after until it reports the task 已完成; the office hears who is not finished", async () => {
    e = await startE2E(ctx, { now: local("2022-09-01T10:00") });
    const t = e;
    await loadPlan(createPlanStore(ctx.database.db), planWithDeadlines(), { now: local("2022-03-31T10:00") });
    t.fake.addChat(WORK, [OFFICE, ...PEOPLE], "1号议案办理工作群");
    await t.deliver(t.sender.botAdded({ chatId: WORK, chatName: WORK, operator: OFFICE.openId }));
    for (const [who, unit] of [
      [JXJ, "市经信局"],
      [SF, "市司法局"],
      [NY, "市农业农村局"],
      [TJ, "市统计局"],
    ] as const) {
      const r = await t.say(OFFICE, `/bind @${who.name} ${unit}`, { chatId: WORK, mentions: [who] });
      expect(r.sent.map(shownText).join(), unit).toContain(unit);
    }

    const isDeadline = (m: { msgType: string; card?: unknown }) =>
      m.msgType === "interactive" && cardShown(m.card).includes("任务完成时限");
    const seen: Record<string, string[]> = {};
    const days = Array.from({ length: 25 }, (_, i) =>
      new Date(Date.UTC(2022, 8, 16 + i)).toISOString().slice(0, 10),
    );
    for (const day of days) {
      // A second tick the same day adds nothing; one before the reminder time (09:30) sends nothing yet.
      const runs = { "2022-09-23": ["09:45", "15:00"], "2022-09-30": ["08:50", "09:45"] }[day] ?? ["09:45"];
      const sent = [];
      for (const hhmm of runs) {
        const run = (await tick(t, `${day}T${hhmm}`)).sent;
        await t.settle();
        if (hhmm === "08:50") expect(run.filter(isDeadline)).toEqual([]);
        sent.push(...run);
      }
      if (day === "2022-09-26") await report(t, SF, "四.1", "done");
      if (day === "2022-09-19") {
        await report(t, SF, "四.1");
        await report(t, JXJ, "三.5");
        // The task's detail shows its next deadline, or that it goes on.
        for (const [code, line] of [
          ["四.1", "完成时限：2022年9月底前 · 下一个时限2022年9月30日（星期五）"],
          ["三.7", "完成时限：每季度末 · 下一个时限2022年9月30日（星期五）"],
          ["二.7", "完成时限：长期坚持"],
        ]) {
          const r = await t.say(OFFICE, `/status ${code}`, { chatId: WORK });
          expect(cardShown(t.fake.cardOf(r.sent[0]?.messageId ?? "")), code).toContain(line);
        }
      }
      const got = sent.filter(isDeadline).map((m) => `${m.chatType === "group" ? m.chatId : m.openId}`);
      if (got.length > 0) seen[day] = got;
    }
    const all = t.fake.sent().filter(isDeadline);
    console.log("task-deadline messages by day:", seen);

    // 30 September 2022 is a Friday: five working days ahead is the 23rd; 8 October is the first working day after.
    expect(Object.keys(seen)).toEqual(["2022-09-23", "2022-09-30", "2022-10-08"]);
    // 市司法局 reported 四.1 under way: a one-off date still chases it, until it reports the task 已完成.
    expect(seen["2022-09-23"]?.sort()).toEqual([JXJ.openId, SF.openId, NY.openId].sort());
    expect(seen["2022-09-30"]?.sort()).toEqual([JXJ.openId, NY.openId].sort());
    expect(seen["2022-10-08"]?.sort()).toEqual([JXJ.openId, NY.openId, OFFICE.openId].sort());
    // Nothing to the work group, nothing about ongoing work.
    expect(all.filter((m) => m.chatType === "group")).toEqual([]);
    expect(all.filter((m) => m.openId === TJ.openId)).toEqual([]);
    expect(all.map((m) => cardShown(m.card)).join()).not.toContain("二.7");
    expect(cardShown(all.find((m) => m.openId === SF.openId)?.card)).toContain("**四.1**");

    // One message a person a day, listing every task due: the plan's numbering, the date with its weekday.
    const ahead = cardShown(all.find((m) => m.openId === JXJ.openId)?.card);
    expect(ahead).toContain("市经信局：");
    expect(ahead).toContain("**三.5**");
    expect(ahead).toContain("**四.1**");
    expect(ahead).toContain("**三.5** 建设国家信息消费示范城市：完成时限为2022年9月30日（星期五），即将到期");
    const quarter = cardShown(all.find((m) => m.openId === NY.openId)?.card);
    expect(quarter).toContain("**三.7**");
    expect(quarter).toContain("完成时限为2022年9月30日（星期五）");
    // The office: for the one-off date, the units not finished (市经信局 reported 三.5 under way, never 四.1);
    // for the quarter, the unit that did not report in it.
    const office = cardShown(all.find((m) => m.openId === OFFICE.openId)?.card);
    expect(office).toContain("领导小组办公室：");
    expect(office).toContain("以下任务已过完成时限，相关单位尚未完成（未报送「已完成」）：");
    expect(office).toMatch(/\*\*四\.1\*\* [^（]*（未报送：市经信局）：完成时限为2022年9月30日（星期五）。/);
    expect(office).toMatch(/\*\*三\.5\*\* [^（]*（未完成：市经信局）：完成时限为2022年9月30日（星期五）。/);
    expect(office).toContain("以下任务已过本期完成时限，相关单位本期尚未报送进展：");
    expect(office).toMatch(/\*\*三\.7\*\* [^（]*（市农业农村局）/);
    expect(office).not.toContain("市司法局");
    const late = cardShown(all.findLast((m) => m.openId === JXJ.openId)?.card);
    expect(late).toContain(
      "**三.5** 建设国家信息消费示范城市：完成时限为2022年9月30日（星期五），<font color='red'>已逾期</font>，本单位尚未报送完成",
    );
  }, 300_000);
});
