import type { Workbook } from "exceljs";
import type { ItemKind, ItemView } from "../../coordination/ports";
import { itemRecord, itemRecordColumns } from "../../coordination/record";
import { type SelfcheckTally, selfcheckCountsText, verdictText } from "../../domain/selfcheck";
import { formatIsoMinute } from "../../domain/time";
import { type Column, finishSheet, linkCell, startSheet } from "./xlsx-layout";

/**
 * The year's sheets of the export: 任务自评 (the 自评 round's tally, one row per task and assessing unit) and
 * the items' record, 协调事项 and 代表意见建议, whatever rounds were asked for (the record is the plan's).
 */

const SELFCHECK_COLUMNS: Column[] = [
  { header: "任务编号" },
  { header: "任务", max: 40 },
  { header: "自评单位", max: 30 },
  { header: "分工" },
  { header: "自评结果" },
  { header: "自评说明", max: 50 },
  { header: "佐证材料", max: 40 },
  { header: "报送时间" },
];

export function addSelfcheck(wb: Workbook, title: string, t: SelfcheckTally, tz: string): void {
  const ws = startSheet(
    wb,
    "任务自评",
    `${title}　${t.round.title}（${selfcheckCountsText(t)}）`,
    SELFCHECK_COLUMNS,
  );
  for (const r of t.rows) {
    const row = ws.addRow([
      r.taskCode,
      r.taskText,
      r.unitName,
      r.role === "lead" ? "牵头" : r.role === "responsible" ? "责任" : "",
      verdictText(r.verdict),
      r.note ?? "",
      null,
      r.submittedAt ? formatIsoMinute(r.submittedAt, tz) : "",
    ]);
    linkCell(row.getCell(7), r.evidence ? [r.evidence] : []);
  }
  finishSheet(ws, SELFCHECK_COLUMNS);
}

const SHEET: Record<ItemKind, string> = { coord: "协调事项", suggestion: "代表意见建议" };
const WIDE = new Set(["问题", "意见建议", "办理情况", "销号说明"]);

/** One sheet per kind of item, every item of the plan (open and closed), in the order they were raised. */
export function addItems(wb: Workbook, title: string, items: ItemView[]): void {
  for (const kind of ["coord", "suggestion"] as const) {
    const columns: Column[] = itemRecordColumns[kind].map((h) => ({ header: h, max: WIDE.has(h) ? 50 : 24 }));
    const ws = startSheet(wb, SHEET[kind], `${title}　${SHEET[kind]}办理情况`, columns);
    for (const i of items.filter((x) => x.kind === kind)) ws.addRow(itemRecord(i));
    finishSheet(ws, columns);
  }
}
