import type { Workbook, Worksheet } from "exceljs";
import { planShortName } from "../../domain/plan-names";
import { roundKindLabels } from "../../domain/rounds";
import { reportStatusLabels, requestStateLabels } from "../../domain/states";
import { formatCnDate, formatIsoMinute } from "../../domain/time";
import type { ExportData, ExportRow, IndicatorDef, RoundInfo } from "../ports";

/**
 * /export: the rounds as an .xlsx workbook (exceljs; it runs on Node and, through its browser build, on
 * Cloudflare Workers). Sheet 汇总: per unit over the exported rounds (应报送/已报送/按时/迟报/逾期未报/待报送,
 * 按时报送率). Then a sheet per round: a row per unit × task with the latest revision.
 */

export interface ExportFile {
  fileName: string;
  bytes: Uint8Array;
}

const ROLE: Record<string, string> = { lead: "牵头", responsible: "责任", support: "配合" };

async function loadExcel(): Promise<typeof import("exceljs")> {
  // Loaded on first export only (the library is large); CJS interop puts it on default under ESM.
  const mod = await import("exceljs");
  return (mod as unknown as { default?: typeof mod }).default ?? mod;
}

/** "1号议案_2022-06_月调度.xlsx" for one round; "1号议案_报送情况_2022年7月5日.xlsx" for several. */
export function exportFileName(planTitle: string, rounds: RoundInfo[], now: Date, tz: string): string {
  const name = planShortName(planTitle);
  const [only] = rounds;
  const base =
    rounds.length === 1 && only
      ? `${name}_${only.period}_${roundKindLabels[only.kind]}`
      : `${name}_报送情况_${formatCnDate(now, tz)}`;
  return `${base.replace(/[\\/:*?"<>|\s]+/g, "_")}.xlsx`;
}

function sheetName(round: RoundInfo, used: Set<string>): string {
  const base = `${round.period} ${roundKindLabels[round.kind]}`.replace(/[\\/?*[\]:]/g, "-").slice(0, 28);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)}(${i})`;
  used.add(name);
  return name;
}

function indicatorText(row: ExportRow, byId: Map<string, IndicatorDef>): string {
  const values = row.report?.indicatorValues ?? {};
  return Object.entries(values)
    .map(([id, v]) => {
      const ind = byId.get(id);
      return ind ? `${ind.name}：${v}${ind.unitOfMeasure}` : `指标${id}：${v}`;
    })
    .join("；");
}

/** Column widths and styles first (exceljs gives new cells their column's style), then the header row. */
function startSheet(wb: Workbook, name: string, header: string[], widths: number[], wrap = false): Worksheet {
  // Column styles, not per-cell ones: exceljs writes a style per styled cell, which is slow and large.
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = widths.map((width) => ({
    width,
    ...(wrap ? { style: { alignment: { vertical: "top" as const, wrapText: true } } } : {}),
  }));
  const row = ws.addRow(header);
  row.font = { bold: true };
  row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  row.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
  return ws;
}

function addSummary(wb: Workbook, data: ExportData): void {
  const ws = startSheet(
    wb,
    "汇总",
    ["序号", "单位", "应报送", "已报送", "按时报送", "迟报", "逾期未报送", "待报送", "按时报送率"],
    [6, 24, 9, 9, 10, 8, 11, 9, 12],
  );
  const units = new Map<
    string,
    { total: number; reported: number; late: number; overdue: number; pending: number }
  >();
  for (const { rows } of data.rounds) {
    for (const r of rows) {
      const u = units.get(r.unitName) ?? { total: 0, reported: 0, late: 0, overdue: 0, pending: 0 };
      u.total++;
      if (r.state === "reported" || r.state === "late") u.reported++;
      if (r.state === "late") u.late++;
      if (r.state === "overdue") u.overdue++;
      if (r.state === "pending") u.pending++;
      units.set(r.unitName, u);
    }
  }
  let i = 0;
  for (const [name, u] of units) {
    const due = u.reported + u.overdue;
    const onTime = u.reported - u.late;
    const row = ws.addRow([
      ++i,
      name,
      u.total,
      u.reported,
      onTime,
      u.late,
      u.overdue,
      u.pending,
      due > 0 ? onTime / due : null,
    ]);
    row.getCell(9).numFmt = "0.0%";
  }
}

function addRound(
  wb: Workbook,
  round: RoundInfo,
  rows: ExportRow[],
  data: ExportData,
  used: Set<string>,
): void {
  const tz = data.plan.timezone;
  const byId = new Map(data.indicators.map((i) => [String(i.id), i]));
  const ws = startSheet(
    wb,
    sheetName(round, used),
    [
      "单位",
      "任务编号",
      "任务",
      "分工",
      "报送状态",
      "版本",
      "推进状态",
      "工作进展",
      "指标完成情况",
      "需协调解决的问题",
      "是否迟报",
      "报送时间",
      "报送人",
    ],
    [22, 9, 36, 7, 9, 6, 9, 40, 28, 32, 8, 17, 12],
    true,
  );
  for (const r of rows) {
    const rep = r.report;
    ws.addRow([
      r.unitName,
      r.taskCode ?? "",
      r.taskText ?? roundKindLabels[round.kind],
      r.role ? (ROLE[r.role] ?? r.role) : "",
      requestStateLabels[r.state],
      rep ? rep.revision : null,
      rep?.status ? reportStatusLabels[rep.status] : "",
      rep?.progress ?? "",
      indicatorText(r, byId),
      rep?.problems ?? "",
      r.state === "late" ? "是" : rep ? "否" : "",
      rep ? formatIsoMinute(rep.submittedAt, tz) : "",
      rep ? (rep.submitterName ?? rep.submittedBy) : "",
    ]);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: 13 } };
}

export async function buildExportWorkbook(data: ExportData): Promise<ExportFile> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "duban 督办";
  wb.created = data.now;
  addSummary(wb, data);
  const used = new Set<string>(["汇总"]);
  for (const { round, rows } of data.rounds) addRound(wb, round, rows, data, used);
  const buffer = await wb.xlsx.writeBuffer();
  return {
    fileName: exportFileName(
      data.plan.title,
      data.rounds.map((r) => r.round),
      data.now,
      data.plan.timezone,
    ),
    bytes: new Uint8Array(buffer as ArrayBuffer),
  };
}
