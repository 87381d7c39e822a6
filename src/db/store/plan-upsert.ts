import { eq, inArray, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Plan } from "../../domain/plan-format";
import type { LoadResult } from "../../plans/ports";
import { type Db, rowsOf } from "../client";
import {
  indicators,
  milestones,
  phases,
  plans,
  rosterPeople,
  sections,
  tasks,
  taskUnits,
  unitGroupMembers,
  units,
} from "../schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Inserts or updates a plan inside the caller's transaction; never deletes what a report points at. */
export async function upsertPlan(
  tx: Tx,
  id: string,
  plan: Plan,
  contentHash: string,
  now: Date,
): Promise<LoadResult> {
  const counts = {
    sections: plan.sections.length,
    tasks: plan.sections.reduce((n, s) => n + s.tasks.length, 0),
    units: plan.units.length,
    groups: plan.unitGroups.length,
    indicators:
      plan.goals.reduce((n, g) => n + g.indicators.length, 0) +
      plan.sections.reduce((n, s) => n + s.tasks.reduce((m, t) => m + t.indicators.length, 0), 0),
    roster: plan.roster.length,
  };
  const retired: LoadResult["retired"] = { tasks: [], units: [], indicators: [] };

  // Lock the plan row (if any) so two loaders of the same plan serialise.
  const [existing] = await tx
    .select({ contentHash: plans.contentHash })
    .from(plans)
    .where(eq(plans.id, id))
    .for("update");
  if (existing?.contentHash === contentHash) return { planId: id, outcome: "unchanged", counts, retired };

  const planRow = {
    title: plan.title,
    issuer: plan.issuer,
    issuedOn: plan.date,
    timezone: plan.timezone,
    document: plan,
    contentHash,
    updatedAt: now,
  };
  if (existing) await tx.update(plans).set(planRow).where(eq(plans.id, id));
  else await tx.insert(plans).values({ id, ...planRow, createdAt: now });

  // Units and groups: upsert by name; those dropped are retired, never deleted.
  const unitRows = [
    ...plan.units.map((u, i) => ({ name: u.name, kind: "unit" as const, aliases: u.aliases, ordinal: i })),
    ...plan.unitGroups.map((g, i) => ({
      name: g.name,
      kind: "group" as const,
      aliases: g.aliases,
      ordinal: plan.units.length + i,
    })),
  ];
  const savedUnits = await tx
    .insert(units)
    .values(unitRows.map((u) => ({ ...u, planId: id })))
    .onConflictDoUpdate({
      target: [units.planId, units.name],
      set: revived({ kind: "kind", aliases: "aliases", ordinal: "ordinal" }),
    })
    .returning({ id: units.id, name: units.name });
  const unitId = new Map(savedUnits.map((u) => [u.name, u.id]));
  const keptUnits = unitRows.map((r) => r.name);
  retired.units = await retireMissing(tx, units, units.name, id, keptUnits, now);

  const groupIds = plan.unitGroups.map((g) => must(unitId, g.name));
  if (groupIds.length > 0)
    await tx.delete(unitGroupMembers).where(inArray(unitGroupMembers.groupId, groupIds));
  const memberRows = plan.unitGroups.flatMap((g) =>
    g.members.map((m) => ({ groupId: must(unitId, g.name), unitId: must(unitId, m) })),
  );
  if (memberRows.length > 0) await tx.insert(unitGroupMembers).values(memberRows).onConflictDoNothing();

  // Sections and tasks.
  const savedSections = await tx
    .insert(sections)
    .values(plan.sections.map((s, i) => ({ planId: id, no: s.no, ordinal: i, title: s.title })))
    .onConflictDoUpdate({
      target: [sections.planId, sections.no],
      set: { ordinal: sql`excluded.ordinal`, title: sql`excluded.title` },
    })
    .returning({ id: sections.id, no: sections.no });
  const sectionId = new Map(savedSections.map((s) => [s.no, s.id]));

  const taskRows = plan.sections.flatMap((s) =>
    s.tasks.map((t, i) => ({
      planId: id,
      sectionId: must(sectionId, s.no),
      code: t.id,
      ordinal: i,
      text: t.text,
      deadlines: t.deadlines,
      retiredAt: null,
    })),
  );
  const savedTasks = await tx
    .insert(tasks)
    .values(taskRows)
    .onConflictDoUpdate({
      target: [tasks.planId, tasks.code],
      set: revived({ sectionId: "section_id", ordinal: "ordinal", text: "text", deadlines: "deadlines" }),
    })
    .returning({ id: tasks.id, code: tasks.code });
  const taskId = new Map(savedTasks.map((t) => [t.code, t.id]));
  const keptTasks = taskRows.map((r) => r.code);
  retired.tasks = await retireMissing(tx, tasks, tasks.code, id, keptTasks, now);

  // Task ↔ unit roles: a pure relationship, rewritten for this plan's tasks.
  const allTaskIds = [...taskId.values()];
  if (allTaskIds.length > 0) await tx.delete(taskUnits).where(inArray(taskUnits.taskId, allTaskIds));
  const roleRows = plan.sections.flatMap((s) =>
    s.tasks.flatMap((t) => {
      const tid = must(taskId, t.id);
      return [
        ...t.lead.map((u) => ({ taskId: tid, unitId: must(unitId, u), role: "lead" as const })),
        ...t.responsible.map((u) => ({ taskId: tid, unitId: must(unitId, u), role: "responsible" as const })),
        ...t.support.map((u) => ({ taskId: tid, unitId: must(unitId, u), role: "support" as const })),
      ];
    }),
  );
  if (roleRows.length > 0) await tx.insert(taskUnits).values(roleRows).onConflictDoNothing();

  // Indicators: keyed by scope and name so reported values (keyed by indicator id) survive a reload.
  // A goal's or a task's indicator as a row: the same columns, scoped by goal index or by task.
  type PlanIndicator = (typeof plan.goals)[number]["indicators"][number];
  const indicatorRow = (
    scope: { taskId: number | null; goalIndex: number | null; key: string },
    ind: PlanIndicator,
    ordinal: number,
  ) => ({
    planId: id,
    ...scope,
    name: ind.name,
    target: ind.target,
    unitOfMeasure: ind.unit,
    comparator: ind.comparator,
    ordinal,
    retiredAt: null,
  });
  const indicatorRows = [
    ...plan.goals.flatMap((g, gi) =>
      g.indicators.map((ind, i) =>
        indicatorRow({ taskId: null, goalIndex: gi, key: `goal:${ind.name}` }, ind, i),
      ),
    ),
    ...plan.sections.flatMap((s) =>
      s.tasks.flatMap((t) =>
        t.indicators.map((ind, i) =>
          indicatorRow({ taskId: must(taskId, t.id), goalIndex: null, key: `${t.id}:${ind.name}` }, ind, i),
        ),
      ),
    ),
  ];
  if (indicatorRows.length > 0) {
    await tx
      .insert(indicators)
      .values(indicatorRows)
      .onConflictDoUpdate({
        target: [indicators.planId, indicators.key],
        set: revived({
          taskId: "task_id",
          goalIndex: "goal_index",
          name: "name",
          target: "target",
          unitOfMeasure: "unit_of_measure",
          comparator: "comparator",
          ordinal: "ordinal",
        }),
      });
  }
  const keptIndicators = indicatorRows.map((r) => r.key);
  retired.indicators = await retireMissing(tx, indicators, indicators.key, id, keptIndicators, now);

  // Phases, milestones and roster: descriptive data nothing else points at; rewritten.
  await tx.delete(phases).where(eq(phases.planId, id));
  for (const [pi, phase] of plan.phases.entries()) {
    const [saved] = await tx
      .insert(phases)
      .values({ planId: id, ordinal: pi, name: phase.name, start: phase.start, end: phase.end })
      .returning({ id: phases.id });
    if (!saved) throw new Error("phase insert returned nothing");
    if (phase.milestones.length > 0) {
      await tx.insert(milestones).values(
        phase.milestones.map((m, mi) => ({
          planId: id,
          phaseId: saved.id,
          ordinal: mi,
          text: m.text,
          due: m.due,
          unitsMustSubmit: m.unitsMustSubmit,
          collectionKind: m.collectionKind,
        })),
      );
    }
  }
  await tx.delete(rosterPeople).where(eq(rosterPeople.planId, id));
  if (plan.roster.length > 0) {
    await tx.insert(rosterPeople).values(
      plan.roster.map((r, i) => ({
        planId: id,
        ordinal: i,
        name: r.name,
        title: r.title,
        unitName: r.unit,
        unitId: unitId.get(r.unit) ?? null,
        role: r.role,
      })),
    );
  }

  return { planId: id, outcome: existing ? "updated" : "created", counts, retired };
}

