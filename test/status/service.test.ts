import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { createBulletinStore } from "../../src/db/store/bulletin-store";
import { createStatusStore } from "../../src/db/store/status-store";
import { renderCard } from "../../src/feishu/cards";
import { escapeMarkdown } from "../../src/feishu/escape";
import { bulletinPlainText } from "../../src/status/bulletins/draft";
import { bulletinActionValueSchema, createStatusService, toBase64 } from "../../src/status/service";
import { describeDb } from "../helpers/db";
import { ATTACK, cst, seedQ2 } from "../helpers/status-scenario";

describeDb("status service", (ctx) => {
  async function setup(at: string) {
    await seedQ2(ctx.database);
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

  it("/bulletin quarter drafts the 通报: names non-reporters, ranks units, escapes problems", async () => {
    const service = await setup(cst("2022-07-05", "10:00"));
    const draft = await service.draftBulletin("wuhan-test", "quarter", undefined, "ou_office");
    if (!draft.ok) throw new Error(draft.text);
    const d = draft.record.draft;
    expect(d.title).toBe("市十五届人大一次会议1号议案办理工作2022年第二季度通报");
    expect(d.sections.map((s) => `${s.no}、${s.heading}`)).toEqual([
      "一、总体情况",
      "二、各单位报送情况",
      "三、任务推进情况",
      "四、主要指标完成情况",
      "五、未按时报送单位",
      "六、需协调解决的问题",
      "七、下步工作要求",
    ]);
    const plain = bulletinPlainText(d);
    expect(plain).toContain("按时报送率100%的单位共3家（并列第1名）：市经信局、市科技局、江岸区人民政府。");
    expect(plain.indexOf("第4名　东湖高新区管委会")).toBeLessThan(plain.indexOf("第5名　江汉区人民政府"));
    expect(plain).toContain("第6名　市发改委：按时报送率50%");
    expect(plain).toContain("以下3家单位逾期未报送，予以通报：");
    expect(plain).toContain("江汉区人民政府（2022年6月 月调度、2022年上半年 半年工作小结，逾期未报送3项次）");
    expect(plain).toContain(
      "数据中心机架（目标4万个）：截至6月底累计1.4万个，为目标的35%，低于时序进度7.5个百分点，滞后于时序进度。",
    );
    expect(plain).toContain("新增能耗（目标100万吨标准煤以内）：截至6月底累计60万吨标准煤，占上限的60%");
    expect(plain).not.toContain("<at id=all>");

    const card = text(draft.card);
    expect(card).not.toContain("<at id=all>");
    expect(card).not.toContain("[详见](");
    expect(card).toContain(escapeMarkdown(ATTACK));
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

  it("/export writes an .xlsx that reads back: a summary per unit and a row per unit × task", async () => {
    const service = await setup(cst("2022-06-26", "12:00"));
    const result = await service.exportRounds("wuhan-test", "2022-06");
    if (!result.ok) throw new Error(result.text);
    expect(result.file.fileName).toBe("1号议案_2022-06_月调度.xlsx");
    expect(toBase64(result.file.bytes).length).toBeGreaterThan(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(result.file.bytes.buffer as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", "2022-06 月调度"]);
    const summary = wb.getWorksheet("汇总");
    const rows = new Map<string, unknown[]>();
    summary?.eachRow((row, i) => {
      if (i > 1) rows.set(String(row.getCell(2).value), (row.values as unknown[]).slice(3));
    });
    // 应报送, 已报送, 按时报送, 迟报, 逾期未报送, 待报送, 按时报送率
    expect(rows.get("江汉区人民政府")).toEqual([2, 0, 0, 0, 2, 0, 0]);
    expect(rows.get("东湖高新区管委会")).toEqual([3, 2, 1, 1, 1, 0, 1 / 3]);
    expect(rows.get("江岸区人民政府")).toEqual([2, 2, 2, 0, 0, 0, 1]);

    const sheet = wb.getWorksheet("2022-06 月调度");
    expect(sheet?.getRow(1).getCell(1).value).toBe("单位");
    const find = (unit: string, code: string) => {
      let found: ExcelJS.Row | undefined;
      sheet?.eachRow((row) => {
        if (row.getCell(1).value === unit && row.getCell(2).value === code) found = row;
      });
      if (!found) throw new Error(`no row ${unit} ${code}`);
      return (c: number) => found?.getCell(c).value;
    };
    const jiangan = find("江岸区人民政府", "一.1");
    expect([jiangan(5), jiangan(6), jiangan(8), jiangan(9), jiangan(11)]).toEqual([
      "已报送",
      2,
      "更正:机架2000个",
      "数据中心机架：2000个",
      "否",
    ]);
    const keji = find("市科技局", "二.1");
    expect([keji(4), keji(7), keji(10)]).toEqual(["牵头", "滞后", ATTACK]);
    const donghu = find("东湖高新区管委会", "一.1");
    expect([donghu(5), donghu(11), donghu(12)]).toEqual(["迟报", "是", "2022-06-27 10:00"]);
    const fgw = find("市发改委", "二.2");
    expect([fgw(5), fgw(6), fgw(12)]).toEqual(["逾期", null, ""]);
    expect(find("市经信局", "一.1")(13)).toBe("张三");

    const all = await service.exportRounds("wuhan-test", "全部");
    if (!all.ok) throw new Error(all.text);
    const wbAll = new ExcelJS.Workbook();
    await wbAll.xlsx.load(all.file.bytes.buffer as ArrayBuffer);
    expect(wbAll.worksheets).toHaveLength(5);
    expect(all.file.fileName).toBe("1号议案_报送情况_2022年6月26日.xlsx");
    expect(await service.exportRounds("wuhan-test", "2021-01")).toMatchObject({ ok: false });
  });
});
