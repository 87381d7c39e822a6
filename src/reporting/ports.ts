import type { EvidenceFile } from "../domain/evidence";
import type { RoundBasics, RoundKind, RoundTimes } from "../domain/rounds";
import type { ReportKind, ReportStatus, RequestState, SelfcheckVerdict } from "../domain/states";
import type { UnitRef } from "../domain/units";
import type { PhaseState } from "../schedule/domain/types";
import type { Assignment, RequestSeed } from "./domain/assignments";
import type { ReportContent } from "./domain/form";

/** A reporting round (rounds row). */
export interface Round extends RoundBasics {
  id: number;
  state: "scheduled" | "open" | "closed";
  openedAt: Date | null;
  openedBy: string | null;
}

/** A stored revision as cards show it. */

export interface ReportView {
  id: number;
  revision: number;
  submittedBy: string;
  submittedAt: Date;
  status: ReportStatus | null;
  /** The 自评 of a selfcheck round's report; null otherwise. */
  selfcheck: SelfcheckVerdict | null;
  progress: string;
  problems: string | null;
  evidenceUrl: string | null;
  documentUrl: string | null;
  indicatorValues: Record<string, number>;
  late: boolean;
  /** Made by the form or by a shortcut (本月无新进展, 同上月). */
  kind: ReportKind;
  /** 佐证材料 sent to the bot as files or photos; each revision carries the previous one's forward. */
  evidenceFiles: EvidenceFile[];
}

export interface IndicatorRef {
  id: number;
  name: string;
  target: number;
  unit: string;
  comparator: string;
}

/** A request with what a card line needs. */
export interface RequestView {
  id: number;
  roundId: number;
  unitId: number;
  unitName: string;
  taskId: number | null;
  taskCode: string | null;
  taskText: string | null;
  role: "lead" | "responsible" | "support" | null;
  /** The goal indicator (目标指标) this request asks the value of; null for a task or a document. */
  goal: IndicatorRef | null;
  reopenedUntil: Date | null;
  latest: ReportView | null;
  /** Whether the first revision was late (迟报); null without one. The request's state follows it. */
  firstLate: boolean | null;
}

/** A request with its round, task and indicators: what a form and a submit need. */
export interface RequestDetail extends RequestView {
  planId: string;
  round: Round;
  indicators: IndicatorRef[];
  /** Resolved task deadlines (YYYY-MM-DD) for the pace window. */
  deadlines: string[];
  /** The unit that reports the task's figures (assignments.figureOwner), null when every unit reports its share. */
  figureOwnerUnitId: number | null;
  /** The task's lead units (none for summary requests). */
  leadUnitIds: number[];
}

export interface Contact {
  unitId: number;
  openId: string;
  name: string;
  role: "liaison" | "deputy";
}

export interface UnitCardRow {
  recipient: string;
  outboxKey: string;
  messageId: string | null;
}

/** What round times and 时序进度 are computed from: the plan's phases and settings, the office's calendar. */
export interface PlanTiming {
  planDate: string | null;
  timezone: string;
  /** plans.settings as stored (the schedule reads its `schedule` key, progress its `progressTolerance`). */
  settings: unknown;
  /** In plan order, each with its milestones. */
  phases: PhaseState[];
  /** The office's working-day overrides (calendar_overrides), on top of the official calendar. */
  calendarOverrides: { day: string; workday: boolean }[];
}

/** One request's state for status views, bulletins and nudges. */
export interface RequestStatusRow {
  requestId: number;
  roundId: number;
  unitId: number;
  unitName: string;
  taskId: number | null;
  taskCode: string | null;
  role: "lead" | "responsible" | "support" | null;
  state: RequestState;
  dueAt: Date;
  reopenedUntil: Date | null;
  latestReportId: number | null;
  revision: number | null;
  submittedAt: Date | null;
  reportStatus: ReportStatus | null;
  /** The latest revision's lateness (null without one); the state follows the first revision's. */
  late: boolean | null;
}

export interface SubmitInput {
  requestId: number;
  content: ReportContent;
  submittedBy: string;
  submittedAt: Date;
  idempotencyKey: string;
  /** Default form. */
  kind?: ReportKind;
  /** The revision's files; default: the previous revision's, so a correction by the form keeps them. */
  evidenceFiles?: EvidenceFile[];
}

