import { describe, expect, it } from "vitest";
import { type OfficialDocument, renderOfficialDocx } from "../../src/documents/official.js";
import { readDocx, styleXml } from "../helpers/docx-read.js";

const date = new Date("2022-06-30T02:00:00Z");

function sample(over: Partial<OfficialDocument> = {}): OfficialDocument {
  return {
    issuer: "武汉市建设国家中心城市工作领导小组办公室",
    title: "关于2022年第二季度重点任务推进情况的通报",
    recipients: "各成员单位",
    opening: ["现将2022年第二季度重点任务推进情况通报如下。"],
    sections: [
      { heading: "总体情况", level: 1, paragraphs: ["本季度共有任务12项。"] },
      { heading: "主要进展", level: 1, paragraphs: [] },
      { heading: "提升城市能级", level: 2, paragraphs: [{ lead: "二.3 ", text: "已完成<首批>&签约。" }] },
      { heading: "优化营商环境", level: 2, paragraphs: ["进展顺利。"] },
      { heading: "存在问题", level: 1, paragraphs: [] },
      { heading: "个别任务滞后", level: 2, paragraphs: ["二.4 低于时序进度。"] },
    ],
    annexes: [
      {
        title: "重点任务推进情况表",
        landscape: true,
        tables: [
          {
            columns: ["序号", "任务", "牵头单位", "状态"],
            widths: [1, 6, 3, 1],
            rows: [
              ["二.3", "建设国家级平台", "市发改委", { text: "绿", fill: "92D050" }],
              ["二.4", "引进重点项目", "市商务局\n市招商局", { text: "红", fill: "FF0000" }],
            ],
            note: "状态：绿，按时序推进；黄，滞后时序进度；红，逾期未报或严重滞后。",
          },
        ],
      },
    ],
    copyTo: ["市委办公厅", "市政府办公厅"],
    date,
    ...over,
  };
}

