import type { Workbook } from "exceljs";
import { fileNameLiteral } from "../../domain/escape/filename";
import type { Light } from "../../domain/lights";
import { planShortName } from "../../domain/plan-names";
import { roundKindLabels } from "../../domain/rounds";
import { reportStatusLabels, requestStateLabels } from "../../domain/states";
import { formatCnDate, formatIsoMinute } from "../../domain/time";
import type { BulletinFacts } from "../bulletins/facts";
import type { ExportData, ExportRow, IndicatorDef, RoundInfo } from "../ports";
import { type Column, finishSheet, linkCell, startSheet } from "./xlsx-layout";
import { addIndicators, addLateAndMissing, liaisonText, lightCell } from "./xlsx-sheets";
import { addItems, addSelfcheck } from "./xlsx-year";

/**
 * /export: the rounds as an .xlsx workbook an office files and prints (exceljs, loaded on first use). Sheet
 * 汇总: per unit over the exported rounds with its 联络员 (应报送/已报送/按时/迟报/逾期未报/待报送, 按时报送率).
 * Then a sheet per round: a row per unit × task with the latest revision, the task's light and 佐证材料; a
 * sheet 指标 of goal and task indicators against targets and 时序进度; a sheet 未报送及迟报 of units asked;
 * 任务自评 (once a 自评 round was opened), 协调事项 and 代表意见建议 (the plan's whole record of items).
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
  return fileNameLiteral(`${base}.xlsx`);
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

const SUMMARY_COLUMNS: Column[] = [
  { header: "序号" },
  { header: "单位", max: 30 },
  { header: "联络员", max: 36 },
  { header: "应报送" },
  { header: "已报送" },
  { header: "按时报送" },
  { header: "迟报" },
  { header: "逾期未报送" },
  { header: "待报送" },
  { header: "按时报送率" },
];

function addSummary(wb: Workbook, title: string, data: ExportData): void {
  const ws = startSheet(wb, "汇总", title, SUMMARY_COLUMNS);
  const units = new Map<
    string,
    { names: string[]; total: number; reported: number; late: number; overdue: number; pending: number }
  >();
  for (const { rows } of data.rounds) {
    for (const r of rows) {
      const u = units.get(r.unitName) ?? {
        names: r.liaisons,
        total: 0,
        reported: 0,
        late: 0,
        overdue: 0,
        pending: 0,
      };
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
      liaisonText(name, u.names),
      u.total,
      u.reported,
      onTime,
      u.late,
      u.overdue,
      u.pending,
      due > 0 ? onTime / due : null,
    ]);
    row.getCell(10).numFmt = "0.0%";
  }
  finishSheet(ws, SUMMARY_COLUMNS);
}

const ROUND_COLUMNS: Column[] = [
  { header: "单位", max: 30 },
  { header: "联络员", max: 36 },
  { header: "任务编号" },
  { header: "任务", max: 40 },
  { header: "分工" },
  { header: "状态灯" },
  { header: "报送状态" },
  { header: "版本" },
  { header: "推进状态" },
  { header: "工作进展", max: 50 },
  { header: "指标完成情况", max: 30 },
  { header: "需协调解决的问题", max: 36 },
  { header: "佐证材料", max: 40 },
  { header: "是否迟报" },
  { header: "报送时间" },
  { header: "报送人" },
];

function addRound(
  wb: Workbook,
  title: string,
  round: RoundInfo,
  rows: ExportRow[],
  data: ExportData,
  lights: Map<string, Light | null>,
  used: Set<string>,
): void {
  const tz = data.plan.timezone;
  const byId = new Map(data.indicators.map((i) => [String(i.id), i]));
  const ws = startSheet(
    wb,
    sheetName(round, used),
    `${title}　${round.title || round.period}`,
    ROUND_COLUMNS,
  );
  for (const r of rows) {
    const rep = r.report;
    const row = ws.addRow([
      r.unitName,
      liaisonText(r.unitName, r.liaisons),
      r.taskCode ?? "",
      r.taskText ?? roundKindLabels[round.kind],
      r.role ? (ROLE[r.role] ?? r.role) : "",
      null,
      requestStateLabels[r.state],
      rep ? rep.revision : null,
      rep?.status ? reportStatusLabels[rep.status] : "",
      rep?.progress ?? "",
      indicatorText(r, byId),
      rep?.problems ?? "",
      null,
      r.state === "late" ? "是" : rep ? "否" : "",
      rep ? formatIsoMinute(rep.submittedAt, tz) : "",
      rep ? (rep.submitterName ?? rep.submittedBy) : "",
    ]);
    if (r.taskCode) lightCell(row.getCell(6), lights.get(r.taskCode));
    linkCell(row.getCell(13), r.evidence);
  }
  finishSheet(ws, ROUND_COLUMNS);
}

/** The workbook's title: the plan and what it covers (one round, or every round as of today). */
function workbookTitle(data: ExportData): string {
  const [only] = data.rounds;
  const period =
    data.rounds.length === 1 && only
      ? only.round.title || only.round.period
      : `截至${formatCnDate(data.now, data.plan.timezone)}`;
  return `${data.plan.title}　报送情况（${period}）`;
}

/**
 * facts: the period's bulletin facts (lights and indicator progress by the one rule), absent when the
 * period has none; then the workbook has no light column values and no indicator sheet.
 */
export async function buildExportWorkbook(data: ExportData, facts?: BulletinFacts): Promise<ExportFile> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "duban 督办";
  wb.created = data.now;
  const title = workbookTitle(data);
  addSummary(wb, title, data);
  const used = new Set<string>(["汇总", "指标", "未报送及迟报", "任务自评", "协调事项", "代表意见建议"]);
  const lights = new Map((facts?.tasks ?? []).map((t) => [t.code, t.light]));
  for (const { round, rows } of data.rounds) addRound(wb, title, round, rows, data, lights, used);
  if (facts) addIndicators(wb, data.plan.title, facts);
  addLateAndMissing(wb, data.plan.title, data);
  if (data.selfcheck) addSelfcheck(wb, data.plan.title, data.selfcheck, data.plan.timezone);
  addItems(wb, data.plan.title, data.items);
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
