import type { OfficialDocument } from "../documents/official";
import { formatCnDate } from "../domain/time";
import type { AnnualReport } from "./ports";

/** How much of a unit's own annual summary the annex quotes: the office reads the full text in the report. */
export const ANNUAL_EXCERPT = 200;

/** 各单位全年工作总结: the units' own annual summaries (the 全年总结 round), one row per asked unit, 未报送 where none. */
export function annualAnnex(
  rows: AnnualReport[],
  tz: string,
): NonNullable<OfficialDocument["annexes"]>[number] {
  return {
    title: "各单位全年工作总结",
    tables: [
      {
        columns: ["序号", "单位", "报送时间", "内容摘要"],
        rows: rows.map((r, i) => [
          String(i + 1),
          r.unitName,
          r.report ? formatCnDate(r.report.submittedAt, tz) : "未报送",
          r.report ? excerptOf(r.report) : "",
        ]),
        widths: [0.8, 2.4, 2, 7],
      },
    ],
  };
}

function excerptOf(r: NonNullable<AnnualReport["report"]>): string {
  const chars = [...r.text.trim()];
  const text =
    chars.length > ANNUAL_EXCERPT ? `${chars.slice(0, ANNUAL_EXCERPT).join("")}……` : chars.join("");
  return [
    text,
    r.documentUrl ? `文档链接：${r.documentUrl}` : "",
    r.fileNames.length > 0 ? `附件材料：${r.fileNames.join("、")}` : "",
  ]
    .filter((s) => s !== "")
    .join("\n");
}
