import type { Cell, Workbook } from "exceljs";
import { type Light, lightFill, lightLabel } from "../../domain/lights";
import { progressStateLabel } from "../../domain/progress";
import { roundKindLabels } from "../../domain/rounds";
import { cnDateOf } from "../../domain/time";
import type { BulletinFacts, IndicatorFact } from "../bulletins/facts";
import type { ExportData } from "../ports";
import { type Column, finishSheet, startSheet } from "./xlsx-layout";

/** The export's second and third sheets: indicators against targets, and who did not report or reported late. */

/** "市经信局 — 张三、李四", or 未明确联络员 for a unit nobody receives the cards for. */
export function liaisonText(unitName: string, names: string[]): string {
  const named = names.filter((n) => n.trim() !== "");
  return named.length > 0 ? `${unitName} — ${named.join("、")}` : "未明确联络员";
}

/** A light cell: its label on its fill, or empty when no unit of the task was asked. */
export function lightCell(cell: Cell, light: Light | null | undefined): void {
  if (!light) return;
  cell.value = lightLabel[light];
  cell.alignment = { horizontal: "center", vertical: "top" };
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${lightFill[light]}` } };
}

const INDICATOR_COLUMNS: Column[] = [
  { header: "类别" },
  { header: "任务编号" },
  { header: "指标", max: 30 },
  { header: "目标值" },
  { header: "计量单位" },
  { header: "最新值" },
  { header: "完成比例" },
  { header: "时序进度" },
  { header: "与时序进度差（百分点）" },
  { header: "状态" },
  { header: "数值截至" },
];

/** Goals first (their value is the goal's own latest record, with its date), then the tasks' indicators. */
export function addIndicators(wb: Workbook, title: string, facts: BulletinFacts): void {
  const ws = startSheet(wb, "指标", `${title}　目标与任务指标（${facts.asOf}）`, INDICATOR_COLUMNS);
  const codeOf = new Map(facts.tasks.map((t) => [t.id, t.code]));
  const task = facts.tasks.flatMap((t) => t.indicators);
  const line = (kind: string, i: IndicatorFact) => {
    const p = i.progress;
    const row = ws.addRow([
      kind,
      i.taskId === null ? "" : (codeOf.get(i.taskId) ?? ""),
      i.name,
      i.target,
      i.unitOfMeasure,
      p.value,
      p.reachedPct === null ? null : p.reachedPct / 100,
      p.elapsedPct / 100,
      p.gapPts === null ? null : Math.round(p.gapPts * 10) / 10,
      progressStateLabel[p.state],
      i.asOf ? cnDateOf(i.asOf) : "",
    ]);
    row.getCell(7).numFmt = "0.0%";
    row.getCell(8).numFmt = "0.0%";
  };
  for (const g of facts.goals) line("总体目标", g);
  for (const i of task) line("任务指标", i);
  finishSheet(ws, INDICATOR_COLUMNS);
}

const LATE_COLUMNS: Column[] = [
  { header: "单位" },
  { header: "联络员" },
  { header: "轮次" },
  { header: "情况" },
  { header: "任务编号", max: 30 },
  { header: "件数" },
];

/**
 * 逾期未报送 and 迟报 per unit and round. Only units that were asked: a unit without a liaison never received
 * the request and is not a non-reporter (the bulletin's rule); they are listed apart for the office.
 */
export function addLateAndMissing(wb: Workbook, title: string, data: ExportData): void {
  const ws = startSheet(wb, "未报送及迟报", `${title}　逾期未报送及迟报情况`, LATE_COLUMNS);
  const unasked = new Set<string>();
  for (const { round, rows } of data.rounds) {
    const lines = new Map<string, { unit: string; names: string[]; label: string; codes: string[] }>();
    for (const r of rows) {
      if (r.liaisons.length === 0 && !r.report) {
        unasked.add(r.unitName);
        continue;
      }
      const label = r.state === "overdue" ? "逾期未报送" : r.state === "late" ? "迟报" : null;
      if (!label) continue;
      const key = `${r.unitName}\u0000${label}`;
      const line = lines.get(key) ?? { unit: r.unitName, names: r.liaisons, label, codes: [] };
      line.codes.push(r.taskCode ?? "");
      lines.set(key, line);
    }
    const roundName = round.title || `${round.period} ${roundKindLabels[round.kind]}`;
    for (const l of [...lines.values()].sort((a, b) => a.label.localeCompare(b.label))) {
      const codes = l.codes.filter((c) => c !== "");
      ws.addRow([l.unit, liaisonText(l.unit, l.names), roundName, l.label, codes.join("、"), l.codes.length]);
    }
  }
  if (unasked.size > 0) {
    ws.addRow([]);
    ws.addRow([`未明确联络员（未收到报送通知，不计入未报送）：${[...unasked].join("、")}`]);
  }
  finishSheet(ws, LATE_COLUMNS);
}
