/** What the milestones room needs from storage (implemented by src/db/store/milestone-store.ts). */

export interface MilestoneRow {
  id: number;
  text: string;
  due: string;
  phase: string;
  doneOn: string | null;
  note: string | null;
  attachmentUrl: string | null;
}

export interface MilestoneMark {
  milestoneId: number;
  doneOn: string;
  note: string;
  attachmentUrl: string | null;
  markedBy: string;
  markedAt: Date;
}

export interface MilestoneStore {
  /** Plans not archived, with the time zone and settings that decide when the tick may send. */
  plans(): Promise<Array<{ id: string; title: string; timezone: string; settings: unknown }>>;
  /** The plan's milestones without unit submissions, in the plan's order, with their marks. */
  officeMilestones(planId: string): Promise<MilestoneRow[]>;
  calendarOverrides(): Promise<Map<string, boolean>>;
  mark(v: MilestoneMark): Promise<void>;
  /** The office: its chats, and its members. */
  office(planId: string): Promise<{ chatIds: string[]; openIds: string[] }>;
}
