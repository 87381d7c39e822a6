/** A plan's end (archive) and the next plan's start (its people carried over from the previous one). */
import { eq, sql } from "drizzle-orm";
import type { CarryResult } from "../../plans/ports";
import { type Db, rowsOf } from "../client";
import { auditLog, plans } from "../schema";

export async function archivePlan(
  db: Db,
  id: string,
  by: { openId: string; name: string },
  now: Date,
): Promise<Date | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ archivedAt: plans.archivedAt })
      .from(plans)
      .where(eq(plans.id, id))
      .for("update");
    if (!row) return undefined;
    if (row.archivedAt) return row.archivedAt;
    await tx.update(plans).set({ archivedAt: now, archivedBy: by.openId }).where(eq(plans.id, id));
    await tx.insert(auditLog).values({
      planId: id,
      actor: by.openId,
      action: "plan.close",
      subject: `plan:${id}`,
      before: null,
      after: { archivedAt: now.toISOString(), by: by.name },
      at: now,
    });
    return now;
  });
}

export async function carryOver(
  db: Db,
  from: string,
  to: string,
  opts: { chats: boolean; now: Date },
): Promise<CarryResult> {
  return db.transaction(async (tx) => {
    const at = opts.now.toISOString();
    // A unit grant follows the unit of the same name (retired units left behind); plan-wide grants follow as
    // they are. A grant the next plan already holds (or a unit that already has its liaison) stays as it is.
    const copied = rowsOf<{ id: number }>(
      await tx.execute(sql`
        insert into members (plan_id, open_id, name, role, unit_id, granted_by, created_at)
        select ${to}, m.open_id, m.name, m.role, nu.id, m.granted_by, ${at}::timestamptz
        from members m
        left join units ou on ou.id = m.unit_id
        left join units nu on nu.plan_id = ${to} and nu.name = ou.name and nu.retired_at is null
        where m.plan_id = ${from}
          and (m.unit_id is null or (nu.id is not null and ou.retired_at is null))
        order by m.id
        on conflict do nothing
        returning id`),
    );
    const unmatched = rowsOf<{ name: string }>(
      await tx.execute(sql`
        select distinct ou.name from members m
        join units ou on ou.id = m.unit_id and ou.retired_at is null
        where m.plan_id = ${from}
          and not exists (select 1 from units nu where nu.plan_id = ${to} and nu.name = ou.name and nu.retired_at is null)
        order by ou.name`),
    );
    const moved = opts.chats
      ? rowsOf<{ chat_id: string }>(
          await tx.execute(sql`update chats set plan_id = ${to} where plan_id = ${from} returning chat_id`),
        )
      : [];
    const result: CarryResult = {
      from,
      grants: copied.length,
      unmatchedUnits: unmatched.map((u) => u.name),
      chats: moved.length,
    };
    await tx.insert(auditLog).values({
      planId: to,
      actor: "system",
      action: "plan.carry",
      subject: `plan:${to}`,
      before: null,
      after: result,
      at: opts.now,
    });
    return result;
  });
}
