import type { ItemView } from "../coordination/ports";
import type { EvidenceFile } from "../domain/evidence";
import type { BulletinPeriod } from "../domain/period";
import type { PlanSpan } from "../domain/plan-span";
import type { Comparator } from "../domain/progress";
import type { SelfcheckTally } from "../domain/selfcheck";
import type { ReportStatus, RequestState, TaskStatus } from "../domain/states";
import type { Round } from "../reporting/ports";

/**
 * Read side of reporting: what the office's /status, /missing, /remind, /bulletin and /export show.
 * Each call is one or a few set-based queries (never one per unit or task).
 */

/** A round as the read side shows it: the reporting port's Round without who opened it. */
export type RoundInfo = Omit<Round, "openedAt" | "openedBy">;

export interface UnitEntry {
  id: number;
  name: string;
  kind: "unit" | "group";
  /** For a group (各区人民政府): the ids of its member units. */
  memberIds: number[];
}

export interface TaskRef {
  id: number;
  code: string;
  text: string;
  sectionTitle: string;
  /** 牵头单位 names. */
  leadUnits: string[];
  /** tasks.deadlines as stored (read by src/deadlines/read.ts). */
  deadlines?: unknown;
}

export interface Liaison {
  openId: string;
  name: string;
  /** liaison 联络员 first, then deputy 副联络员. */
  role: "liaison" | "deputy";
}

/** A unit's line in the overview of one round. */
export interface UnitRoundRow {
  unitId: number;
  unitName: string;
  ordinal: number;
  total: number;
  reported: number;
  /** Reported, first revision after the due time (迟报). */
  late: number;
  missing: number;
  /** Has a missing request past the due time (逾期). */
  overdue: boolean;
}

export interface RoundOverview {
  round: RoundInfo;
  now: Date;
  /** Overdue units first (most missing first), then units still to report, then complete ones; plan order within. */
  units: UnitRoundRow[];
  totals: {
    units: number;
    requests: number;
    reported: number;
    late: number;
    missing: number;
    overdueUnits: number;
    completeUnits: number;
  };
  /** Latest reports by status; unreported = requests without a report. */
  requestsByStatus: Record<ReportStatus | "unreported", number>;
  /** Tasks by their status across units (domain/status taskStatusOf). */
  tasksByStatus: Record<TaskStatus, number>;
}

export interface LatestReport {
  reportId: number;
  revision: number;
  status: ReportStatus | null;
  progress: string;
  problems: string | null;
  indicatorValues: Record<string, number>;
  late: boolean;
  submittedAt: Date;
  submittedBy: string;
  /** The submitter's name when the plan knows them as a member. */
  submitterName: string | null;
  /** 佐证材料 typed in the form: the evidence link and the document link, when given. */
  evidenceLinks: string[];
  /** 佐证材料 sent to the bot as files or photos (kept by key). */
  evidenceFiles: EvidenceFile[];
}

export interface RequestStatusView {
  requestId: number;
  state: RequestState;
  role: "lead" | "responsible" | "support" | null;
  report: LatestReport | null;
}

export interface UnitStatusView {
  round: RoundInfo;
  unit: { id: number; name: string };
  /** One row per request; task null for summary rounds (one document per unit). */
  requests: Array<RequestStatusView & { task: { id: number; code: string; text: string } | null }>;
}

export interface IndicatorDef {
  id: number;
  taskId: number | null;
  name: string;
  target: number;
  comparator: Comparator;
  unitOfMeasure: string;
}

export interface PhaseDef {
  name: string;
  start: string | null;
  end: string;
}

export interface TaskStatusView {
  round: RoundInfo;
  task: TaskRef;
  units: Array<RequestStatusView & { unitId: number; unitName: string }>;
  indicators: IndicatorDef[];
  phases: PhaseDef[];
  /** Plan settings that shape progress (tolerance points). */
  tolerance: number | null;
}

export interface MissingUnit {
  unitId: number;
  unitName: string;
  total: number;
  missing: number;
  /** Past the due time (逾期) rather than still open (待报送). */
  overdue: boolean;
  /** Codes of the tasks missing ("二.3"); empty for a summary round. */
  taskCodes: string[];
  liaisons: Liaison[];
}

/** A unit's line on a task in a bulletin: its latest report in the period (status null = not reported). */
export interface BulletinTaskUnit {
  unitName: string;
  status: ReportStatus | null;
  asked: boolean;
  role: "lead" | "responsible" | "support" | null;
  /** The report's 工作进展 text (the unit's own words), null when empty or not reported. */
  progress: string | null;
  /** 佐证材料 of the report: links, then files and photos, one line each (empty when none). */
  evidence: string[];
}

