import type { PlanSpan } from "../domain/plan-span";

/** What the task-deadline reminders need from storage (implemented by src/db/store/deadline-store.ts). */

export interface DeadlinePlan {
  id: string;
  title: string;
  timezone: string;
  settings: unknown;
  /** From its issue date or first phase to its last phase's end; null when the plan has no dated phase. */
  span: PlanSpan | null;
}

export interface DeadlineTaskRow {
  id: number;
  code: string;
  text: string;
  /** tasks.deadlines as stored (read leniently by src/deadlines/read.ts). */
  deadlines: unknown;
  /** Its lead units, unit groups given as their member units. */
  leads: number[];
  /** Its responsible units, the same way (reminded when it names no lead). */
  responsible: number[];
}

export interface DeadlineStore {
  /** Plans the tick looks at: not archived. */
  plans(): Promise<DeadlinePlan[]>;
  /** The plan's current tasks that carry a deadline, in the plan's order. */
  tasks(planId: string): Promise<DeadlineTaskRow[]>;
  /** The latest report of each (task, unit), with its time and whether it says 已完成. */
  latestReports(
    planId: string,
  ): Promise<Array<{ taskId: number; unitId: number; at: Date; complete: boolean }>>;
  /** Units' names by id. */
  unitNames(planId: string): Promise<Map<number, string>>;
  /** Liaisons and deputies, in the order they were bound. */
  contacts(planId: string): Promise<Array<{ openId: string; unitId: number; role: "liaison" | "deputy" }>>;
  /** The office members' open_ids. */
  officeMembers(planId: string): Promise<string[]>;
  calendarOverrides(): Promise<Map<string, boolean>>;
}
