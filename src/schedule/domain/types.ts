import type { RoundBasics, RoundKind } from "../../domain/rounds";
import type { UnitRef } from "../../domain/units";

/**
 * What the planner reads (a snapshot of the database, loaded in a few set-based queries by
 * src/db/store/schedule-store.ts) and what it decides (actions the tick executes through ports).
 */

export type { RoundKind };
export type RoundState = "scheduled" | "open" | "closed";
export type BulletinKind = "month" | "quarter" | "half" | "year";
/** The nudge ladder's steps after the overview card (which the round's opening sends). */
export type LadderStep = "remind" | "due" | "overdue" | "escalate";

export interface MilestoneState {
  text: string;
  due: string;
  unitsMustSubmit: boolean;
  collectionKind: string | null;
}

export interface PhaseState {
  ordinal: number;
  name: string;
  start: string | null;
  end: string;
  milestones: MilestoneState[];
}

export interface PlanState {
  id: string;
  timezone: string;
  /** plans.settings as stored (the schedule reads its `schedule` key). */
  settings: unknown;
  /** The kinds in the plan's rhythm (monthly_dispatch, quarterly_bulletin …), informative. */
  rhythm: string[];
  phases: PhaseState[];
}

export interface RoundRow {
  id: number;
  planId: string;
  kind: RoundKind;
  period: string;
  title: string;
  state: RoundState;
  opensAt: Date;
  dueAt: Date;
  closesAt: Date;
  openedAt: Date | null;
}

/**
 * The report requests of one round and unit still without a report (latest_report_id null), as the store
 * loads them: the tasks in plan order (a task's object shared by every unit missing it; taskId null for a
 * round that asks a unit for one document) and the latest reopened_until among them. One group per round and
 * unit rather than a row per request: a thousand plans have ~375,000 missing requests but ~50,000
 * rounds-and-units and ~25,000 tasks.
 */
export interface MissingGroup {
  roundId: number;
  unitId: number;
  tasks: MissingTask[];
  reopenedUntil: Date | null;
}

export interface UnitRow {
  id: number;
  planId: string;
  name: string;
  retired: boolean;
}

export interface MemberRow {
  id: number;
  planId: string;
  openId: string;
  name: string;
  /** A deputy (副联络员) stands in for a unit without a liaison and is copied on the overdue @. */
  role: "liaison" | "deputy" | "office";
  unitId: number | null;
}

export interface ChatRow {
  chatId: string;
  planId: string;
  isOffice: boolean;
  /** Liaisons and deputies (open_ids) currently in this chat. */
  liaisonsPresent: string[];
}

export interface LeadRow {
  taskId: number;
  unitId: number;
}

/** The planner's memory: decisions already taken (sent or skipped), per scope. */
export type Ledger = ReadonlyMap<string, ReadonlyMap<string, string>>;

export interface ScheduleSnapshot {
  plans: PlanState[];
  /** Every round not closed, and those closed within the last year (for bulletins and dedup). */
  rounds: RoundRow[];
  /** What is still missing in the open rounds, per round and unit. */
  missingGroups: MissingGroup[];
  units: UnitRow[];
  members: MemberRow[];
  chats: ChatRow[];
  leads: LeadRow[];
  calendarOverrides: ReadonlyArray<{ day: string; workday: boolean }>;
  /**
   * Ledger entries for the scopes `c:<roundId>` (open rounds, and closed ones a unit was reopened in)
   * and `p:<planId>` (bulletins).
   */
  ledger: Ledger;
  /** DUBAN_ADMINS: the office of a plan that has neither an office chat nor office members. */
  admins?: readonly string[];
}

/** Where a message goes; structurally the same as the messages port's Recipient. */
export type Target = { chatId: string } | { openId: string };

/** The office of a plan: its chat when it has one, else each office member directly. */
export interface OfficeTarget {
  chatId: string | null;
  /** `tag` makes each member's outbox key: `m<memberId>`, or `a<hash>` for an admin from DUBAN_ADMINS. */
  members: Array<{ tag: string; openId: string; name: string }>;
}

/** A round the schedule means to have (stored as a scheduled round until it opens). */
export type RoundSpec = RoundBasics;

