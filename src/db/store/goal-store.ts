import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Comparator } from "../../domain/progress";
import type { GoalRow, GoalTaskHint } from "../../goals/goals";
import type { GoalStore } from "../../goals/ports";
import type { Db } from "../client";
import { goalOwners, goalValues, indicators, plans, sections, tasks, taskUnits, units } from "../schema";

/** Goals, their owners and values, over the plan's tables (docs/year.md). */
export function createGoalStore(db: Db): GoalStore {
  return {
    async plan(planId: string) {
      const [p] = await db
        .select({ title: plans.title, issuedOn: plans.issuedOn, document: plans.document })
        .from(plans)
        .where(eq(plans.id, planId));
      if (!p) return undefined;
      const officeName = (p.document as { officeUnit?: unknown }).officeUnit;
      return {
        title: p.title,
        issuedOn: p.issuedOn,
        officeUnitName: typeof officeName === "string" ? officeName : null,
      };
    },

    async goals(planId: string): Promise<GoalRow[]> {
      const rows = await db
        .select({
          indicatorId: indicators.id,
          key: indicators.key,
          name: indicators.name,
          target: indicators.target,
          uom: indicators.unitOfMeasure,
          comparator: indicators.comparator,
          ownerId: units.id,
          ownerName: units.name,
        })
        .from(indicators)
        .leftJoin(goalOwners, eq(goalOwners.indicatorId, indicators.id))
        .leftJoin(units, eq(units.id, goalOwners.unitId))
        .where(
          and(eq(indicators.planId, planId), isNotNull(indicators.goalIndex), isNull(indicators.retiredAt)),
        )
        .orderBy(asc(indicators.goalIndex), asc(indicators.ordinal));
      const ids = rows.map((r) => r.indicatorId);
      const values =
        ids.length === 0
          ? []
          : await db
              .select()
              .from(goalValues)
              .where(inArray(goalValues.indicatorId, ids))
              .orderBy(desc(goalValues.reportedAt), desc(goalValues.id));
      return rows.map((r) => {
        const latest = values.find((v) => v.indicatorId === r.indicatorId);
        return {
          indicatorId: r.indicatorId,
          key: r.key,
          name: r.name,
          target: Number(r.target),
          uom: r.uom,
          comparator: r.comparator as Comparator,
          source: "",
          owner: r.ownerId !== null && r.ownerName !== null ? { id: r.ownerId, name: r.ownerName } : null,
          latest: latest ? { value: Number(latest.value), asOf: latest.asOf, source: latest.source } : null,
        };
      });
    },

    /** Every live task with the units that could own a goal read from it (leads first, else single units). */
    async taskHints(planId: string): Promise<GoalTaskHint[]> {
      const rows = await db
        .select({
          taskId: tasks.id,
          code: tasks.code,
          text: tasks.text,
          unitId: units.id,
          unitName: units.name,
          kind: units.kind,
          role: taskUnits.role,
        })
        .from(tasks)
        .innerJoin(sections, eq(sections.id, tasks.sectionId))
        .leftJoin(taskUnits, eq(taskUnits.taskId, tasks.id))
        .leftJoin(units, eq(units.id, taskUnits.unitId))
        .where(and(eq(tasks.planId, planId), isNull(tasks.retiredAt)))
        .orderBy(asc(sections.ordinal), asc(tasks.ordinal), asc(units.ordinal));
      const byTask = new Map<number, GoalTaskHint & { leads: GoalTaskHint["owners"] }>();
      for (const r of rows) {
        let t = byTask.get(r.taskId);
        if (!t) {
          t = { code: r.code, text: r.text, owners: [], leads: [] };
          byTask.set(r.taskId, t);
        }
        if (r.unitId === null || r.unitName === null || r.kind !== "unit") continue;
        (r.role === "lead" ? t.leads : t.owners).push({ id: r.unitId, name: r.unitName });
      }
      return [...byTask.values()].map((t) => ({
        code: t.code,
        text: t.text,
        owners: t.leads.length > 0 ? t.leads : t.owners,
      }));
    },

    async unitByName(planId: string, name: string) {
      const t = name.trim();
      const [u] = await db
        .select({ id: units.id, name: units.name, kind: units.kind })
        .from(units)
        .where(
          and(
            eq(units.planId, planId),
            isNull(units.retiredAt),
            sql`(${units.name} = ${t} or ${units.aliases} @> jsonb_build_array(${t}::text))`,
          ),
        );
      return u;
    },

    async setOwner(indicatorId: number, unitId: number, by: string, at: Date) {
      await db
        .insert(goalOwners)
        .values({ indicatorId, unitId, setBy: by, setAt: at })
        .onConflictDoUpdate({ target: goalOwners.indicatorId, set: { unitId, setBy: by, setAt: at } });
    },

    /** Stores a value; false when the same key was stored before (a replayed click). */
    async addValue(v: typeof goalValues.$inferInsert): Promise<boolean> {
      const r = await db.insert(goalValues).values(v).onConflictDoNothing().returning({ id: goalValues.id });
      return r.length > 0;
    },
  };
}
