import { and, desc, eq, or, type SQL, sql } from "drizzle-orm";
import type { AuditStore } from "../../members/ports";
import type { Db } from "../client";
import { auditLog } from "../schema";

/** The audit log: written by member-store inside its transactions (and by record()), read by /audit. */
export function createAuditStore(db: Db): AuditStore {
  return {
    async record(entry) {
      await db.insert(auditLog).values({
        planId: entry.planId,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        before: entry.before ?? null,
        after: entry.after ?? null,
        at: entry.at,
      });
    },

    async list(planId, opts) {
      const where: SQL[] = [eq(auditLog.planId, planId)];
      if (opts.unitId !== undefined) {
        const unit = or(
          eq(auditLog.subject, `unit:${opts.unitId}`),
          sql`(${auditLog.after} ->> 'unitId') = ${String(opts.unitId)}`,
          sql`(${auditLog.before} ->> 'unitId') = ${String(opts.unitId)}`,
        );
        if (unit) where.push(unit);
      }
      const [count] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(and(...where));
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(opts.limit)
        .offset(opts.offset);
      return {
        total: Number(count?.n ?? 0),
        entries: rows.map((r) => ({
          id: r.id,
          planId: r.planId,
          actor: r.actor,
          action: r.action,
          subject: r.subject,
          before: r.before,
          after: r.after,
          at: r.at,
        })),
      };
    },
  };
}
