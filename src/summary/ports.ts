import type { SelfcheckTally } from "../domain/selfcheck";

/** What the year's summary reads beyond goals, milestones and items (implemented by src/db/store/summary-store.ts). */
export interface UnitRecord {
  unitName: string;
  /** Requests of opened rounds, reported ones, reported late. */
  requests: number;
  reported: number;
  late: number;
}

export interface SectionAchievement {
  sectionNo: string;
  sectionTitle: string;
  /** The lead units' latest progress per task, in the plan's order. */
  tasks: Array<{ code: string; unitName: string; progress: string }>;
}

/** 测评结果: what the office recorded on the plan after the 满意度测评 (the newest record). */
export interface PlanResult {
  text: string;
  recordedBy: string;
  recordedAt: Date;
}

/** One asked unit of the latest opened 全年总结 round: its latest report, or none (未报送). */
export interface AnnualReport {
  unitName: string;
  /** The latest revision: when, the summary text, the document link and the files' names; null when not submitted. */
  report: { submittedAt: Date; text: string; documentUrl: string | null; fileNames: string[] } | null;
}

export interface SummaryStore {
  reportingRecord(planId: string): Promise<UnitRecord[]>;
  achievements(planId: string): Promise<SectionAchievement[]>;
  /** The latest opened 自评 round's tally; undefined when none was opened. */
  selfcheck(planId: string): Promise<SelfcheckTally | undefined>;
  /** The units asked in the plan's latest opened 全年总结 round, in the plan's unit order; empty when none was opened. */
  annualReports(planId: string): Promise<AnnualReport[]>;
  /** The newest 测评结果 recorded on the plan. */
  result(planId: string): Promise<PlanResult | undefined>;
  /** Records a 测评结果 (a new row each time, never an overwrite). */
  addResult(planId: string, text: string, by: string, at: Date): Promise<void>;
}
