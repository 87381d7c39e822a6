import { and, asc, eq, isNull } from "drizzle-orm";
import type { MilestoneStore } from "../../milestones/ports";
import type { Db } from "../client";
import { calendarOverrides, milestoneMarks, milestones, phases, plans } from "../schema";
import { officeRecipients } from "./office-recipients";

/** The office's milestones, their marks and who in the office hears about them. */
export function createMilestoneStore(db: Db): MilestoneStore {
  return {
    async plans() {
      // The tick's milestone and coordination steps skip an archived plan (/plan close).
      return db
        .select({ id: plans.id, title: plans.title, timezone: plans.timezone, settings: plans.settings })
        .from(plans)
        .where(isNull(plans.archivedAt));
    },

    /** The plan's milestones without unit submissions, in the plan's order, with their marks. */
    async officeMilestones(planId: string) {
      return db
        .select({
          id: milestones.id,
          text: milestones.text,
          due: milestones.due,
          phase: phases.name,
          doneOn: milestoneMarks.doneOn,
          note: milestoneMarks.note,
          attachmentUrl: milestoneMarks.attachmentUrl,
        })
        .from(milestones)
        .innerJoin(phases, eq(phases.id, milestones.phaseId))
        .leftJoin(milestoneMarks, eq(milestoneMarks.milestoneId, milestones.id))
        .where(and(eq(milestones.planId, planId), eq(milestones.unitsMustSubmit, false)))
        .orderBy(asc(phases.ordinal), asc(milestones.ordinal));
    },

    /** The office's own working-day changes (a Saturday worked, a local day off). */
    async calendarOverrides(): Promise<Map<string, boolean>> {
      const rows = await db.select().from(calendarOverrides);
      return new Map(rows.map((r) => [r.day, r.workday]));
    },

    async mark(v: typeof milestoneMarks.$inferInsert) {
      await db
        .insert(milestoneMarks)
        .values(v)
        .onConflictDoUpdate({
          target: milestoneMarks.milestoneId,
          set: {
            doneOn: v.doneOn,
            note: v.note,
            attachmentUrl: v.attachmentUrl,
            markedBy: v.markedBy,
            markedAt: v.markedAt,
          },
        });
    },

    /** The office: its own chat unless it is the work group, and its members (the caller adds DUBAN_ADMINS). */
    async office(planId: string) {
      return officeRecipients(db, planId);
    },
  };
}
