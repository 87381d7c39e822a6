import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { figureOwner } from "../../domain/collect/assignments";
import { requestState } from "../../domain/collect/request-state";
import type { CollectStore, Contact, IndicatorRef, RequestDetail } from "../../services/ports/collect";
import type { Db } from "../client";
import {
  chats,
  collections,
  indicators,
  members,
  milestones,
  phases,
  plans,
  reportRequests,
  reports,
  tasks,
  taskUnits,
  unitCards,
  unitGroupMembers,
  units,
} from "../schema";
import { createReportStore } from "./collect-reports";
import { requestOf, roundColumns, selectRequestViews, toDate, toRound } from "./collect-views";

/** The collect store: rounds, requests, contacts and cards here; revisions in collect-reports.ts. */
export function createCollectStore(db: Db): CollectStore {
  const memberUnit = alias(units, "member_unit");

  async function taskLeads(taskId: number) {
    const rows = await db
      .select({
        id: sql<number>`coalesce(${memberUnit.id}, ${units.id})`,
        name: sql<string>`coalesce(${memberUnit.name}, ${units.name})`,
      })
      .from(taskUnits)
      .innerJoin(units, eq(units.id, taskUnits.unitId))
      .leftJoin(unitGroupMembers, and(eq(units.kind, "group"), eq(unitGroupMembers.groupId, units.id)))
      .leftJoin(memberUnit, and(eq(memberUnit.id, unitGroupMembers.unitId), isNull(memberUnit.retiredAt)))
      .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.role, "lead"), isNull(units.retiredAt)))
      .orderBy(asc(units.ordinal));
    return rows.map((r) => ({ id: Number(r.id), name: r.name }));
  }

  return {
    ...createReportStore(db),

    async getRound(id) {
      const [row] = await db.select(roundColumns).from(collections).where(eq(collections.id, id));
      return row ? toRound(row) : undefined;
    },

    async findRound(planId, kind, period) {
      const [row] = await db
        .select(roundColumns)
        .from(collections)
        .where(
          and(eq(collections.planId, planId), eq(collections.kind, kind), eq(collections.period, period)),
        );
      return row ? toRound(row) : undefined;
    },

    async listRounds(planId) {
      const rows = await db
        .select(roundColumns)
        .from(collections)
        .where(eq(collections.planId, planId))
        .orderBy(desc(collections.dueAt), desc(collections.id));
      return rows.map(toRound);
    },

    async createRound({ planId, kind, period, title, times, actor }, now) {
      const inserted = await db
        .insert(collections)
        .values({
          planId,
          kind,
          period,
          title,
          opensAt: times.opensAt,
          dueAt: times.dueAt,
          closesAt: times.closesAt,
          state: "open",
          openedAt: now,
          openedBy: actor,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning(roundColumns);
      if (inserted[0]) return { round: toRound(inserted[0]), created: true };
      // A round prepared ahead (state scheduled) becomes open; an open or closed one stays as it is.
      await db
        .update(collections)
        .set({ state: "open", openedAt: now, openedBy: actor })
        .where(
          and(
            eq(collections.planId, planId),
            eq(collections.kind, kind),
            eq(collections.period, period),
            eq(collections.state, "scheduled"),
          ),
        );
      const [row] = await db
        .select(roundColumns)
        .from(collections)
        .where(
          and(eq(collections.planId, planId), eq(collections.kind, kind), eq(collections.period, period)),
        );
      if (!row) throw new Error(`round ${planId}/${kind}/${period} vanished`);
      return { round: toRound(row), created: false };
    },

    async planTiming(planId) {
      const [plan] = await db.select({ date: plans.issuedOn }).from(plans).where(eq(plans.id, planId));
      if (!plan) return undefined;
      const ph = await db
        .select({ start: phases.start, end: phases.end })
        .from(phases)
        .where(eq(phases.planId, planId))
        .orderBy(asc(phases.ordinal));
      const ms = await db
        .select({ due: milestones.due, collectionKind: milestones.collectionKind })
        .from(milestones)
        .where(and(eq(milestones.planId, planId), eq(milestones.unitsMustSubmit, true)));
      return { planDate: plan.date, phases: ph, milestones: ms };
    },

    async assignments(planId) {
      const rows = await db
        .select({
          taskId: taskUnits.taskId,
          unitId: sql<number>`coalesce(${memberUnit.id}, ${units.id})`,
          role: taskUnits.role,
          kind: units.kind,
          memberId: memberUnit.id,
        })
        .from(taskUnits)
        .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
        .innerJoin(units, eq(units.id, taskUnits.unitId))
        .leftJoin(unitGroupMembers, and(eq(units.kind, "group"), eq(unitGroupMembers.groupId, units.id)))
        .leftJoin(memberUnit, and(eq(memberUnit.id, unitGroupMembers.unitId), isNull(memberUnit.retiredAt)))
        .where(
          and(
            eq(tasks.planId, planId),
            isNull(tasks.retiredAt),
            isNull(units.retiredAt),
            or(eq(units.kind, "unit"), sql`${memberUnit.id} is not null`),
          ),
        );
      return rows.map((r) => ({ taskId: r.taskId, unitId: Number(r.unitId), role: r.role }));
    },

    async insertRequests(collectionId, seeds) {
      if (seeds.length === 0) return 0;
      const inserted = await db
        .insert(reportRequests)
        .values(seeds.map((s) => ({ collectionId, unitId: s.unitId, taskId: s.taskId, role: s.role })))
        .onConflictDoNothing()
        .returning({ id: reportRequests.id });
      return inserted.length;
    },

    async roundUnits(collectionId) {
      return db
        .selectDistinct({ id: units.id, name: units.name, ordinal: units.ordinal })
        .from(reportRequests)
        .innerJoin(units, eq(units.id, reportRequests.unitId))
        .where(eq(reportRequests.collectionId, collectionId))
        .orderBy(asc(units.ordinal), asc(units.id))
        .then((rows) => rows.map((r) => ({ id: r.id, name: r.name })));
    },

    async contacts(planId, unitIds): Promise<Contact[]> {
      if (unitIds.length === 0) return [];
      const rows = await db
        .select({ unitId: members.unitId, openId: members.openId, name: members.name, role: members.role })
        .from(members)
        .where(
          and(
            eq(members.planId, planId),
            inArray(members.unitId, [...unitIds]),
            inArray(members.role, ["liaison", "deputy"]),
          ),
        )
        .orderBy(asc(members.unitId), asc(members.role), asc(members.id));
      // role sorts "deputy" < "liaison": put the liaison first.
      return rows
        .map((r) => ({
          unitId: r.unitId ?? 0,
          openId: r.openId,
          name: r.name,
          role: r.role as Contact["role"],
        }))
        .sort((a, b) => a.unitId - b.unitId || (a.role === "liaison" ? -1 : b.role === "liaison" ? 1 : 0));
    },

    async officeContacts(planId) {
      const chatRows = await db
        .select({ chatId: chats.chatId })
        .from(chats)
        .where(and(eq(chats.planId, planId), eq(chats.isOffice, true), eq(chats.botPresent, true)));
      const people = await db
        .select({ openId: members.openId })
        .from(members)
        .where(and(eq(members.planId, planId), eq(members.role, "office")))
        .orderBy(asc(members.id));
      return { chatIds: chatRows.map((c) => c.chatId), openIds: people.map((p) => p.openId) };
    },

    async recordUnitCards(rows, now, replace) {
      if (rows.length === 0) return;
      const q = db.insert(unitCards).values(rows.map((r) => ({ ...r, updatedAt: now })));
      if (replace)
        await q.onConflictDoUpdate({
          target: [unitCards.collectionId, unitCards.unitId, unitCards.recipient],
          set: { outboxKey: sql`excluded.outbox_key`, messageId: null, updatedAt: now },
        });
      else await q.onConflictDoNothing();
    },

    async unitCards(collectionId, unitId) {
      return db
        .select({
          recipient: unitCards.recipient,
          outboxKey: unitCards.outboxKey,
          messageId: unitCards.messageId,
        })
        .from(unitCards)
        .where(and(eq(unitCards.collectionId, collectionId), eq(unitCards.unitId, unitId)))
        .orderBy(asc(unitCards.id));
    },

    unitRequests: (collectionId, unitId) => selectRequestViews(db, requestOf(collectionId, "unit", unitId)),
    taskRequests: (collectionId, taskId) =>
      selectRequestViews(db, requestOf(collectionId, "task", taskId), true),

    async request(requestId): Promise<RequestDetail | undefined> {
      const [view] = await selectRequestViews(db, eq(reportRequests.id, requestId));
      if (!view) return undefined;
      const [round] = await db
        .select(roundColumns)
        .from(collections)
        .where(eq(collections.id, view.collectionId));
      if (!round) return undefined;
      const detail: RequestDetail = {
        ...view,
        planId: round.planId,
        round: toRound(round),
        indicators: [],
        deadlines: [],
        figureOwnerUnitId: null,
        leadUnitIds: [],
      };
      if (view.taskId === null) return detail;
      const [task] = await db
        .select({ code: tasks.code, deadlines: tasks.deadlines })
        .from(tasks)
        .where(eq(tasks.id, view.taskId));
      detail.deadlines = resolvedDates(task?.deadlines);
      detail.indicators = (
        await db
          .select({
            id: indicators.id,
            name: indicators.name,
            target: indicators.target,
            unit: indicators.unitOfMeasure,
            comparator: indicators.comparator,
          })
          .from(indicators)
          .where(and(eq(indicators.taskId, view.taskId), isNull(indicators.retiredAt)))
          .orderBy(asc(indicators.ordinal), asc(indicators.id))
      ).map((i): IndicatorRef => ({ ...i, target: Number(i.target) }));
      detail.leadUnitIds = (await taskLeads(view.taskId)).map((u) => u.id);
      if (detail.indicators.length > 0 && task) {
        const owner = await figureOwnerOf(db, round.planId, task.code);
        detail.figureOwnerUnitId = owner;
      }
      return detail;
    },

    async reopen(collectionId, unitId, until) {
      const rows = await db
        .update(reportRequests)
        .set({ reopenedUntil: until })
        .where(and(eq(reportRequests.collectionId, collectionId), eq(reportRequests.unitId, unitId)))
        .returning({ id: reportRequests.id });
      return rows.length;
    },

    async requestStatus(filter, now) {
      const rows = await db
        .select({
          requestId: reportRequests.id,
          collectionId: reportRequests.collectionId,
          unitId: reportRequests.unitId,
          unitName: units.name,
          taskId: reportRequests.taskId,
          taskCode: tasks.code,
          role: reportRequests.role,
          dueAt: collections.dueAt,
          closesAt: collections.closesAt,
          reopenedUntil: reportRequests.reopenedUntil,
          latestReportId: reportRequests.latestReportId,
          revision: reports.revision,
          submittedAt: reports.submittedAt,
          reportStatus: reports.status,
          late: reports.late,
        })
        .from(reportRequests)
        .innerJoin(collections, eq(collections.id, reportRequests.collectionId))
        .innerJoin(units, eq(units.id, reportRequests.unitId))
        .leftJoin(tasks, eq(tasks.id, reportRequests.taskId))
        .leftJoin(reports, eq(reports.id, reportRequests.latestReportId))
        .where(
          and(
            eq(collections.planId, filter.planId),
            filter.collectionId === undefined
              ? undefined
              : eq(reportRequests.collectionId, filter.collectionId),
            filter.unitId === undefined ? undefined : eq(reportRequests.unitId, filter.unitId),
            filter.taskId === undefined ? undefined : eq(reportRequests.taskId, filter.taskId),
          ),
        )
        .orderBy(asc(reportRequests.collectionId), asc(units.ordinal), asc(tasks.id), asc(reportRequests.id));
      return rows.map((r) => {
        const dueAt = toDate(r.dueAt);
        const reopenedUntil = r.reopenedUntil ? toDate(r.reopenedUntil) : null;
        const latest = r.latestReportId !== null ? { late: Boolean(r.late) } : null;
        return {
          requestId: r.requestId,
          collectionId: r.collectionId,
          unitId: r.unitId,
          unitName: r.unitName,
          taskId: r.taskId,
          taskCode: r.taskCode,
          role: r.role,
          state: requestState({ dueAt, closesAt: toDate(r.closesAt), reopenedUntil }, latest, now),
          dueAt,
          reopenedUntil,
          latestReportId: r.latestReportId,
          revision: r.revision,
          submittedAt: r.submittedAt ? toDate(r.submittedAt) : null,
          reportStatus: r.reportStatus,
          late: r.latestReportId !== null ? Boolean(r.late) : null,
        };
      });
    },

    async findUnit(planId, text) {
      const t = text.trim();
      if (!t) return undefined;
      const rows = await db
        .select({ id: units.id, name: units.name, aliases: units.aliases, kind: units.kind })
        .from(units)
        .where(and(eq(units.planId, planId), isNull(units.retiredAt), eq(units.kind, "unit")))
        .orderBy(asc(units.ordinal));
      const exact = rows.find((u) => u.name === t || u.aliases.includes(t));
      if (exact) return { id: exact.id, name: exact.name };
      const partial = rows.filter((u) => u.name.includes(t));
      return partial.length === 1 && partial[0] ? { id: partial[0].id, name: partial[0].name } : undefined;
    },

    async findTask(planId, code) {
      const [row] = await db
        .select({ id: tasks.id, code: tasks.code, text: tasks.text })
        .from(tasks)
        .where(and(eq(tasks.planId, planId), eq(tasks.code, code), isNull(tasks.retiredAt)));
      return row;
    },

    taskLeads,
  };
}

function resolvedDates(deadlines: unknown): string[] {
  if (!Array.isArray(deadlines)) return [];
  return deadlines.flatMap((d) =>
    d && typeof d === "object" && typeof (d as { date?: unknown }).date === "string"
      ? [(d as { date: string }).date]
      : [],
  );
}

/** The unit that reports a task's figures, from the plan document's order of lead and responsible units. */
async function figureOwnerOf(db: Db, planId: string, code: string): Promise<number | null> {
  const [plan] = await db.select({ document: plans.document }).from(plans).where(eq(plans.id, planId));
  const doc = plan?.document as
    | {
        sections?: { tasks?: { id?: string; lead?: string[]; responsible?: string[] }[] }[];
        unitGroups?: { name?: string }[];
      }
    | undefined;
  const task = doc?.sections?.flatMap((s) => s.tasks ?? []).find((t) => t.id === code);
  if (!task) return null;
  const groups = new Set((doc?.unitGroups ?? []).map((g) => g.name));
  const owner = figureOwner({ lead: task.lead ?? [], responsible: task.responsible ?? [] }, (n) =>
    groups.has(n),
  );
  if (!owner) return null;
  const [unit] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.planId, planId), eq(units.name, owner), isNull(units.retiredAt)));
  return unit?.id ?? null;
}
