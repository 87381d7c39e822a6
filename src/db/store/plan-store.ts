import { eq, sql } from "drizzle-orm";
import { planSchema } from "../../domain/plan-format";
import type { PlanStore, PlanSummary } from "../../plans/ports";
import type { Db } from "../client";
import { plans } from "../schema";
import { archivePlan, carryOver } from "./plan-carry";
import { reviseTasks } from "./plan-revise";
import { upsertPlan } from "./plan-upsert";

export function createPlanStore(db: Db): PlanStore {
  return {
    async upsertPlan(id, plan, contentHash, now, revision) {
      return db.transaction(async (tx) => {
        if (revision) await reviseTasks(tx, id, revision, now);
        const result = await upsertPlan(tx, id, plan, contentHash, now);
        // Tasks the revision retired ahead of the upsert are reported with those the upsert retired.
        if (revision?.retire.length)
          result.retired.tasks = [...new Set([...revision.retire, ...result.retired.tasks])];
        return result;
      });
    },

    async listPlans(): Promise<PlanSummary[]> {
      const rows = await db
        .select({
          id: plans.id,
          title: plans.title,
          issuer: plans.issuer,
          date: plans.issuedOn,
          updatedAt: plans.updatedAt,
          archivedAt: plans.archivedAt,
          tasks: sql<number>`(select count(*)::int from tasks t where t.plan_id = plans.id and t.retired_at is null)`,
          units: sql<number>`(select count(*)::int from units u where u.plan_id = plans.id and u.kind = 'unit' and u.retired_at is null)`,
        })
        .from(plans)
        .orderBy(plans.createdAt);
      return rows.map((r) => ({ ...r, tasks: Number(r.tasks), units: Number(r.units) }));
    },

    async getPlanDocument(id) {
      const [row] = await db.select({ document: plans.document }).from(plans).where(eq(plans.id, id));
      return row ? planSchema.parse(row.document) : undefined;
    },

    archivePlan: (id, by, now) => archivePlan(db, id, by, now),
    carryOver: (from, to, opts) => carryOver(db, from, to, opts),
  };
}