/** The database side of collection (src/db/store/collect-store.ts). */
export interface CollectStore {
  getRound(id: number): Promise<Round | undefined>;
  findRound(planId: string, kind: RoundKind, period: string): Promise<Round | undefined>;
  /** Newest due date first. */
  listRounds(planId: string): Promise<Round[]>;
  /** Inserts the round unless (plan, kind, period) exists; marks it open. Never changes an existing round's times. */
  createRound(
    input: {
      planId: string;
      kind: RoundKind;
      period: string;
      title: string;
      times: RoundTimes;
      actor: string;
    },
    now: Date,
  ): Promise<{ round: Round; created: boolean }>;
  planTiming(planId: string): Promise<PlanTiming | undefined>;
  /** Lead/responsible/support links of active tasks to active units, groups expanded to their active members. */
  assignments(planId: string): Promise<Assignment[]>;
  /** The plan's goal indicators with an owning unit (goal_owners), in the plan's order. */
  goalOwners(planId: string): Promise<{ indicatorId: number; unitId: number }[]>;
  /** Inserts the requests that do not exist yet; returns how many were new. */
  insertRequests(roundId: number, seeds: readonly RequestSeed[]): Promise<number>;
  /** Units with at least one request in the round, in plan order. */
  roundUnits(roundId: number): Promise<UnitRef[]>;
  /** Liaisons and deputies of the units (members rows). */
  contacts(planId: string, unitIds: readonly number[]): Promise<Contact[]>;
  /** The office's chats (chats.is_office) and members (role office) of the plan. */
  officeContacts(planId: string): Promise<{ chatIds: string[]; openIds: string[] }>;
  /** Records overview cards; `replace` points an existing (round, unit, recipient) at a new card. */
  recordUnitCards(
    rows: readonly { roundId: number; unitId: number; recipient: string; outboxKey: string }[],
    now: Date,
    replace: boolean,
  ): Promise<void>;
  unitCards(roundId: number, unitId: number): Promise<UnitCardRow[]>;
  /** The overview card sent as this message: when, and whether unit_cards still points at it. */
  sentOverviewCard(messageId: string): Promise<{ sentAt: Date; current: boolean } | undefined>;
  /** Overview cards patches still target, sent before the time, of rounds still open (for the unit) at `now`. */
  agingUnitCards(
    sentBefore: Date,
    now: Date,
  ): Promise<{ roundId: number; unitId: number; recipient: string }[]>;
  /** A unit's requests in a round, in plan order (section, task). */
  unitRequests(roundId: number, unitId: number): Promise<RequestView[]>;
  /** Every request on a task in a round (the lead view), in plan order of units. */
  taskRequests(roundId: number, taskId: number): Promise<RequestView[]>;
  request(requestId: number): Promise<RequestDetail | undefined>;
  /** The unit's latest reported value of each indicator, from any round, optionally before a time. */
  lastIndicatorValues(unitId: number, indicatorIds: readonly number[]): Promise<Record<string, number>>;
  /** The unit's latest report on the same task in an earlier round of the same kind (for 同上月). */
  previousReport(requestId: number): Promise<ReportView | undefined>;
  /**
   * Stores a new revision (max + 1) and points report_requests.latest_report_id at it, in one transaction
   * holding the request row; lateness from the round's deadlines and the reopening. The same idempotency
   * key returns the stored revision with duplicate = true.
   */
  submitReport(input: SubmitInput): Promise<{ report: ReportView; duplicate: boolean }>;
  /** Sets reopened_until on the unit's requests in the round; returns how many. */
  reopen(roundId: number, unitId: number, until: Date): Promise<number>;
  requestStatus(
    filter: { planId: string; roundId?: number; unitId?: number; taskId?: number },
    now: Date,
  ): Promise<RequestStatusRow[]>;
  findUnit(planId: string, text: string): Promise<UnitRef | undefined>;
  findTask(planId: string, code: string): Promise<{ id: number; code: string; text: string } | undefined>;
  /** The task's lead units (active). */
  taskLeads(taskId: number): Promise<UnitRef[]>;
}
