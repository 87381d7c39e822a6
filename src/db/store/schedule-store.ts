/**
 * The schedule's store: the planner's snapshot in a few set-based queries, the rounds' rows, the ledger
 * (decisions taken, in scheduler_state: one jsonb object per round `sched:c:<id>` and per plan
 * `sched:p:<planId>`), and the lock.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { LedgerMark, RoundSpec } from "../../schedule/domain/types";
import type { ScheduleStore } from "../../schedule/ports";
import type { Database } from "../client";
import { auditLog, collections, schedulerState } from "../schema";
import { withScheduleLock } from "./schedule-lock";
import { LEDGER_PREFIX, loadScheduleSnapshot } from "./schedule-snapshot";

const BATCH = 1000;

export function createScheduleStore(
  database: Database,
  opts: { admins?: readonly string[] } = {},
): ScheduleStore {
  const { db } = database;
  return {
    loadSnapshot(now) {
      return loadScheduleSnapshot(database, now, opts);
    },

    async createRounds(specs: RoundSpec[], now: Date) {
      const ids = new Map<string, number>();
      if (specs.length === 0) return ids;
      await db
        .insert(collections)
        .values(specs.map((s) => ({ ...s, state: "scheduled" as const, createdAt: now })))
        .onConflictDoNothing({ target: [collections.planId, collections.kind, collections.period] });
      const rows = await db
        .select({
          id: collections.id,
          planId: collections.planId,
          kind: collections.kind,
          period: collections.period,
        })
        .from(collections)
        .where(inArray(collections.planId, [...new Set(specs.map((s) => s.planId))]));
      for (const r of rows) ids.set(roundKey(r.planId, r.kind, r.period), r.id);
      return ids;
    },

    async rescheduleRounds(updates) {
      for (const { collectionId, spec } of updates) {
        await db
          .update(collections)
          .set({ title: spec.title, opensAt: spec.opensAt, dueAt: spec.dueAt, closesAt: spec.closesAt })
          .where(and(eq(collections.id, collectionId), eq(collections.state, "scheduled")));
      }
    },

    async markOpened(collectionId, now) {
      const rows = await db
        .update(collections)
        .set({ state: "open", openedAt: now, openedBy: "schedule" })
        .where(and(eq(collections.id, collectionId), eq(collections.state, "scheduled")))
        .returning({ id: collections.id });
      return rows.length > 0;
    },

    async closeRounds(collectionIds, _now) {
      if (collectionIds.length === 0) return 0;
      const rows = await db
        .update(collections)
        .set({ state: "closed" })
        .where(and(inArray(collections.id, collectionIds), ne(collections.state, "closed")))
        .returning({ id: collections.id });
      return rows.length;
    },

    async record(marks: LedgerMark[], audits, now) {
      const byScope = new Map<string, Record<string, string>>();
      for (const m of marks) {
        const entries = byScope.get(m.scope) ?? {};
        entries[m.entry] = m.outcome;
        byScope.set(m.scope, entries);
      }
      const rows = [...byScope].map(([scope, value]) => ({
        key: `${LEDGER_PREFIX}${scope}`,
        value,
        updatedAt: now,
      }));
      for (let i = 0; i < rows.length; i += BATCH) {
        await db
          .insert(schedulerState)
          .values(rows.slice(i, i + BATCH))
          .onConflictDoUpdate({
            target: schedulerState.key,
            set: {
              value: sql`${schedulerState.value} || excluded.value`,
              updatedAt: sql`excluded.updated_at`,
            },
          });
      }
      for (let i = 0; i < audits.length; i += BATCH) {
        await db.insert(auditLog).values(
          audits.slice(i, i + BATCH).map((a) => ({
            planId: a.planId,
            actor: "schedule",
            action: a.action,
            subject: a.subject,
            after: a.detail,
            at: now,
          })),
        );
      }
    },

    withLock(fn) {
      return withScheduleLock(database, fn);
    },
  };
}

export function roundKey(planId: string, kind: string, period: string): string {
  return `${planId}|${kind}:${period}`;
}
