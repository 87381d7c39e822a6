import type { Plan } from "../domain/plan-format";

export interface PlanSummary {
  id: string;
  title: string;
  issuer: string;
  date: string | null;
  tasks: number;
  units: number;
  updatedAt: Date;
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
}

export interface PlanStore {
  /** Inserts or updates the plan in one transaction; never deletes anything a report points at. */
  upsertPlan(id: string, plan: Plan, contentHash: string, now: Date): Promise<LoadResult>;
  listPlans(): Promise<PlanSummary[]>;
  getPlanDocument(id: string): Promise<Plan | undefined>;
}
