import { afterEach, expect, it } from "vitest";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { paragraphsOf, readDocx } from "../helpers/docx-read";
import { type E2E, OFFICE, shownText } from "./harness";
import { CHAT, seedOffice, until } from "./office-seed";

/**
 * The 通报 as the office receives it, end to end over the Wuhan sample plan (of 2022): periods stay inside the
 * plan, only units that were asked are counted.
 */

describeDb("e2e: the bulletin stays inside the plan and counts only units that were asked", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  const shown = (x: E2E, sent: FakeMessage[]) =>
    sent
      .map((m) => (m.msgType === "interactive" ? cardShown(x.fake.cardOf(m.messageId)) : shownText(m)))
      .join("\n");

  it("drafts a period of the plan's year by default and refuses one outside the plan naming its span", async () => {
    const x = await seedOffice(ctx, (started) => {
      e = started;
    });
    const outside = shown(x, (await x.say(OFFICE, "/bulletin year 2021")).sent);
    expect(outside).toContain("2021年度不在本工作方案期间（2022年3月31日至2022年11月30日）内");

    x.at("2026-12-06T02:00:00Z");
    const late = shown(x, (await x.say(OFFICE, "/bulletin quarter")).sent);
    expect(late).toContain("2022年第四季度");
    const year = shown(x, (await x.say(OFFICE, "/bulletin year")).sent);
    expect(year).toContain("2022年度");
    const q2 = shown(x, (await x.say(OFFICE, "/bulletin quarter Q2")).sent);
    expect(q2).toContain("2022年第二季度");
  });

  it("sends the draft and its .docx to the office privately, the work group hears one line", async () => {
    const x = await seedOffice(ctx, (started) => {
      e = started;
    });
    const before = x.fake.sent().length;
    await x.say(OFFICE, "/bulletin quarter 2022-Q2");
    await until(x, () =>
      x.fake
        .sent()
        .slice(before)
        .some((m) => m.msgType === "file"),
    );
    const after = x.fake.sent().slice(before);
    const inGroup = after.filter((m) => m.chatId === CHAT);
    expect(inGroup.map((m) => m.msgType)).toEqual(["text"]);
    expect(inGroup.map(shownText).join()).toContain("草稿及 Word 文件已私信发送");
    const toOffice = after.filter((m) => m.chatType === "p2p");
    expect(toOffice.map((m) => m.msgType).sort()).toEqual(["file", "interactive"]);
    const fileMsg = toOffice.find((m) => m.msgType === "file");
    const file = x.fake.files().find((f) => f.fileKey === fileMsg?.fileKey);
    expect(file?.fileName).toMatch(/2022年第二季度通报（草稿）\.docx$/);
    const docx = await readDocx(new Uint8Array(file?.bytes ?? []));
    const text = docx.paragraphs.map((p) => p.text);
    expect(text).toContain("市十五届人大一次会议1号议案办理工作2022年第二季度通报");
    expect(text.filter((t) => /^[一二三四]、/.test(t))).toEqual([
      "一、总体情况",
      "二、主要进展",
      "三、存在问题",
      "四、下步工作要求",
    ]);
    // The plan's own sections head the progress, and the lead unit's words are quoted.
    expect(text.some((t) => /^（[一二三四五]）/.test(t))).toBe(true);
    expect(text.join("\n")).toContain("市科技局报告：市科技局揭榜挂帅项目已立项");
    // The goals' annex comes first; the tasks' annex table names units: 市发改委 was asked and did not
    // report, 市公安局 has no liaison.
    const tables = docx.document.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(paragraphsOf(tables[0] ?? "").map((p) => p.text)).toContain("时序进度");
    const table = tables.find((t) => t.includes("承办单位及报送情况")) ?? "";
    const cells = paragraphsOf(table).map((p) => p.text);
    expect(cells).toContain("市发改委（牵头）：未报送");
    expect(cells.join("\n")).toContain("市公安局：未明确联络员");
    const problems = text.slice(text.indexOf("三、存在问题"), text.indexOf("四、下步工作要求")).join("\n");
    expect(problems).toContain("市发改委");
    expect(problems).not.toContain("市公安局");
    // No draft text reached the work group.
    for (const m of inGroup) expect(shownText(m)).not.toContain("总体情况");
  });
});
