import { afterEach, expect, it } from "vitest";
import { cardButton, cardButtons, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { readDocx, tablesOf } from "../helpers/docx-read";
import { type E2E, OFFICE, type Person, shownText } from "./harness";
import { JXJ, KJJ, until } from "./office-seed";
import { reportProblem, seedYear } from "./year-seed";

/** /summary year through the real webhook route: the preview and the .docx of the 2022 summary reach the office privately. */
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

    // The 全年总结 round asks every unit; two send their own summary, 市发改委 does not.
    x.at("2022-11-28T02:00:00Z");
    await x.say(OFFICE, "/round open annual 2022");
    const long = `${"全年推进科技创新工作，".repeat(30)}结尾不应出现`;
    await submitAnnual(x, KJJ, { summary: long, document: "https://x.feishu.cn/docx/kjj2022" });
    x.at("2022-12-01T01:00:00Z");
    await submitAnnual(x, JXJ, { summary: "全年数字经济工作总结", document: "https://x.feishu.cn/docx/jxj" });

    x.at("2022-12-01T02:00:00Z");
    const before = x.fake.sent().length;
    const r = await x.say(OFFICE, "/summary year");
    // The group hears one line; the preview and the .docx go to the office privately.
    const inGroup = r.sent.filter((m) => m.chatType === "group");
    expect(inGroup.map((m) => m.msgType)).toEqual(["text"]);
    expect(shownText(inGroup[0])).toContain("草稿及 Word 文件已私信发送");
    const since = () => x.fake.sent().slice(before);
    await until(x, () => since().filter((m) => m.chatType === "p2p").length >= 2);
    const preview = since().find((m) => m.chatType === "p2p" && m.msgType === "interactive");
    const card = x.fake.cardOf(preview?.messageId ?? "");
    expect(cardShown(card)).toContain("2022年全年工作总结");
    expect(cardShown(card)).toContain("草稿 · 仅办公室可见");
    expect(cardShown(card)).toMatch(/绿 \d+.*黄 \d+.*红 \d+/);
    expect(cardButtons(card).map((b) => b.label)).toEqual(["修改", "发布", "下载"]);
    const msg = since().find((m) => m.msgType === "file");
    expect(msg?.chatType).toBe("p2p");
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
    // The units' own annual summaries close the document as an annex, 未报送 where a unit sent none.
    expect(text).toContain("各单位全年工作总结详见附件2");
    expect(text).toContain("各单位全年工作总结");
    const annex = tablesOf(doc.document).find((t) => t[0]?.join("|") === "序号|单位|报送时间|内容摘要");
    expect(annex, "annex table").toBeDefined();
    const row = (unit: string) => annex?.find((r) => r[1] === unit);
    expect(row("市科技局")?.[2]).toBe("2022年11月28日");
    expect(row("市科技局")?.[3]).toContain("全年推进科技创新工作，");
    expect(row("市科技局")?.[3]).toContain("文档链接：https://x.feishu.cn/docx/kjj2022");
    expect(row("市科技局")?.[3]).not.toContain("结尾不应出现");
    expect(row("市经信局")?.slice(2)).toEqual([
      "2022年12月1日",
      "全年数字经济工作总结\n文档链接：https://x.feishu.cn/docx/jxj",
    ]);
    expect(row("市发改委")?.[2]).toBe("未报送");

    // 发布 → 仅生成文件: the final file (no 草稿) to the office only.
    const on = { messageId: preview?.messageId ?? "", chatId: preview?.chatId ?? "" };
    const choice = await x.click(OFFICE, cardButton(card, "发布").value, on);
    const done = await x.click(OFFICE, cardButton(choice.card, "仅生成文件").value, on);
    expect(done.toast?.type, done.toast?.content).not.toBe("error");
    await until(x, () => since().filter((m) => m.msgType === "file").length >= 2);
    const files = since().filter((m) => m.msgType === "file");
    expect(files.map((m) => m.chatType)).toEqual(["p2p", "p2p"]);
    const last = x.fake.files().find((f) => f.fileKey === files[1]?.fileKey);
    expect(last?.fileName).toBe("2022年全年工作总结.docx");
  });
});

/** The liaison fills the 全年总结 round's form (a summary text and/or a document link) on their latest card. */
async function submitAnnual(x: E2E, who: Person, formValue: { summary: string; document: string }) {
  const msg = x.fake
    .sent({ openId: who.openId })
    .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("全年总结"))
    .at(-1);
  if (!msg) throw new Error(`${who.name} got no 全年总结 card`);
  const fill = cardButton(x.fake.cardOf(msg.messageId), "填报");
  const form = await x.click(who, fill.value, { messageId: msg.messageId });
  const done = await x.click(who, cardButton(form.card, "提交").value, {
    messageId: msg.messageId,
    formValue,
  });
  expect(done.toast?.type, done.toast?.content).not.toBe("error");
}
