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

export interface SummaryStore {
  reportingRecord(planId: string): Promise<UnitRecord[]>;
  achievements(planId: string): Promise<SectionAchievement[]>;
}
