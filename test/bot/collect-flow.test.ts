import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { reportRequests, reports } from "../../src/db/schema";
import { markdownLiteral } from "../../src/feishu/escape";
import { titleOf } from "../../src/schedule/domain/rounds";
import { smallPlan } from "../fixtures/small-plan";
import { button, inputName, OFFICE, raw, type Scenario, scenario, shown } from "../helpers/collect-scenario";
import { describeDb } from "../helpers/db";

const JXJ = "ou_jxj"; // 市经信局 liaison (lead of 一.1)
const JXJ2 = "ou_jxj_deputy";
const KJJ = "ou_kjj"; // 市科技局 liaison
const JA = "ou_jiangan"; // 江岸区 liaison
const ATTACK = "进展顺利<at id=all></at> [点我](http://evil.example) **粗**";

describeDb("collecting progress through cards", (ctx) => {
  async function opened(): Promise<Scenario> {
    const s = await scenario(ctx.database, smallPlan());
    await s.bind(JXJ, "市经信局");
    await s.bind(JXJ2, "市经信局", "deputy");
    await s.bind(KJJ, "市科技局");
    await s.bind(JA, "江岸区人民政府");
    await s.command("/round open monthly 2022-06");
    return s;
  }

  const overviewOf = (s: Scenario, openId: string) => {
    const card = s.screen(openId);
    if (card.template !== "overview") throw new Error(`${openId} sees ${card.template}`);
    return card;
  };

  async function fillAndSubmit(s: Scenario, openId: string, form: Record<string, unknown>, nth = 0) {
    const answer = await s.click(button(overviewOf(s, openId), "填报", nth), openId);
    if (!answer.card) throw new Error(`no form: ${answer.toast?.content}`);
    return s.click(button(answer.card, "提交"), openId, form);
  }

  const revisions = async () =>
    ctx.database.query<{
      unit: string;
      code: string | null;
      revision: number;
      late: boolean;
      progress: string;
    }>(sql`
      select u.name as unit, t.code, r.revision, r.late, r.progress from reports r
      join report_requests rr on rr.id = r.request_id join units u on u.id = rr.unit_id
      left join tasks t on t.id = rr.task_id order by r.id`);

  it("opens a round: one request per unit and task, one overview card per liaison, the office told about the rest", async () => {
    const s = await scenario(ctx.database, smallPlan());
    await s.bind(JXJ, "市经信局");
    await s.bind(JXJ2, "市经信局", "deputy");
    await s.bind(KJJ, "市科技局");
    await s.bind(JA, "江岸区人民政府");
    const [reply] = await s.command("/round open monthly 2022-06");
    expect(reply).toContain("已开启「2022年6月 月调度」");
    expect(reply).toContain("4 个单位、5 项报送要求");
    expect(reply).toContain("2022年6月24日（星期五）18:00");
    expect(reply).toContain("江汉区人民政府");

    const reqs = await ctx.database.query<{ unit: string; code: string; role: string }>(sql`
      select u.name as unit, t.code, rr.role from report_requests rr join units u on u.id = rr.unit_id
      join tasks t on t.id = rr.task_id order by t.code, u.name`);
    expect(reqs).toEqual([
      { unit: "市科技局", code: "一.1", role: "responsible" },
      { unit: "市经信局", code: "一.1", role: "lead" },
      { unit: "江岸区人民政府", code: "一.1", role: "responsible" },
      { unit: "江汉区人民政府", code: "一.1", role: "responsible" },
      { unit: "市经信局", code: "一.2", role: "responsible" },
    ]);

    const card = overviewOf(s, JXJ);
    const text = shown(card);
    expect(text).toContain("市经信局 · 2022年6月 月调度");
    expect(text).toContain("2022年6月24日（星期五）18:00");
    expect(text).toContain("待报送");
    expect(text).toContain("汇总"); // lead of 一.1
    expect(s.cardsTo(JXJ2)).toHaveLength(1); // the deputy has a copy
    const notice = s.cardsTo(OFFICE).find((c) => c.card.template === "notice");
    expect(shown(notice?.card)).toContain("江汉区人民政府");
    const cards = await ctx.database.query<{ recipient: string; outbox_key: string }>(
      sql`select recipient, outbox_key from unit_cards order by recipient`,
    );
    expect(cards.map((c) => c.recipient)).toEqual([JA, JXJ, JXJ2, KJJ].sort());
    expect(cards.find((c) => c.recipient === KJJ)?.outbox_key).toMatch(/^overview:\d+:\d+:ou_kjj$/);

    // Opening twice changes nothing.
    const items = s.outbox.items.length;
    const [again] = await s.command("/round open 月调度 2022年6月");
    expect(again).toContain("无需重复开启");
    expect(s.outbox.items.length).toBe(items + 1); // the reply only
    expect(await ctx.database.query(sql`select id from report_requests`)).toHaveLength(5);

    // A liaison bound later gets the card when the round is opened again; nobody else gets a second one.
    await s.bind("ou_jianghan", "江汉区人民政府");
    const [third] = await s.command("/round open monthly 2022-06");
    expect(third).toContain("补发 1 张");
    expect(s.cardsTo("ou_jianghan")).toHaveLength(1);
    expect(s.cardsTo(KJJ)).toHaveLength(1);
  });

  it("a liaison fills the form in place, submits, and the card, the deputy's copy, the lead and the status follow", async () => {
    const s = await opened();
    const fill = await s.click(button(overviewOf(s, KJJ), "填报"), KJJ);
    expect(fill.card?.template).toBe("task-form");
    const form = shown(fill.card);
    expect(form).toContain("进展情况");
    expect(form).toContain("由牵头单位统一填报"); // 市科技局 does not report 一.1's figures
    expect(form).not.toContain("ind_");

    const answer = await s.click(button(fill.card as never, "提交"), KJJ, {
      status: "in_progress",
      progress: ATTACK,
      problems: "需要市发改委协调用地",
      evidence: "https://example.gov.cn/a.pdf",
    });
    expect(answer.toast).toMatchObject({ type: "success" });
    expect(answer.toast?.content).toContain("已报送「一.1」（第1版）");
    expect(answer.card?.template).toBe("overview");
    expect(shown(answer.card)).toContain("已报送");
    expect(raw(answer.card)).not.toContain("<at id=all>");
    expect(raw(answer.card)).toContain(markdownLiteral("<at id=all>"));

    const [rev] = await revisions();
    expect(rev).toMatchObject({ unit: "市科技局", code: "一.1", revision: 1, late: false, progress: ATTACK });
    const [req] = await ctx.database.db
      .select({ latest: reportRequests.latestReportId })
      .from(reportRequests)
      .innerJoin(reports, eq(reports.requestId, reportRequests.id));
    expect(req?.latest).toBeTypeOf("number");
    const states = await s.collect.requestStates(
      { planId: s.planId, unitId: await s.unitId("市科技局") },
      s.clock.at,
    );
    expect(states.map((x) => x.state)).toEqual(["reported"]);

    // The lead unit's liaison is told once, with the text shown literally.
    const notes = s.cardsTo(JXJ).filter((c) => c.item.purpose === "lead_notice");
    expect(notes).toHaveLength(1);
    const note = raw(notes[0]?.card);
    expect(shown(notes[0]?.card)).toContain("市科技局");
    expect(note).not.toContain("<at id=all>");
    expect(note).not.toContain("[点我](");

    // The lead view shows it, escaped, from the lead's card and by command.
    const lead = await s.click(button(overviewOf(s, JXJ), "汇总"), JXJ);
    expect(lead.card?.template).toBe("lead-view");
    const view = shown(lead.card);
    expect(view).toContain("市科技局");
    expect(view).toContain("需要市发改委协调用地");
    expect(raw(lead.card)).not.toContain("<at id=all>");
    expect(raw(lead.card)).not.toContain("[点我](");
    expect(view).toContain("待报送"); // 江岸区 has not reported
    const before = s.outbox.items.length;
    await s.command("/lead 二.9", JXJ).then((r) => expect(r[0]).toContain("没有找到任务"));
    await s.command("/lead 一.1", JXJ);
    const reply = s.outbox.items
      .slice(before + 1)
      .find((i) => i.kind === "reply" && i.message.type === "card");
    expect(
      reply && reply.kind === "reply" && reply.message.type === "card" ? reply.message.card.template : "",
    ).toBe("lead-view");

    // A deputy's submit patches the liaison's copy (not the deputy's own: the callback answer updates that).
    const patchesBefore = s.outbox.items.filter((i) => i.kind === "patch").length;
    // 返回 leads from the lead view back to the overview; the liaison opens 一.2's form meanwhile.
    const back = await s.click(button(s.screen(JXJ), "返回"), JXJ);
    expect(back.card?.template).toBe("overview");
    const stale = await s.click(button(overviewOf(s, JXJ), "填报", 1), JXJ);
    await fillAndSubmit(s, JXJ2, { status: "done", progress: "已完成试点" }, 1);
    const patches = s.outbox.items.filter((i) => i.kind === "patch").slice(patchesBefore);
    expect(patches).toHaveLength(1);
    expect(patches[0]?.kind === "patch" && patches[0].target).toEqual({
      outboxKey: expect.stringMatching(/^overview:\d+:\d+:ou_jxj$/),
    });
    // Their submit on the older form is kept as the next revision, and they are told.
    expect(stale.card?.template).toBe("task-form");
    const late = await s.click(button(stale.card as never, "提交"), JXJ, {
      status: "done",
      progress: "联络员版本",
    });
    expect(late.toast?.content).toContain("填写期间已有他人提交第1版");
    expect((await revisions()).filter((r) => r.code === "一.2").map((r) => r.revision)).toEqual([1, 2]);
  });

  it("refuses a forwarded card politely, and a plain member, storing nothing", async () => {
    const s = await opened();
    const fillKjj = button(overviewOf(s, KJJ), "填报");
    const other = await s.click(fillKjj, JA);
    expect(other.toast?.type).toBe("warning");
    expect(other.toast?.content).toContain("市科技局");
    expect(other.card).toBeUndefined();
    const stranger = await s.click(fillKjj, "ou_stranger");
    expect(stranger.toast?.content).toContain("抱歉");
    const form = await s.click(fillKjj, KJJ);
    const submit = button(form.card as never, "提交");
    const forged = await s.click(submit, JA, { status: "done", progress: "冒名" });
    expect(forged.toast?.content).toContain("市科技局");
    expect(await revisions()).toHaveLength(0);
    // The office may submit for any unit.
    const byOffice = await s.click(submit, OFFICE, { status: "done", progress: "办公室代报" });
    expect(byOffice.toast?.type).toBe("success");
  });

  it("answers a validation error with a toast naming the field and stores nothing", async () => {
    const s = await opened();
    const form = await s.click(button(overviewOf(s, KJJ), "填报"), KJJ);
    const submit = button(form.card as never, "提交");
    const empty = await s.click(submit, KJJ, { status: "in_progress", progress: "   " });
    expect(empty.toast).toEqual({ type: "error", content: "「进展情况」不能为空" });
    expect(empty.card).toBeUndefined();
    const long = await s.click(submit, KJJ, { status: "in_progress", progress: "长".repeat(501) });
    expect(long.toast?.content).toBe("「进展情况」不能超过500字");
    const link = await s.click(submit, KJJ, {
      status: "in_progress",
      progress: "好",
      evidence: "javascript:alert(1)",
    });
    expect(link.toast?.content).toContain("「佐证材料链接」须为 http 或 https");
    const status = await s.click(submit, KJJ, { status: "whatever", progress: "好" });
    expect(status.toast?.content).toContain("「推进状态」");
    expect(await revisions()).toHaveLength(0);
  });

  it("a double click or a replayed callback makes one revision; a later edit makes the next", async () => {
    const s = await opened();
    const form = await s.click(button(overviewOf(s, KJJ), "填报"), KJJ);
    const submit = button(form.card as never, "提交");
    const content = { status: "in_progress", progress: "第一次" };
    const [a, b] = await Promise.all([s.click(submit, KJJ, content), s.click(submit, KJJ, content)]);
    const c = await s.click(submit, KJJ, content);
    expect([a, b, c].filter((x) => x.toast?.content.includes("重复提交"))).toHaveLength(2);
    expect(await revisions()).toHaveLength(1);
    expect(s.cardsTo(JXJ).filter((x) => x.item.purpose === "lead_notice")).toHaveLength(1);

    const again = await s.click(button(c.card as never, "修改"), KJJ);
    expect(shown(again.card)).toContain("第一次"); // prefilled with the last text
    const edited = await s.click(button(again.card as never, "提交修改"), KJJ, {
      status: "done",
      progress: "第二次",
    });
    expect(edited.toast?.content).toContain("第2版");
    expect((await revisions()).map((r) => r.revision)).toEqual([1, 2]);
    expect(s.cardsTo(JXJ).filter((x) => x.item.purpose === "lead_notice")).toHaveLength(2);
  });

  it("asks to confirm a cumulative figure that goes down, and flags a task behind the calendar", async () => {
    const s = await opened();
    const start = await s.click(button(overviewOf(s, JXJ), "填报"), JXJ);
    const racks = inputName(start.card as never, "数据中心机架");
    const first = await s.click(button(start.card as never, "提交"), JXJ, {
      status: "in_progress",
      progress: "推进",
      [racks]: "2万",
    });
    expect(first.toast?.type).toBe("success");
    const form = await s.click(button(overviewOf(s, JXJ), "修改"), JXJ);
    expect(shown(form.card)).toContain('"default_value":"20000"'); // prefilled with the last value
    const down = await s.click(button(form.card as never, "提交修改"), JXJ, {
      status: "in_progress",
      progress: "核减",
      [racks]: "10000",
    });
    expect(down.toast?.type).toBe("warning");
    expect(down.toast?.content).toContain("由 2万个 降至 1万个");
    expect(down.card?.template).toBe("task-form");
    expect(shown(down.card)).toContain('"default_value":"10000"'); // what was typed stays
    expect(await revisions()).toHaveLength(1);
    const confirmed = await s.click(button(down.card as never, "确认无误，提交"), JXJ, {
      status: "in_progress",
      progress: "核减",
      [racks]: "10000",
    });
    expect(confirmed.toast?.content).toContain("第2版");
    // 25% reached with 39.6% of 04-01..10-31 gone at the due date: 滞后 flagged whatever the status said.
    expect(confirmed.toast?.type).toBe("warning");
    expect(confirmed.toast?.content).toContain(
      "时序进度提示：数据中心机架 完成25%，时序进度39.6%，滞后于时序进度",
    );
    const values = await ctx.database.query<{ indicator_values: Record<string, number> }>(
      sql`select indicator_values from reports order by id`,
    );
    expect(values.map((v) => Object.values(v.indicator_values))).toEqual([[20000], [10000]]);
    const lead = await s.click(button(overviewOf(s, JXJ), "汇总"), JXJ);
    expect(shown(lead.card)).toContain("⚠滞后于时序进度");
    expect((await revisions()).map((r) => r.revision)).toEqual([1, 2]);
  });

  it("marks late reports, overdue requests, and lets the office reopen a round for a unit", async () => {
    const s = await opened();
    await fillAndSubmit(s, KJJ, { status: "in_progress", progress: "按时" });
    s.clock.at = new Date("2022-06-25T02:00:00Z"); // the day after the due date
    await fillAndSubmit(s, JA, { status: "in_progress", progress: "晚了" });
    const states = await s.collect.requestStates({ planId: s.planId }, s.clock.at);
    const by = (unit: string) => states.find((x) => x.unitName === unit)?.state;
    expect(by("市科技局")).toBe("reported");
    expect(by("江岸区人民政府")).toBe("late");
    expect(by("江汉区人民政府")).toBe("overdue");
    // An on-time report corrected before the close stays on time; after the close it is late.
    const kjj = await s.click(button(overviewOf(s, KJJ), "修改"), KJJ);
    await s.click(button(kjj.card as never, "提交修改"), KJJ, { status: "done", progress: "补充" });
    // The round closes 5 working days after its due date (07-01 18:00).
    s.clock.at = new Date("2022-07-04T02:00:00Z");
    const after = await s.click(button(overviewOf(s, KJJ), "修改"), KJJ);
    const closed = await s.click(button(after.card as never, "提交修改"), KJJ, {
      status: "done",
      progress: "关闭后",
    });
    expect(closed.toast?.content).toContain("迟报");
    // The correction is recorded late, but the unit reported on time: its card and /status both say 已报送.
    const kjjState = await s.collect.requestStates(
      { planId: s.planId, unitId: await s.unitId("市科技局") },
      s.clock.at,
    );
    expect(kjjState.map((x) => [x.state, x.late])).toEqual([["reported", true]]);
    expect(shown(closed.card)).toContain("<font color='green'>已报送</font>");
    expect(shown(closed.card)).not.toContain(">迟报</font>");
    expect((await revisions()).map((r) => `${r.unit}:${r.revision}:${r.late}`)).toEqual([
      "市科技局:1:false",
      "江岸区人民政府:1:true",
      "市科技局:2:false",
      "市科技局:3:true",
    ]);

    await s.bind("ou_jianghan", "江汉区人民政府");
    const [reply] = await s.command("/round reopen 江汉区 monthly 2022-06 2022-07-05");
    expect(reply).toContain(
      "已为「江汉区人民政府」重新开放「2022年6月 月调度」至 2022年7月5日（星期二）18:00",
    );
    const fresh = s.cardsTo("ou_jianghan").filter((c) => c.card.template === "overview");
    expect(fresh.map((c) => c.item.key)).toEqual([expect.stringMatching(/^reopen:/)]);
    expect(shown(fresh[0]?.card)).toContain("延期至 2022年7月5日");
    const ok = await fillAndSubmit(s, "ou_jianghan", { status: "not_started", progress: "补报" });
    expect(ok.toast?.type).toBe("success");
    const jh = await s.collect.requestStates(
      { planId: s.planId, unitId: await s.unitId("江汉区人民政府") },
      s.clock.at,
    );
    expect(jh[0]?.state).toBe("reported");
    const cards = await ctx.database.query<{ outbox_key: string }>(
      sql`select outbox_key from unit_cards where recipient = 'ou_jianghan'`,
    );
    expect(cards[0]?.outbox_key).toMatch(/^reopen:/);
  });

  it("summary rounds ask each unit once for a document link and a summary", async () => {
    const s = await opened();
    const [reply] = await s.command("/round open half 2022-H1");
    // The title the schedule gives the same round (the plan's 半年小结 milestone).
    expect(reply).toContain(titleOf("half_year", "2022-H1"));
    expect(reply).toContain("2022年6月30日（星期四）18:00"); // the plan's milestone
    expect(reply).toContain("4 项报送要求");
    const card = s.cardsTo(KJJ).filter((c) => c.card.template === "overview")[1]?.card;
    const form = await s.click(button(card as never, "填报"), KJJ);
    expect(form.card?.template).toBe("summary-form");
    const submit = button(form.card as never, "提交");
    const bad = await s.click(submit, KJJ, { document: "ftp://x/y.doc", summary: "小结" });
    expect(bad.toast?.content).toBe("「文档链接」须为 http 或 https 开头的链接");
    const good = await s.click(submit, KJJ, {
      document: "https://x.feishu.cn/docx/abc",
      summary: "上半年小结",
    });
    expect(good.toast?.content).toContain("已报送「半年小结」");
    const rows = await ctx.database.query<{ task_id: number | null; document_url: string }>(sql`
      select rr.task_id, r.document_url from reports r join report_requests rr on rr.id = r.request_id`);
    expect(rows).toEqual([{ task_id: null, document_url: "https://x.feishu.cn/docx/abc" }]);
  });

  it("/round list shows each round's states; /report sends the caller's card again", async () => {
    const s = await opened();
    await fillAndSubmit(s, KJJ, { status: "in_progress", progress: "按时" });
    const [list] = await s.command("/round list");
    expect(list).toContain("2022年6月 月调度");
    expect(list).toContain("已报送 1");
    expect(list).toContain("待报送 4");
    const before = s.outbox.items.length;
    await s.command("/填报", KJJ);
    const item = s.outbox.items[before];
    expect(item?.kind === "reply" && item.message.type === "card" && item.message.card.template).toBe(
      "overview",
    );
    const [denied] = await s.command("/round open monthly 2022-07", KJJ);
    expect(denied).toContain("仅限办公室");
  });
});
