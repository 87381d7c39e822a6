import type { Plan } from "../domain/plan-format";

export interface PlanSummary {
  id: string;
  title: string;
  issuer: string;
  date: string | null;
  tasks: number;
  units: number;
  updatedAt: Date;
  /** Set once the office closed the plan (/plan close): read-only from then on. */
  archivedAt: Date | null;
}

export interface LoadResult {
  planId: string;
  /** created: first load; updated: content changed; unchanged: same content as stored. */
  outcome: "created" | "updated" | "unchanged";
  counts: {
    sections: number;
    tasks: number;
    units: number;
    groups: number;
    indicators: number;
    roster: number;
  };
  /** Tasks, units and indicators present before and absent now: retired, their reports kept. */
  retired: { tasks: string[]; units: string[]; indicators: string[] };
  /** A new plan following an earlier one (the next year's): the people carried over. */
  carried?: CarryResult;
}

/**
 * How a revision's tasks relate to the loaded ones, matched by content: tasks that keep their rows under a
 * new code, and old tasks no new task matches (retired, reports kept, out of the way of the new numbering).
 */
export interface TaskRevision {
  renames: { from: string; to: string }[];
  retire: string[];
  /** New tasks: one whose exact text a retired task holds takes that row back (with its reports). */
  added: { id: string; text: string }[];
}

export interface PlanStore {
  /** Inserts or updates the plan in one transaction; never deletes anything a report points at. */
  upsertPlan(
    id: string,
    plan: Plan,
    contentHash: string,
    now: Date,
    revision?: TaskRevision,
  ): Promise<LoadResult>;
  /** Oldest first. */
  listPlans(): Promise<PlanSummary[]>;
  getPlanDocument(id: string): Promise<Plan | undefined>;
  /**
   * Archives the plan (audited `plan.close`); the stored archive time, the earlier one when it was
   * archived already; undefined when there is no such plan.
   */
  archivePlan(id: string, by: { openId: string; name: string }, now: Date): Promise<Date | undefined>;
  /**
   * Carries the people of one plan into the next (audited `plan.carry`): every grant, units matched by
   * name, kept where the next plan already has one; with `chats`, the chats bound to `from` move to `to`.
   */
  carryOver(from: string, to: string, opts: { chats: boolean; now: Date }): Promise<CarryResult>;
}

export interface CarryResult {
  from: string;
  /** Grants copied; grants whose unit the next plan does not name. */
  grants: number;
  unmatchedUnits: string[];
  chats: number;
}
