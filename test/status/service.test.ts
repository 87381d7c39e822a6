import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { createBulletinStore } from "../../src/db/store/bulletin-store";
import { createStatusStore } from "../../src/db/store/status-store";
import { renderCard } from "../../src/feishu/cards";
import { markdownLiteral } from "../../src/feishu/escape";
import { bulletinCard } from "../../src/status/bulletins/card";
import { bulletinPlainText } from "../../src/status/bulletins/draft";
import { bulletinActionValueSchema, createStatusService, toBase64 } from "../../src/status/service";
import { statusPlan } from "../fixtures/status-plan";
import { describeDb } from "../helpers/db";
import { ATTACK, cst, seedQ2 } from "../helpers/status-scenario";
import { Seeder } from "../helpers/status-seed";

describeDb("status service", (ctx) => {
  let rounds: Awaited<ReturnType<typeof seedQ2>>["rounds"];
  async function setup(at: string) {
    ({ rounds } = await seedQ2(ctx.database));
    const clock = { now: () => new Date(at) };
    return createStatusService({
      status: createStatusStore(ctx.database.db),
      bulletins: createBulletinStore(ctx.database.db),
      clock,
    });
  }
  const text = (card: Parameters<typeof renderCard>[0]) => JSON.stringify(renderCard(card));

  it("/status answers the overview, a unit, a group, a task, and says what it cannot find", async () => {
    const service = await setup(cst("2022-06-26", "12:00"));
    const overview = await service.status("wuhan-test");
    if (!overview.ok) throw new Error(overview.text);
    const body = text(overview.card);
    expect(body).toContain("1号议案 · 2022年6月 月调度");
    expect(body.indexOf("江汉区人民政府")).toBeLessThan(body.indexOf("市经信局"));
    expect(body).toContain("逾期未报（3家）");

    const unit = await service.status("wuhan-test", "江岸区");
    expect(unit.ok && text(unit.card)).toContain("更正");
    const group = await service.status("wuhan-test", "各区人民政府");
    const groupBody = group.ok ? text(group.card) : "";
    expect(groupBody).toContain("东湖高新区管委会");
    expect(groupBody).not.toContain("市经信局");
    const task = await service.status("wuhan-test", "(二)1");
    const taskBody = task.ok ? text(task.card) : "";
    expect(taskBody).toContain("工业技改项目");
    expect(taskBody).toContain("滞后于时序进度");
    expect(taskBody).not.toContain("<at id=all>");

    expect(await service.status("wuhan-test", "区")).toMatchObject({
      ok: false,
      text: expect.stringContaining("多个单位"),
    });
    expect(await service.status("wuhan-test", "市不存在局")).toMatchObject({ ok: false });
    expect(await service.status("wuhan-test", "三.9")).toMatchObject({
      ok: false,
      text: "未找到任务 三.9。",
    });
    const may = await service.status("wuhan-test", undefined, { round: "5月" });
    expect(may.ok && text(may.card)).toContain("2022年5月 月调度");
    expect(await service.status("no-plan")).toMatchObject({ ok: false });
  });

  it("/missing names liaisons or 无联络员; /remind nudges only units with missing reports", async () => {
    const service = await setup(cst("2022-06-26", "12:00"));
    const missing = await service.missing("wuhan-test");
    const body = missing.ok ? text(missing.card) : "";
    expect(body).toContain("无联络员");
    expect(body).toContain("李四");
    expect(body).not.toContain("市经信局");

    const remind = await service.remind("wuhan-test");
    if (!remind.ok) throw new Error(remind.text);
    expect(remind.recipients.map((r) => r.openId)).toEqual(["ou_li", "ou_wang", "ou_zhao"]);
    expect(remind.unbound.map((u) => u.unitName)).toEqual(["江汉区人民政府"]);
    expect(text(remind.card)).toContain("<at id=ou_li></at>");
    const one = await service.remind("wuhan-test", "发改委");
    expect(one.ok && one.recipients.map((r) => r.name)).toEqual(["李四", "王五"]);
    expect(await service.remind("wuhan-test", "市经信局")).toMatchObject({
      ok: false,
      text: expect.stringContaining("无需催报"),
    });
  });

  it("/bulletin quarter drafts the 通报: names non-reporters, states indicators against targets, escapes problems", async () => {
    const service = await setup(cst("2022-07-05", "10:00"));
    const draft = await service.draftBulletin("wuhan-test", "quarter", undefined, "ou_office");
    if (!draft.ok) throw new Error(draft.text);
    const d = draft.record.draft;
    expect(d.title).toBe("市十五届人大一次会议1号议案办理工作2022年第二季度通报");
    expect(d.sections.map((s) => `${s.no}、${s.heading}`)).toEqual([
      "一、总体情况",
      "二、主要进展",
      "三、存在问题",
      "四、下步工作要求",
    ]);
    const plain = bulletinPlainText(d);
    expect(plain).toContain("以下单位逾期未报送：");
    expect(plain).toContain("江汉区人民政府（3项次）");
    expect(plain).toContain(
      "数据中心机架目标4万个，截至6月底累计1.4万个，为目标的35%，滞后于时序进度7.5个百分点。",
    );
    expect(plain).toContain("新增能耗目标100万吨标准煤以内，截至6月底累计60万吨标准煤，占上限的60%");
    // A plain-text document has no markup: the problem reads exactly as the unit typed it (whatever format it is
    // later sent in escapes it for that format).
    expect(plain).toContain(ATTACK);

    const card = text(draft.card);
    expect(card).not.toContain("<at id=all>");
    expect(card).not.toContain("[详见](");
    // The preview carries figures, not the text; the whole text (as a group gets it) escapes what units typed.
    expect(draft.card.template).toBe("bulletin-preview");
    expect(text(bulletinCard(draft.record))).toContain(markdownLiteral(ATTACK));
    const ids = `"bulletinId":${draft.record.id},"planId":"wuhan-test"`;
    expect(card).toContain(`"value":{"action":"bulletin_publish",${ids}}`);
    expect(bulletinActionValueSchema.parse(draft.card.data.publishValue)).toEqual({
      action: "bulletin_publish",
      bulletinId: draft.record.id,
      planId: "wuhan-test",
    });
    expect(card).toContain(`"value":{"action":"bulletin_edit",${ids}}`);

    // Drafting again refreshes the same draft: buttons on the first card keep working.
    const again = await service.draftBulletin("wuhan-test", "季度", "2022年第二季度", "ou_office");
    expect(again.ok && again.record.id).toBe(draft.record.id);

    const published = await service.publishBulletin(draft.record.id, "ou_office");
    expect(published).toMatchObject({ ok: true, changed: true });
    const publishedCard = published.ok ? text(published.card) : "";
    expect(publishedCard).not.toContain("bulletin_publish");
    expect(publishedCard).toContain("已发布");
    expect(await service.publishBulletin(draft.record.id, "ou_other")).toMatchObject({
      ok: true,
      changed: false,
    });
    expect(await service.regenerateBulletin(draft.record.id, "ou_office")).toMatchObject({ ok: false });
    // A new draft after publication is a new bulletin.
    const reissue = await service.draftBulletin("wuhan-test", "quarter", "2022-Q2", "ou_office");
    expect(reissue.ok && reissue.record.id).not.toBe(draft.record.id);

    expect(await service.draftBulletin("wuhan-test", "weekly", undefined, null)).toMatchObject({ ok: false });
    expect(await service.draftBulletin("wuhan-test", "quarter", "Q7", null)).toMatchObject({ ok: false });
  });

  it("/export writes a workbook an office files: title, 联络员, lights, evidence, indicators, non-reporters", async () => {
    const service = await setup(cst("2022-06-26", "12:00"));
    // 市科技局's June report on 二.1 carries a 佐证材料 link; a javascript: link is never made clickable.
    const seed = new Seeder(ctx.database, "wuhan-test");
    const june = { round: rounds.june, at: cst("2022-06-24", "11:00") };
    await seed.submit({
      ...june,
      unit: "市科技局",
      task: "二.1",
      status: "behind",
      progress: "已实施技改项目150个",
      problems: ATTACK,
      values: { 工业技改项目: 150 },
      evidenceUrl: "https://docs.example/二.1.pdf",
    });
    await seed.submit({
      ...june,
      unit: "市经信局",
      task: "一.1",
      by: "ou_zhang",
      documentUrl: "javascript:alert(1)",
    });
    const result = await service.exportRounds("wuhan-test", "2022-06");
    if (!result.ok) throw new Error(result.text);
    expect(result.file.fileName).toBe("1号议案_2022-06_月调度.xlsx");
    expect(toBase64(result.file.bytes).length).toBeGreaterThan(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(result.file.bytes.buffer as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "汇总",
      "2022-06 月调度",
      "指标",
      "未报送及迟报",
      "协调事项",
      "代表意见建议",
    ]);
    const summary = wb.getWorksheet("汇总");
    if (!summary) throw new Error("no 汇总");
    // Title row with the plan and the period, header frozen below it and repeated on every printed page.
    expect(String(summary.getCell("A1").value)).toContain("2022年6月 月调度");
    expect(String(summary.getCell("A1").value)).toContain(statusPlan().title);
    expect(summary.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(summary.pageSetup).toMatchObject({
      orientation: "landscape",
      paperSize: 9,
      printTitlesRow: "1:2",
    });
    expect(summary.autoFilter).toMatch(/^A2:J\d+$/);
    expect(summary.getRow(2).getCell(3).value).toBe("联络员");
    const rows = new Map<string, unknown[]>();
    summary.eachRow((row, i) => {
      if (i > 2) rows.set(String(row.getCell(2).value), (row.values as unknown[]).slice(3));
    });
    // 联络员, 应报送, 已报送, 按时报送, 迟报, 逾期未报送, 待报送, 按时报送率
    expect(rows.get("江汉区人民政府")).toEqual(["未明确联络员", 2, 0, 0, 0, 2, 0, 0]);
    expect(rows.get("东湖高新区管委会")).toEqual(["东湖高新区管委会 — 赵六", 3, 2, 1, 1, 1, 0, 1 / 3]);
    expect(rows.get("市发改委")?.[0]).toBe("市发改委 — 李四、王五");
    // Chinese text counts double: the 联络员 column is wider than its Latin character count.
    const widest = "东湖高新区管委会 — 赵六";
    expect(summary.getColumn(3).width ?? 0).toBeGreaterThan(widest.length + 2);

    const sheet = wb.getWorksheet("2022-06 月调度");
    expect(sheet?.getRow(2).getCell(1).value).toBe("单位");
    const find = (unit: string, code: string) => {
      let found: ExcelJS.Row | undefined;
      sheet?.eachRow((row) => {
        if (row.getCell(1).value === unit && row.getCell(3).value === code) found = row;
      });
      if (!found) throw new Error(`no row ${unit} ${code}`);
      return (c: number) => found?.getCell(c).value;
    };
    const jiangan = find("江岸区人民政府", "一.1");
    expect([jiangan(2), jiangan(7), jiangan(8), jiangan(10), jiangan(11), jiangan(14)]).toEqual([
      "未明确联络员",
      "已报送",
      2,
      "更正:机架2000个",
      "数据中心机架：2000个",
      "否",
    ]);
    const keji = find("市科技局", "二.1");
    // 二.1 has a 受阻 report: its light is 红, the same as the bulletin's.
    expect([keji(5), keji(6), keji(9), keji(12)]).toEqual(["牵头", "红", "滞后", ATTACK]);
    expect(keji(13)).toEqual({
      text: "https://docs.example/二.1.pdf",
      hyperlink: "https://docs.example/二.1.pdf",
    });
    expect(find("市经信局", "一.1")(13)).toBe("javascript:alert(1)");
    const donghu = find("东湖高新区管委会", "一.1");
    expect([donghu(7), donghu(14), donghu(15)]).toEqual(["迟报", "是", "2022-06-27 10:00"]);
    const fgw = find("市发改委", "二.2");
    expect([fgw(7), fgw(8), fgw(15)]).toEqual(["逾期", null, ""]);
    expect(find("市经信局", "一.1")(16)).toBe("张三");

    // Indicators: the task indicators with target, latest value, share reached and 时序进度.
    const indicators: string[] = [];
    wb.getWorksheet("指标")?.eachRow((row, i) => {
      if (i > 2) indicators.push(`${row.getCell(2).value} ${row.getCell(3).value} ${row.getCell(4).value}`);
    });
    expect(indicators.some((l) => l.startsWith("二.1 工业技改项目"))).toBe(true);
    expect(wb.getWorksheet("指标")?.getRow(2).getCell(8).value).toBe("时序进度");

    // Non-reporters and late reports: only units that were asked; 江汉区 (no liaison) is listed apart.
    const late: string[] = [];
    wb.getWorksheet("未报送及迟报")?.eachRow((row, i) => {
      if (i > 2) late.push((row.values as unknown[]).slice(1).join("|"));
    });
    expect(late).toContain("市发改委|市发改委 — 李四、王五|2022年6月 月调度|逾期未报送|二.2|1");
    expect(late).toContain("东湖高新区管委会|东湖高新区管委会 — 赵六|2022年6月 月调度|迟报|一.1|1");
    expect(late.filter((l) => l.startsWith("江汉区人民政府|"))).toEqual([]);
    expect(late.some((l) => l.startsWith("未明确联络员") && l.includes("江汉区人民政府"))).toBe(true);

    const all = await service.exportRounds("wuhan-test", "全部");
    if (!all.ok) throw new Error(all.text);
    const wbAll = new ExcelJS.Workbook();
    await wbAll.xlsx.load(all.file.bytes.buffer as ArrayBuffer);
    expect(wbAll.worksheets).toHaveLength(9); // rounds, 汇总, 指标, 未报送及迟报, 协调事项, 代表意见建议
    expect(all.file.fileName).toBe("1号议案_报送情况_2022年6月26日.xlsx");
    expect(await service.exportRounds("wuhan-test", "2021-01")).toMatchObject({ ok: false });
  });
});
