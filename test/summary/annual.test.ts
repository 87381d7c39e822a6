import { describe, expect, it } from "vitest";
import { ANNUAL_EXCERPT, annualAnnex } from "../../src/summary/annual";

describe("the 各单位全年工作总结 annex", () => {
  it("quotes the start of each unit's text with its link and files, and marks the others 未报送", () => {
    const annex = annualAnnex(
      [
        {
          unitName: "市科技局",
          report: {
            submittedAt: new Date("2022-11-30T17:00:00Z"), // 12月1日 in Shanghai
            text: "甲".repeat(ANNUAL_EXCERPT + 5),
            documentUrl: null,
            fileNames: ["全年总结.docx", "图片 12月1日 09:00"],
          },
        },
        { unitName: "市发改委", report: null },
      ],
      "Asia/Shanghai",
    );
    expect(annex.title).toBe("各单位全年工作总结");
    const rows = annex.tables?.[0]?.rows ?? [];
    expect(rows[0]?.slice(0, 3)).toEqual(["1", "市科技局", "2022年12月1日"]);
    expect(rows[0]?.[3]).toBe(
      `${"甲".repeat(ANNUAL_EXCERPT)}……\n附件材料：全年总结.docx、图片 12月1日 09:00`,
    );
    expect(rows[1]).toEqual(["2", "市发改委", "未报送", ""]);
  });
});
