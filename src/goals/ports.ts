import type { GoalRow, GoalTaskHint } from "./goals";

/** What the goals room needs from storage (implemented by src/db/store/goal-store.ts). */
export interface GoalValueInput {
  indicatorId: number;
  unitId: number;
  value: number;
  asOf: string;
  source: string;
  reportedBy: string;
  reportedAt: Date;
  /** A replayed message stores one value. */
  idempotencyKey: string;
}

export interface GoalStore {
  plan(
    planId: string,
  ): Promise<{ title: string; issuedOn: string | null; officeUnitName: string | null } | undefined>;
  /** The plan's goal indicators in the plan's order, with owner and latest value. */
  goals(planId: string): Promise<GoalRow[]>;
  /** Every live task with the units that could own a goal read from it. */
  taskHints(planId: string): Promise<GoalTaskHint[]>;
  unitByName(
    planId: string,
    name: string,
  ): Promise<{ id: number; name: string; kind: "unit" | "group" } | undefined>;
  setOwner(indicatorId: number, unitId: number, by: string, at: Date): Promise<void>;
  /** False when the same key was stored before. */
  addValue(v: GoalValueInput): Promise<boolean>;
}