describe("renderOfficialDocx", () => {
  it("lays out the 版头, title, 主送 and numbered headings in reading order", async () => {
    const parts = await readDocx(await renderOfficialDocx(sample()));
    const texts = parts.paragraphs.map((p) => p.text).filter((t) => t !== "");
    const order = [
      "武汉市建设国家中心城市工作领导小组办公室",
      "〔2022〕",
      "关于2022年第二季度重点任务推进情况的通报",
      "各成员单位：",
      "一、总体情况",
      "二、主要进展",
      "（一）提升城市能级",
      "（二）优化营商环境",
      "三、存在问题",
      "（一）个别任务滞后",
      "附件：重点任务推进情况表",
      "2022年6月30日",
      "附件",
    ];
    let at = -1;
    for (const want of order) {
      const i = texts.findIndex((t, k) => k > at && t.includes(want));
      expect(i, `"${want}" after position ${at}`).toBeGreaterThan(at);
      at = i;
    }
    // The 文号 is left for the office: year and brackets, no number.
    expect(texts.find((t) => t.includes("〔2022〕"))).toMatch(/^\s*〔2022〕\s*号$/);
    // Text with markup characters survives the XML round trip.
    expect(texts).toContain("二.3 已完成<首批>&签约。");
  });

  it("prints the 发文机关标志 in red over a red rule, headings in their named styles", async () => {
    const parts = await readDocx(await renderOfficialDocx(sample()));
    const issuer = parts.paragraphs.find((p) => p.style === "GwIssuer");
    expect(issuer?.text).toBe("武汉市建设国家中心城市工作领导小组办公室");
    expect(parts.styles).toMatch(/w:styleId="GwIssuer"[\s\S]*?<w:color w:val="FF0000"/);
    const number = parts.paragraphs.find((p) => p.style === "GwDocNumber");
    expect(number?.xml).toMatch(/<w:bottom [^>]*w:color="FF0000"/);
    expect(parts.paragraphs.find((p) => p.text === "一、总体情况")?.style).toBe("GwHeading1");
    expect(parts.paragraphs.find((p) => p.text === "（一）提升城市能级")?.style).toBe("GwHeading2");
    expect(parts.paragraphs.find((p) => p.text.startsWith("关于2022年"))?.style).toBe("GwTitle");
  });

  it("names the customary fonts and sizes as styles", async () => {
    const { styles } = await readDocx(await renderOfficialDocx(sample()));
    const body = styleXml(styles, "GwBody");
    expect(body).toContain('w:name w:val="公文正文"');
    expect(body).toMatch(/w:eastAsia="仿宋_GB2312"/);
    expect(body).toMatch(/<w:sz w:val="32"/);
    expect(styleXml(styles, "GwTitle")).toMatch(/w:eastAsia="方正小标宋简体"[\s\S]*<w:sz w:val="44"/);
    expect(styleXml(styles, "GwHeading1")).toMatch(/w:eastAsia="黑体"/);
    expect(styleXml(styles, "GwHeading2")).toMatch(/w:eastAsia="楷体_GB2312"/);
  });

  it("uses A4 with the GB/T 9704 margins and turns the annex page for a wide table", async () => {
    const { document } = await readDocx(await renderOfficialDocx(sample()));
    const sizes = [...document.matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1] ?? "");
    expect(sizes).toHaveLength(2);
    expect(sizes[0]).toMatch(/w:w="11906"/);
    expect(sizes[0]).toMatch(/w:h="16838"/);
    expect(sizes[1]).toMatch(/w:orient="landscape"/);
    expect(sizes[1]).toMatch(/w:w="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(document)?.[1] ?? "";
    expect(margin).toMatch(/w:top="2098"/);
    expect(margin).toMatch(/w:left="1587"/);
  });

  it("numbers pages as — 1 —, right on odd pages and left on even ones", async () => {
    const parts = await readDocx(await renderOfficialDocx(sample()));
    expect(parts.settings).toContain("<w:evenAndOddHeaders");
    const withPage = parts.footers.filter((f) => f.includes("PAGE"));
    expect(withPage.length).toBeGreaterThanOrEqual(2);
    for (const f of withPage) expect(f).toMatch(/— [\s\S]*PAGE[\s\S]* —/);
    const aligns = withPage.map((f) => /<w:jc w:val="(\w+)"/.exec(f)?.[1]);
    expect(new Set(aligns)).toEqual(new Set(["right", "left"]));
  });

  it("puts the annex table with a repeated header row, one row per entry and coloured lights", async () => {
    const parts = await readDocx(await renderOfficialDocx(sample()));
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(parts.document)?.[0] ?? "";
    const rows = [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain("<w:tblHeader");
    expect(rows[0]).toContain("牵头单位");
    expect(rows[2]).toContain("市商务局");
    expect(rows[2]).toContain("市招商局");
    expect(rows[2]).toMatch(/<w:shd [^>]*w:fill="FF0000"/);
    expect(rows[1]).toMatch(/<w:shd [^>]*w:fill="92D050"/);
    const texts = parts.paragraphs.map((p) => p.text);
    expect(texts.some((t) => t.startsWith("状态：绿"))).toBe(true);
  });

  it("closes with the 版记 after the annex: 抄送 and the printing office with its date", async () => {
    const parts = await readDocx(await renderOfficialDocx(sample()));
    const texts = parts.paragraphs.map((p) => p.text).filter((t) => t !== "");
    expect(texts.at(-2)).toBe("抄送：市委办公厅，市政府办公厅。");
    expect(texts.at(-1)).toMatch(/^武汉市建设国家中心城市工作领导小组办公室\s*2022年6月30日印发$/);
  });

  it("uses a given 文号 and signer, numbers several annexes, and refuses an oversized title", async () => {
    const two = sample({
      docNumber: "武建办〔2022〕12号",
      signer: "市建设办",
      annexes: [{ title: "甲表" }, { title: "乙表" }],
    });
    const texts = (await readDocx(await renderOfficialDocx(two))).paragraphs.map((p) => p.text);
    expect(texts).toContain("武建办〔2022〕12号");
    expect(texts.some((t) => t.includes("〔2022〕　　号"))).toBe(false);
    expect(texts).toContain("附件：1．甲表");
    expect(texts).toContain("2．乙表");
    expect(texts).toContain("附件1");
    expect(texts).toContain("附件2");
    expect(texts).toContain("市建设办");
    await expect(renderOfficialDocx(sample({ title: "长".repeat(201) }))).rejects.toThrow();
  });
});
