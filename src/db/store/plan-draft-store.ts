import { and, eq } from "drizzle-orm";
import { planSchema } from "../../domain/plan-format";
import type { PlanDraftStore } from "../../plans/drafts";
import type { Db } from "../client";
import { planDrafts } from "../schema";

export function createPlanDraftStore(db: Db): PlanDraftStore {
  return {
    async saveDraft(d) {
      await db
        .insert(planDrafts)
        .values({
          id: d.id,
          planId: d.planId,
          fileName: d.fileName,
          document: d.plan,
          createdBy: d.createdBy,
          createdAt: d.createdAt,
        })
        .onConflictDoNothing();
    },

    async getDraft(id) {
      const [row] = await db.select().from(planDrafts).where(eq(planDrafts.id, id));
      if (!row) return undefined;
      return {
        id: row.id,
        planId: row.planId,
        fileName: row.fileName,
        plan: planSchema.parse(row.document),
        createdBy: row.createdBy,
        state: row.state,
        createdAt: row.createdAt,
      };
    },

    async closeDraft(id, state, now) {
      const rows = await db
        .update(planDrafts)
        .set({ state, closedAt: now })
        .where(and(eq(planDrafts.id, id), eq(planDrafts.state, "open")))
        .returning({ id: planDrafts.id });
      return rows.length > 0;
    },
  };
}
