/** What the coordination room needs from storage (implemented by src/db/store/coord-store.ts). */

export type ItemState = "open" | "assigned" | "answered" | "confirmed" | "disputed" | "closed";
export type ItemKind = "coord" | "suggestion";

export interface ItemView {
  id: number;
  planId: string;
  kind: ItemKind;
  unitId: number | null;
  unitName: string | null;
  taskCode: string | null;
  text: string;
  delegate: string | null;
  occasion: string | null;
  raisedOn: string;
  lastRaisedOn: string;
  repeats: number;
  /** Later reports' texts the raising unit's liaison confirmed as the same matter. */
  followUps: FollowUp[];
  state: ItemState;
  due: string | null;
  closeNote: string | null;
  assignees: Array<{ unitId: number; unitName: string; answer: string | null; answeredAt: Date | null }>;
}

export interface FollowUp {
  on: string;
  text: string;
  reportId: number;
}

export interface NewItem {
  planId: string;
  kind: ItemKind;
  unitId?: number | null;
  taskId?: number | null;
  text: string;
  matchText: string;
  delegate?: string | null;
  occasion?: string | null;
  raisedOn: string;
  lastRaisedOn: string;
  reportId?: number | null;
  createdAt: Date;
}

export interface CoordStore {
  /** The report's problem field with where it came from; undefined when the report has none. */
  reportProblem(reportId: number): Promise<
    | {
        planId: string;
        kind: string;
        unitId: number;
        taskId: number | null;
        problems: string;
        submittedAt: Date;
      }
    | undefined
  >;
  /** The item not yet closed that the same unit raised on the same task with the same words. */
  findOpen(
    planId: string,
    unitId: number,
    taskId: number | null,
    matchText: string,
  ): Promise<{ id: number } | undefined>;
  /** The new item's id; undefined when the report already raised one. */
  insert(v: NewItem): Promise<number | undefined>;
  raisedAgain(id: number, on: string): Promise<void>;
  /** Items not yet closed the unit raised on the task (whatever their words). */
  openOf(
    planId: string,
    unitId: number,
    taskId: number | null,
  ): Promise<Array<{ id: number; text: string; lastRaisedOn: string }>>;
  /** The item a report already became or joined; undefined while it is undecided. */
  itemOfReport(reportId: number): Promise<number | undefined>;
  /** Adds a follow-up entry (and counts a repeat); false when the report was added already. */
  addFollowUp(id: number, entry: FollowUp): Promise<boolean>;
  item(id: number): Promise<ItemView | undefined>;
  all(planId: string): Promise<ItemView[]>;
  assign(id: number, unitIds: number[], due: string, by: string, at: Date): Promise<void>;
  /** True when every assignee has now answered. */
  answer(id: number, unitId: number, text: string, by: string, at: Date): Promise<boolean>;
  setState(id: number, state: ItemState): Promise<void>;
  close(id: number, note: string, by: string, at: Date): Promise<void>;
  contacts(
    planId: string,
    unitIds: number[],
  ): Promise<Array<{ openId: string; unitId: number | null; role: string }>>;
  planUnits(
    planId: string,
  ): Promise<Array<{ id: number; name: string; kind: "unit" | "group"; aliases: string[] }>>;
}
