import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { raw, shown } from "../helpers/collect-scenario";
import { describeDb } from "../helpers/db";
import { cst } from "../helpers/status-scenario";
import {
  cards,
  GROUP,
  LEADER,
  OFFICE,
  OFFICE2,
  office,
  only,
  STRANGER,
  type Who,
  ZHANG,
} from "./office-scenario";

describeDb("the office's commands", (ctx) => {
  it("/status answers the round, a unit, a task and another round with cards; says what it cannot find", async () => {
    const s = await office(ctx);
    const overview = only((await s.say(OFFICE, "/status 全部")).cards);
    expect(overview.template).toBe("status-overview");
    const body = shown(overview);
    expect(body).toContain("2022年6月 月调度");
    expect(body).toContain("逾期未报（3家）");
    expect(body.indexOf("江汉区人民政府")).toBeLessThan(body.indexOf("市经信局"));

    const unit = only((await s.say(OFFICE, "/进度 发改委")).cards);
    expect(unit.template).toBe("status-unit");
    expect(shown(unit)).toContain("市发改委 · 2022年6月 月调度");

    const task = only((await s.say(OFFICE, "/状态 二.1")).cards);
    expect(task.template).toBe("status-task");
    expect(shown(task)).toContain("工业技改项目");
    expect(raw(task)).not.toContain("<at id=all>");

    // A round named last; typed stuck to the alias.
    const may = only((await s.say(OFFICE, "/status 2022-05")).cards);
    expect(shown(may)).toContain("2022年5月 月调度");
    const mayUnit = only((await s.say(OFFICE, "/进度东湖高新区 5月")).cards);
    expect(shown(mayUnit)).toContain("东湖高新区管委会 · 2022年5月 月调度");

    expect((await s.say(OFFICE, "/status 市不存在局")).texts[0]).toContain("未找到单位或任务「市不存在局」");
    expect((await s.say(OFFICE, "/status 三.9")).texts[0]).toBe("未找到任务 三.9。");

    // Liaisons and leaders read status too; a plain member is told who may.
    expect(only((await s.say(ZHANG, "/status")).cards).template).toBe("status-overview");
    expect(only((await s.say(LEADER, "/status 市经信局")).cards).template).toBe("status-unit");
    const refused = await s.say(STRANGER, "/status");
    expect(refused.cards).toEqual([]);
    expect(refused.texts[0]).toContain("仅限");
  });

  it("/missing names the units and their liaisons, for the office and leaders only", async () => {
    const s = await office(ctx);
    const card = only((await s.say(LEADER, "/未报")).cards);
    expect(card.template).toBe("status-missing");
    const body = shown(card);
    expect(body).toContain("李四");
    expect(body).toContain("无联络员");
    expect(body).not.toContain("市经信局");
    const april = shown(only((await s.say(OFFICE, "/missing 4月")).cards));
    expect(april).toContain("各单位均已报送");
    expect((await s.say(ZHANG, "/missing")).texts[0]).toContain("仅限办公室、领导小组成员");
  });

  it("/remind nudges only non-reporters' liaisons, once per slot, and says how many", async () => {
    const s = await office(ctx);
    const first = await s.say(OFFICE, "/催办", "ev_remind_1");
    const nudges = first.items.filter((i) => i.purpose === "remind");
    const to = nudges.map((i) => (i.kind === "send" && "openId" in i.to ? i.to.openId : "?"));
    expect(to.sort()).toEqual(["ou_li", "ou_wang", "ou_zhao"]);
    expect(to).not.toContain("ou_zhang");
    const card = cards(nudges)[0];
    expect(card?.template).toBe("nudge");
    expect(first.texts[0]).toContain("已向 2 家单位的 3 位联络员发送「2022年6月 月调度」催报提醒");
    expect(first.texts[0]).toContain("江汉区人民政府");
    expect(first.texts[0]).toContain("未绑定联络员");

    // The same event again (a redelivery) nudges nobody and says nothing new.
    const replay = await s.sayEvent(s.message(OFFICE, "/催办", "ev_remind_1"));
    expect(replay.items).toEqual([]);

    // Another office member ten minutes later: nobody nudged twice, and told when they may ask again.
    s.clock.at = new Date(cst("2022-06-26", "12:10"));
    const again = await s.say(OFFICE2, "/remind");
    expect(again.items.filter((i) => i.purpose === "remind")).toEqual([]);
    expect(again.texts[0]).toContain("3 位联络员30分钟内已提醒过，未重复发送，6月26日 12:30 后可再次催办");

    // After the slot, a /remind for one unit nudges that unit's two people only.
    s.clock.at = new Date(cst("2022-06-26", "12:31"));
    const one = await s.say(OFFICE, "/remind 发改委");
    expect(one.items.filter((i) => i.purpose === "remind")).toHaveLength(2);
    expect(one.texts[0]).toContain("已向 1 家单位的 2 位联络员");

    expect((await s.say(OFFICE, "/remind 市经信局")).texts[0]).toContain("无需催报");
    const leader = await s.say(LEADER, "/remind");
    expect(leader.texts[0]).toContain("仅限办公室");
    expect(leader.items.filter((i) => i.purpose === "remind")).toEqual([]);
  });

  it("/export sends the round's .xlsx as a file to the chat, once per event", async () => {
    const s = await office(ctx);
    const r = await s.say(LEADER, "/导出 2022-06", "ev_export");
    const file = r.items.find((i) => i.purpose === "export");
    if (file?.kind !== "send" || file.message.type !== "file") throw new Error("no file sent");
    expect(file.to).toEqual({ chatId: GROUP });
    expect(file.key).toBe("export:ev_export");
    expect(file.message.fileName).toBe("1号议案_2022-06_月调度.xlsx");
    expect(file.message.fileType).toBe("xls");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(Buffer.from(file.message.base64, "base64")).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "汇总",
      "2022-06 月调度",
      "指标",
      "未报送及迟报",
      "协调事项",
      "代表意见建议",
    ]);
    expect(r.texts[0]).toContain("1号议案_2022-06_月调度.xlsx");
    expect((await s.sayEvent(s.message(LEADER, "/导出 2022-06", "ev_export"))).items).toEqual([]);
    expect((await s.say(OFFICE, "/export 2021-01")).texts[0]).toContain("未找到轮次");
    expect((await s.say(ZHANG, "/export")).texts[0]).toContain("仅限");
  });

  it("status_page answers a view in place; a liaison may not page the missing list", async () => {
    const s = await office(ctx);
    const june = s.rounds.june;
    const page = await s.click(OFFICE, { action: "status_page", view: "overview", roundId: june, page: 1 });
    expect(page.card?.template).toBe("status-overview");
    const missing = await s.click(ZHANG, { action: "status_page", view: "missing", roundId: june, page: 1 });
    expect(missing.card).toBeUndefined();
    expect(missing.toast?.content).toContain("仅限办公室和领导小组");
    const bad = await s.click(OFFICE, { action: "status_page", view: "overview", roundId: "x", page: 1 });
    expect(bad.toast?.type).toBe("error");
  });

  it("/help lists the office's commands by role; a near miss suggests the command", async () => {
    const s = await office(ctx);
    const names = ["/status", "/missing", "/remind", "/bulletin", "/export"];
    const has = async (who: Who) => {
      const text = (await s.say(who, "/help")).texts[0] ?? "";
      return names.filter((n) => text.includes(`• ${n}`));
    };
    expect(await has(OFFICE)).toEqual(names);
    expect(await has(LEADER)).toEqual(["/status", "/missing", "/export"]);
    expect(await has(ZHANG)).toEqual(["/status"]);
    expect(await has(STRANGER)).toEqual([]);
    expect((await s.say(OFFICE, "/remnd")).texts[0]).toContain("/remind");
    expect((await s.say(OFFICE, "/bulletn")).texts[0]).toContain("/bulletin");
  });
});