export interface RoundRef {
  roundId: number;
  planId: string;
  kind: RoundKind;
  period: string;
  title: string;
  /** The due date the message shows: the round's, or the unit's own when the office reopened it. */
  dueAt: Date;
  timezone: string;
  /** True when dueAt is the unit's own (reopened_until), not the round's. */
  reopened?: boolean;
}

export interface MissingTask {
  taskId: number | null;
  taskCode: string | null;
  taskText: string | null;
}

export interface PersonRef {
  openId: string;
  name: string;
}

/** A decision to remember: entry `entry` under scope `scope`, with its outcome. */
export interface LedgerMark {
  scope: string;
  entry: string;
  outcome: "sent" | "office" | "drafted" | SkipReason;
}

export type SkipReason =
  /** Missed by downtime beyond the grace window (or on another day): never sent late. */
  | "stale"
  /** The step's time came before the round was opened (a round opened late). */
  | "before_open"
  /** Nobody to send it to (no office chat or member). */
  | "no_recipient"
  /** A bulletin for a round that never opened. */
  | "round_not_opened";

export type ScheduleAction =
  | { type: "create_round"; spec: RoundSpec }
  | { type: "reschedule_round"; roundId: number; spec: RoundSpec }
  | {
      type: "open_round";
      planId: string;
      kind: RoundKind;
      period: string;
      title: string;
      /** null when the round is created in the same tick. */
      roundId: number | null;
      dueAt: Date;
      notBefore: Date;
      /**
       * The work groups to tell once that the round opened: per group, the liaisons in it (each in one group
       * only) and their units; the tick keeps the units the round asks.
       */
      groups: WorkGroupRoster[];
      timezone: string;
    }
  | { type: "close_round"; roundId: number; planId: string; title: string; opened: boolean }
  | {
      type: "nudge";
      key: string;
      step: Exclude<LadderStep, "escalate">;
      round: RoundRef;
      unit: UnitRef;
      liaison: PersonRef;
      missing: MissingTask[];
      /** Always the person (the liaison, or the deputy standing in): the work group hears of it in the digest. */
      to: Target;
      /** Buzz the liaison after the message (overdue step). */
      urgent: boolean;
      notBefore: Date;
      ledger: LedgerMark[];
    }
  | {
      /** Units without a liaison: one message to the office per round and step, listing them. */
      type: "nudge_office";
      key: string;
      step: Exclude<LadderStep, "escalate">;
      round: RoundRef;
      units: Array<{ unit: UnitRef; missing: MissingTask[] }>;
      office: OfficeTarget;
      notBefore: Date;
      ledger: LedgerMark[];
    }
  | {
      type: "escalate";
      key: string;
      audience: "office" | "lead";
      round: RoundRef;
      /** The lead unit and its liaison (audience lead). */
      lead: { unit: UnitRef; liaison: PersonRef } | null;
      office: OfficeTarget | null;
      overdue: Array<{ unit: UnitRef; liaison: PersonRef | null; missing: MissingTask[] }>;
      notBefore: Date;
      ledger: LedgerMark[];
    }
  | {
      /**
       * 群内汇总: the one message a work group gets from a tick, listing the units overdue in it (by name, no
       * @: each liaison had a direct message and 加急).
       */
      type: "digest";
      key: string;
      planId: string;
      chatId: string;
      timezone: string;
      lines: DigestLine[];
      notBefore: Date;
      ledger: LedgerMark[];
    }
  | {
      type: "draft_bulletin";
      key: string;
      planId: string;
      kind: BulletinKind;
      period: string;
      title: string;
      roundIds: number[];
      /** Where the draft card goes; null: nobody to tell (the draft is still made). */
      office: OfficeTarget | null;
      notBefore: Date;
      ledger: LedgerMark[];
    }
  | {
      type: "skip";
      key: string;
      reason: SkipReason;
      planId: string;
      /** Human-readable: what was not sent. */
      what: string;
      /** When it was due. */
      at: Date;
      ledger: LedgerMark[];
    };

/** A work group and the liaisons (and deputies standing in) whose units it answers for there. */
export interface WorkGroupRoster {
  chatId: string;
  people: Array<{ unit: UnitRef; person: PersonRef }>;
}

/** One unit in a work group's digest. */
export interface DigestLine {
  round: RoundRef;
  unit: UnitRef;
  liaison: PersonRef;
  missing: number;
}

export interface TickPlan {
  actions: ScheduleAction[];
  warnings: string[];
}
