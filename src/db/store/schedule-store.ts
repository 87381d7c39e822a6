/**
 * The schedule's store: the planner's snapshot in a few set-based queries, the rounds' rows, the ledger
 * (decisions taken, in scheduler_state: one jsonb object per round `sched:c:<id>` and per plan
 * `sched:p:<planId>`), and the lock.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { LedgerMark, RoundSpec } from "../../schedule/domain/types";
import type { ScheduleStore } from "../../schedule/ports";
import type { Database } from "../client";
import { auditLog, rounds, schedulerState } from "../schema";
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
        .insert(rounds)
        .values(specs.map((s) => ({ ...s, state: "scheduled" as const, createdAt: now })))
        .onConflictDoNothing({ target: [rounds.planId, rounds.kind, rounds.period] });
      const rows = await db
        .select({
          id: rounds.id,
          planId: rounds.planId,
          kind: rounds.kind,
          period: rounds.period,
        })
        .from(rounds)
        .where(inArray(rounds.planId, [...new Set(specs.map((s) => s.planId))]));
      for (const r of rows) ids.set(roundKey(r.planId, r.kind, r.period), r.id);
      return ids;
    },

    async rescheduleRounds(updates) {
      for (const { roundId, spec } of updates) {
        await db
          .update(rounds)
          .set({ title: spec.title, opensAt: spec.opensAt, dueAt: spec.dueAt, closesAt: spec.closesAt })
          .where(and(eq(rounds.id, roundId), eq(rounds.state, "scheduled")));
      }
    },

    async markOpened(roundId, now) {
      const rows = await db
        .update(rounds)
        .set({ state: "open", openedAt: now, openedBy: "schedule" })
        .where(and(eq(rounds.id, roundId), eq(rounds.state, "scheduled")))
        .returning({ id: rounds.id });
      return rows.length > 0;
    },

    async closeRounds(roundIds, _now) {
      if (roundIds.length === 0) return 0;
      const rows = await db
        .update(rounds)
        .set({ state: "closed" })
        .where(and(inArray(rounds.id, roundIds), ne(rounds.state, "closed")))
        .returning({ id: rounds.id });
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