/** Everything a bulletin (通报) for a period says, gathered in a few queries. */
export interface BulletinData {
  plan: { id: string; title: string; issuer: string; timezone: string; tolerance: number | null };
  period: BulletinPeriod;
  now: Date;
  rounds: Array<RoundInfo & { requests: number }>;
  /** Per unit over the period's rounds. due = requests due by now or already reported. */
  units: Array<{
    unitId: number;
    unitName: string;
    ordinal: number;
    total: number;
    due: number;
    reported: number;
    onTime: number;
    late: number;
    overdue: number;
    /** Titles of the rounds the unit has overdue requests in. */
    overdueRounds: string[];
    /**
     * The unit was asked: a liaison of it received the cards (or it reported anyway). A unit without a
     * liaison never got the request and is not a non-reporter (未明确联络员).
     */
    asked: boolean;
  }>;
  /** Active tasks in plan order with each requested unit's latest status in the period (null = not reported). */
  tasks: Array<TaskRef & { units: BulletinTaskUnit[] }>;
  /**
   * Task indicators: each unit's latest value reported in the period's rounds. Goals (目标指标): the goal's
   * latest value as of the period's end (goal_values) with its date, else what the period's reports say.
   */
  indicators: Array<
    IndicatorDef & {
      values: Array<{ unitId: number; value: number; isLead: boolean; submittedAt: Date }>;
      asOf?: string;
    }
  >;
  /** 需协调解决的问题: the latest non-empty problems per (unit, task) in the period. */
  problems: Array<{ unitName: string; taskCode: string | null; text: string; submittedAt: Date }>;
  /** Coordination items (协调事项) registered so far, with the assigned units still owing an answer. */
  coordItems: BulletinCoordItem[];
  phases: PhaseDef[];
}

export interface BulletinCoordItem {
  id: number;
  unitName: string | null;
  taskCode: string | null;
  text: string;
  state: "open" | "assigned" | "answered" | "confirmed" | "disputed" | "closed";
  /** Local date YYYY-MM-DD of the 办理时限, once 交办. */
  due: string | null;
  /** Assigned units that have not answered. */
  owing: string[];
}

/** One line of an export: a request with its latest revision. */
export interface ExportRow {
  unitName: string;
  taskCode: string | null;
  taskText: string | null;
  role: "lead" | "responsible" | "support" | null;
  state: RequestState;
  report: LatestReport | null;
  /** The unit's liaisons' names (联络员 first); empty when the unit was never asked. */
  liaisons: string[];
  /** 佐证材料 of the latest report: its links, then its files and photos, one line each. */
  evidence: string[];
}

export interface ExportData {
  plan: { id: string; title: string; timezone: string };
  rounds: Array<{ round: RoundInfo; rows: ExportRow[] }>;
  indicators: IndicatorDef[];
  now: Date;
  /** The plan's coordination items and suggestions, open and closed (sheets 协调事项, 代表意见建议). */
  items: ItemView[];
  /** The latest 自评 round's tally (sheet 任务自评); undefined when none was opened. */
  selfcheck: SelfcheckTally | undefined;
}

export interface StatusStore {
  /** The plan and its span (null when it has no phases to date it by). */
  plan(
    planId: string,
  ): Promise<{ id: string; title: string; timezone: string; span: PlanSpan | null } | undefined>;
  /** The plan's rounds, newest first (by opens_at). */
  listRounds(planId: string): Promise<RoundInfo[]>;
  /** Units and groups whose name or alias matches `text` exactly, else contains it. */
  findUnits(planId: string, text: string): Promise<UnitEntry[]>;
  /** An active task by code ("二.3"). */
  findTask(planId: string, code: string): Promise<TaskRef | undefined>;
  overview(round: RoundInfo, now: Date, opts?: { unitIds?: number[] }): Promise<RoundOverview>;
  unitStatus(round: RoundInfo, unitId: number, now: Date): Promise<UnitStatusView | undefined>;
  taskStatus(round: RoundInfo, taskId: number, now: Date): Promise<TaskStatusView | undefined>;
  /** Units with requests lacking a report in the round, with their liaisons. Overdue first. */
  missing(round: RoundInfo, now: Date, opts?: { unitIds?: number[] }): Promise<MissingUnit[]>;
  bulletinData(planId: string, period: BulletinPeriod, now: Date): Promise<BulletinData | undefined>;
  exportData(planId: string, roundIds: number[], now: Date): Promise<ExportData | undefined>;
}
