import ExcelJS from "exceljs";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { readDocx } from "../helpers/docx-read";
import { type E2E, OFFICE } from "./harness";
import { cardText, fileAfter, JXJ } from "./office-seed";
import { seedYear } from "./year-seed";

/** A goal's owner fills the goal form in the monthly card; the value shows in /goals, /status, the 通报 and /export. */
describeDb("e2e: a goal's value from the owner's monthly card", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("目标指标填报 stores the value; /goals, /status, the quarterly 通报 and the export's 指标 sheet show it", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await x.say(OFFICE, "/goals owner all");
    await x.say(OFFICE, "/round open monthly 2022-06");

    const msg = x.fake
      .sent({ openId: JXJ.openId })
      .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("2022年6月"))
      .at(0);
    // The goal rows follow the unit's 18 tasks: page through the card as the liaison does.
    let card = x.fake.cardOf(msg?.messageId ?? "") as { body?: { elements?: unknown[] } };
    const goalRow = () =>
      (card.body?.elements ?? []).find((el) => cardShown(el).includes("**目标指标** 数字经济应用场景"));
    for (let i = 0; i < 5 && !goalRow(); i++) {
      const next = await x.click(JXJ, cardButton(card, "下一页").value, { messageId: msg?.messageId ?? "" });
      card = next.card as typeof card;
    }
    const row = goalRow();
    expect(cardShown(row)).toContain("目标指标");
    const form = await x.click(JXJ, cardButton(row, "填报").value, { messageId: msg?.messageId ?? "" });
    expect(cardShown(form.card)).toContain("填报 · 目标指标");
    expect(cardShown(form.card)).toContain("目标 200个以上");
    const bad = await x.click(JXJ, cardButton(form.card, "提交").value, {
      messageId: msg?.messageId ?? "",
      formValue: { goal_value: "一百二", goal_as_of: "2022-06-30", goal_source: "" },
    });
    expect(bad.toast?.type).toBe("error");
    const done = await x.click(JXJ, cardButton(form.card, "提交").value, {
      messageId: msg?.messageId ?? "",
      formValue: { goal_value: "120", goal_as_of: "2022-06-30", goal_source: "市经信局场景清单" },
    });
    expect(done.toast?.type, done.toast?.content).toBe("success");

    const goals = cardText(x, (await x.say(OFFICE, "/goals")).sent);
    expect(goals).toMatch(
      /数字经济应用场景\*\* 目标 200个以上 · 当前 120个（截至2022年6月30日） · 完成 60% · 时序/,
    );
    expect(goals).toContain("来源：市经信局场景清单");
    const status = cardText(x, (await x.say(OFFICE, "/status 全部")).sent);
    expect(status).toContain("当前 120个（截至2022年6月30日） · 完成 60%");

    // The 通报 of the quarter: the goal with its date, share reached and time progress, and a goals annex.
    x.at("2022-07-05T02:00:00Z");
    const b0 = x.fake.sent().length;
    const drafted = await x.say(OFFICE, "/bulletin quarter 2022-Q2");
    // The preview is one screen of counts; the sentences are in the .docx.
    expect(cardText(x, drafted.sent)).toContain("草稿");
    const doc = await readDocx(new Uint8Array((await fileAfter(x, b0)).bytes));
    const text = doc.paragraphs.map((p) => p.text).join("\n");
    expect(text).toMatch(
      /数字经济应用场景目标200个以上，截至2022年6月30日累计120个，为目标的60%，时序进度\d/,
    );
    expect(text).toContain("2022年第二季度主要目标指标完成情况表");
    expect(doc.document).toContain("120个（截至2022年6月30日）");

    // The export's 指标 sheet: the goal as 总体目标, its value, share reached, time progress and date.
    const e0 = x.fake.sent().length;
    await x.say(OFFICE, "/export 2022-06");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array((await fileAfter(x, e0)).bytes).buffer);
    const rows: unknown[][] = [];
    wb.getWorksheet("指标")?.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1));
    });
    const sheetRow = rows.find((r) => r[2] === "数字经济应用场景");
    expect(sheetRow?.[0]).toBe("总体目标");
    expect(sheetRow?.[5]).toBe(120);
    expect(sheetRow?.[6]).toBeCloseTo(0.6);
    expect(Number(sheetRow?.[7])).toBeGreaterThan(0);
    expect(sheetRow?.[10]).toBe("2022年6月30日");
  });
});
