import ExcelJS from "exceljs";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { readDocx } from "../helpers/docx-read";
import { type E2E, OFFICE, type Person, shownText } from "./harness";
import { cardText, fileAfter, KJJ } from "./office-seed";
import { reportProblem, seedYear } from "./year-seed";

/** The 自评 round tallied for the 满意度测评, the 测评结果 on the plan, and the year's record of items. */
describeDb("e2e: 自评 tally, 测评结果 and the items' record", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  /** The liaison's 自评 of one task from the round's card: verdict, note, evidence. */
  async function assess(x: E2E, who: Person, code: string, verdict: string, note: string, evidence = "") {
    const msg = x.fake
      .sent({ openId: who.openId })
      .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("自评"))
      .at(0);
    const card = x.fake.cardOf(msg?.messageId ?? "") as { body?: { elements?: unknown[] } };
    const row = (card.body?.elements ?? []).find((el) => cardShown(el).includes(`**${code}**`));
    const form = await x.click(who, cardButton(row, "填报").value, { messageId: msg?.messageId ?? "" });
    expect(cardShown(form.card)).toContain(`自评 · ${code}`);
    const done = await x.click(who, cardButton(form.card, "提交").value, {
      messageId: msg?.messageId ?? "",
      formValue: { selfcheck: verdict, selfcheck_note: note, evidence },
    });
    expect(done.toast?.type, done.toast?.content).toBe("success");
  }

  it("/selfcheck tallies the lead units' 自评; /plan result is shown in /status; /export and /summary year carry both and the items", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await x.say(OFFICE, "/round open monthly 2022-06");
    await reportProblem(x, KJJ, "2022年6月", "需市发改委协调5G基站选址审批");
    await x.say(OFFICE, "/suggest 加快数字经济立法 张代表 财经委视察 2022-07-18");

    x.at("2022-11-07T02:00:00Z");
    expect((await x.say(OFFICE, "/selfcheck")).sent.map(shownText).join()).toContain("尚未开启任务自评轮次");
    const opened = await x.say(OFFICE, "/round open selfcheck 2022");
    expect(opened.sent.map(shownText).join()).toContain("已开启");
    await assess(x, KJJ, "二.3", "done", "揭榜挂帅项目全部落地", "https://example.gov.cn/evidence/2-3");
    await assess(x, KJJ, "一.1", "mostly", "5G基站建成2.8万个，机架建设按期推进");

    expect((await x.say(KJJ, "/selfcheck")).sent.map(shownText).join()).toContain("仅限");
    const tally = cardText(x, (await x.say(OFFICE, "/自评")).sent);
    expect(tally).toContain("任务自评汇总 · 2022年 自评");
    expect(tally).toMatch(/\d+项任务、\d+项自评：完成1项、基本完成1项、未完成0项、未报送\d+项/);
    expect(tally).toContain("二.3 · 市科技局（牵头） · <font color='green'>完成</font>");
    expect(tally).toContain("佐证材料：https://example.gov.cn/evidence/2-3");
    expect(tally).toContain("一.1 · 市科技局 · <font color='orange'>基本完成</font>");

    // The 测评结果: office only, shown in /status and on the tally.
    expect((await x.say(KJJ, "/plan result 满意")).sent.map(shownText).join()).toContain("仅限");
    const recorded = await x.say(OFFICE, "/plan result 满意度测评结果为满意，综合得分95.6分");
    expect(recorded.sent.map(shownText).join()).toContain(
      "已记录测评结果：满意度测评结果为满意，综合得分95.6分",
    );
    const status = cardText(x, (await x.say(OFFICE, "/status 全部")).sent);
    expect(status).toContain("**测评结果**\\n满意度测评结果为满意，综合得分95.6分");
    expect(cardText(x, (await x.say(OFFICE, "/selfcheck")).sent)).toContain(
      "测评结果：**满意度测评结果为满意，综合得分95.6分",
    );

    // /export: 任务自评, 协调事项 and 代表意见建议 sheets.
    const e0 = x.fake.sent().length;
    await x.say(OFFICE, "/export 全部");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array((await fileAfter(x, e0)).bytes).buffer);
    const sheet = (name: string) => {
      const rows: string[][] = [];
      wb.getWorksheet(name)?.eachRow((r) => {
        rows.push(
          (r.values as unknown[])
            .slice(1)
            .map((v) => (v && typeof v === "object" && "text" in v ? String(v.text) : String(v ?? ""))),
        );
      });
      return rows;
    };
    const self = sheet("任务自评");
    expect(self[1]?.slice(0, 7)).toEqual([
      "任务编号",
      "任务",
      "自评单位",
      "分工",
      "自评结果",
      "自评说明",
      "佐证材料",
    ]);
    expect(self.find((r) => r[0] === "二.3")?.slice(2, 7)).toEqual([
      "市科技局",
      "牵头",
      "完成",
      "揭榜挂帅项目全部落地",
      "https://example.gov.cn/evidence/2-3",
    ]);
    const coord = sheet("协调事项");
    expect(coord[2]?.slice(0, 5)).toEqual([
      "第1号",
      "市科技局",
      "一.1",
      "需市发改委协调5G基站选址审批",
      "2022年6月20日",
    ]);
    expect(coord[2]?.[8]).toBe("待交办");
    const suggestions = sheet("代表意见建议");
    expect(suggestions[2]?.slice(0, 5)).toEqual([
      "第2号",
      "张代表",
      "财经委视察",
      "加快数字经济立法",
      "2022年7月18日",
    ]);

    // /summary year: the 自评 and the 测评结果, and the items listed in the annexes.
    x.at("2022-12-01T02:00:00Z");
    const s0 = x.fake.sent().length;
    const drafted = await x.say(OFFICE, "/summary year");
    expect(cardText(x, drafted.sent)).toContain("任务自评：");
    const doc = await readDocx(new Uint8Array((await fileAfter(x, s0)).bytes));
    const text = doc.paragraphs.map((p) => p.text).join("\n");
    expect(text).toContain("任务自评和满意度测评情况");
    expect(text).toMatch(/各牵头单位对承担任务开展自评，共\d+项任务、\d+项自评：完成1项、基本完成1项/);
    expect(text).toContain("满意度测评结果：满意度测评结果为满意，综合得分95.6分");
    expect(text).toContain("（详见附件1、附件2）");
    expect(text).toContain("协调事项办理情况表");
    expect(text).toContain("市人大代表意见建议办理情况表");
    expect(doc.document).toContain("揭榜挂帅项目全部落地");
    expect(doc.document).toContain("财经委视察");
  });
});
