import { type SelfcheckVerdict, selfcheckLabels, selfcheckVerdicts } from "./states";

/**
 * The tally of a 自评 round (selfcheck): one row per task and assessing unit (the lead unit; a task without one,
 * its responsible units), with the verdict, the note and the evidence link. The office brings it to the
 * 满意度测评; /selfcheck shows it as a card, /export as a sheet, /summary year as a section.
 */

export interface SelfcheckRow {
  sectionNo: string;
  sectionTitle: string;
  taskCode: string;
  taskText: string;
  unitName: string;
  role: "lead" | "responsible" | "support" | null;
  /** Null while the unit has not answered. */
  verdict: SelfcheckVerdict | null;
  note: string | null;
  evidence: string | null;
  submittedAt: Date | null;
}

export interface SelfcheckRound {
  title: string;
  period: string;
  dueAt: Date;
}

export interface SelfcheckTally {
  round: SelfcheckRound;
  rows: SelfcheckRow[];
  /** Distinct tasks assessed in the round. */
  tasks: number;
  counts: Record<SelfcheckVerdict | "missing", number>;
}

export function tallySelfcheck(round: SelfcheckRound, rows: SelfcheckRow[]): SelfcheckTally {
  const counts: SelfcheckTally["counts"] = { done: 0, mostly: 0, not_done: 0, missing: 0 };
  for (const r of rows) counts[r.verdict ?? "missing"] += 1;
  return { round, rows, tasks: new Set(rows.map((r) => r.taskCode)).size, counts };
}

/** "共12项（次）：完成8项、基本完成3项、未完成1项、未报送0项". */
export function selfcheckCountsText(t: SelfcheckTally): string {
  const parts = selfcheckVerdicts.map((v) => `${selfcheckLabels[v]}${t.counts[v]}项`);
  parts.push(`未报送${t.counts.missing}项`);
  return `${t.tasks}项任务、${t.rows.length}项自评：${parts.join("、")}`;
}

export function verdictText(v: SelfcheckVerdict | null): string {
  return v ? selfcheckLabels[v] : "未报送";
}
