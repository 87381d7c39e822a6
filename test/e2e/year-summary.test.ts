import { afterEach, expect, it } from "vitest";
import { describeDb } from "../helpers/db";
import { readDocx } from "../helpers/docx-read";
import { type E2E, OFFICE } from "./harness";
import { cardText, JXJ, KJJ, until } from "./office-seed";
import { reportProblem, seedYear } from "./year-seed";

/** /summary year through the real webhook route: a .docx of the 2022 summary lands in the chat. */
describeDb("e2e: the year's work summary", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("/summary year uploads a .docx that reports the goal indicators, items and the units' record", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await x.say(OFFICE, "/round open monthly 2022-06");
    await reportProblem(x, KJJ, "2022年6月", "需市发改委协调5G基站选址审批");
    await x.say(OFFICE, "/goals owner all");
    await x.say(JXJ, "/goals report 4 180 2022-11-30 市经信局场景清单");

    x.at("2022-12-01T02:00:00Z");
    const before = x.fake.sent().length;
    const r = await x.say(OFFICE, "/summary year");
    expect(cardText(x, r.sent)).toContain("全年工作总结（草稿）· 2022年");
    await until(x, () =>
      x.fake
        .sent()
        .slice(before)
        .some((m) => m.msgType === "file"),
    );
    const msg = x.fake
      .sent()
      .slice(before)
      .find((m) => m.msgType === "file");
    const file = x.fake.files().find((f) => f.fileKey === msg?.fileKey);
    expect(file?.fileName).toBe("2022年全年工作总结（草稿）.docx");
    const doc = await readDocx(file?.bytes ?? new Uint8Array());
    const text = doc.paragraphs.map((p) => p.text).join("\n");
    expect(text).toContain("目标指标完成情况");
    expect(text).toContain("工作方案确定的4项目标指标中，0项已达到目标。");
    expect(text).toContain(
      "数字经济应用场景：目标200个以上，截至2022年11月30日为180个，完成目标的90%（符合时序进度），数据来源：市经信局场景清单，责任单位：市经信局。",
    );
    expect(text).toContain("数字经济产业园：目标5个以上，截至目前为—");
    expect(text).toContain("各承办单位提出需协调解决的问题1项，已销号0项，未销号1项");
    expect(doc.document).toContain("需市发改委协调5G基站选址审批");
    expect(text).toContain("揭榜挂帅项目推进中");
    expect(doc.document).toContain("市科技局");
  });
});