/**
 * Retires (never deletes) the plan's rows of `table` whose `key` the new plan no longer has: reports keep
 * pointing at them. Returns the keys retired. One statement for units, tasks and indicators alike.
 */
async function retireMissing(
  tx: Tx,
  table: typeof units | typeof tasks | typeof indicators,
  key: PgColumn,
  planId: string,
  keep: string[],
  now: Date,
): Promise<string[]> {
  const kept =
    keep.length > 0
      ? sql`and ${key} not in (${sql.join(
          keep.map((k) => sql`${k}`),
          sql`, `,
        )})`
      : sql``;
  const rows = rowsOf<{ key: string }>(
    await tx.execute(sql`
      update ${table} set retired_at = ${now.toISOString()}::timestamptz
      where ${table.planId} = ${planId} and ${table.retiredAt} is null ${kept}
      returning ${key} as key`),
  );
  return rows.map((r) => r.key);
}

function must<K, V>(map: Map<K, V>, key: K): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`unknown reference: ${String(key)}`);
  return v;
}

/**
 * The `set` of an upsert that brings a row back: each named field from the proposed row (`excluded.<column>`,
 * field name to column name), and no longer retired.
 */
function revived(columns: Record<string, string>) {
  const set: Record<string, SQL> = { retiredAt: sql`null` };
  for (const [field, column] of Object.entries(columns)) set[field] = sql.raw(`excluded.${column}`);
  return set;
}
