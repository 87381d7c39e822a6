import { and, eq, inArray } from "drizzle-orm";
import type { Role } from "../../domain/permissions";
import type { Person } from "../../kernel/messenger";
import type { AssignResult, Change, MemberRow, MemberStore, Previous, UnitRole } from "../../members/ports";
import type { Db } from "../client";
import { auditLog, members } from "../schema";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type RoleWriter = Pick<
  MemberStore,
  "assignUnitRole" | "revokeUnitRoles" | "grantPlanRole" | "revokePlanRole"
>;

/** The columns of a MemberRow, as every member read selects them. */
export const memberRowCols = {
  openId: members.openId,
  name: members.name,
  role: members.role,
  unitId: members.unitId,
  grantedBy: members.grantedBy,
  createdAt: members.createdAt,
};

const memberCols = { id: members.id, ...memberRowCols };

/** Thrown inside a transaction to roll it back when another liaison won a race for the unit. */
export class Taken extends Error {
  constructor(readonly holder: MemberRow) {
    super("unit already has a liaison");
  }
}

/** Role writes; each writes its audit rows in the same transaction. */
export function createRoleWriter(db: Db): RoleWriter {
  return {
    async assignUnitRole(input) {
      try {
        return await db.transaction((tx) => assignIn(tx, input));
      } catch (err) {
        if (err instanceof Taken) return { kind: "taken", holder: err.holder };
        throw err;
      }
    },

    async revokeUnitRoles(input) {
      return db.transaction(async (tx) => {
        const where = [
          eq(members.planId, input.planId),
          eq(members.openId, input.openId),
          inArray(members.role, ["liaison", "deputy"]),
        ];
        if (input.unitId !== undefined) where.push(eq(members.unitId, input.unitId));
        const gone = await tx
          .delete(members)
          .where(and(...where))
          .returning(memberCols);
        for (const row of gone) {
          await audit(tx, input, "unbind", `unit:${row.unitId}`, withReason(state(row), input.reason), null);
        }
        return gone.map(strip);
      });
    },

    async grantPlanRole(input) {
      return db.transaction(async (tx) => {
        const added = await insertMember(tx, input, null);
        if (added.length === 0) return "unchanged";
        const after = withReason(
          { openId: input.person.openId, name: input.person.name, role: input.role },
          input.reason,
        );
        await audit(tx, input, "grant", `person:${input.person.openId}`, null, after);
        return "granted";
      });
    },

    async revokePlanRole(input) {
      return db.transaction(async (tx) => {
        const gone = await tx
          .delete(members)
          .where(
            and(
              eq(members.planId, input.planId),
              eq(members.openId, input.openId),
              eq(members.role, input.role),
            ),
          )
          .returning(memberCols);
        const row = gone[0];
        if (!row) return "absent";
        await audit(
          tx,
          input,
          "revoke",
          `person:${input.openId}`,
          withReason(state(row), input.reason),
          null,
        );
        return "revoked";
      });
    },
  };
}

export async function assignIn(
  tx: Tx,
  input: Change & { person: Person; unitId: number; role: UnitRole; replace: boolean },
): Promise<AssignResult> {
  const onUnit = await tx
    .select(memberCols)
    .from(members)
    .where(
      and(
        eq(members.planId, input.planId),
        eq(members.unitId, input.unitId),
        inArray(members.role, ["liaison", "deputy"]),
      ),
    )
    .for("update");
  const mine = onUnit.find((r) => r.openId === input.person.openId);
  if (mine?.role === input.role) return { kind: "unchanged" };
  let previous: Previous | undefined;
  const subject = `unit:${input.unitId}`;
  if (input.role === "liaison") {
    const holder = onUnit.find((r) => r.role === "liaison" && r.openId !== input.person.openId);
    if (holder && !input.replace) return { kind: "taken", holder: strip(holder) };
    if (holder) {
      await tx.delete(members).where(eq(members.id, holder.id));
      await audit(tx, input, "unbind", subject, withReason(state(holder), "replaced"), null);
      previous = { openId: holder.openId, name: holder.name, role: holder.role as Role };
    }
  }
  if (mine) {
    await tx.delete(members).where(eq(members.id, mine.id));
    previous ??= { openId: mine.openId, name: mine.name, role: mine.role as Role };
  }
  const added = await insertMember(tx, input, input.unitId);
  if (added.length === 0) {
    // Someone else became the unit's liaison between our read and our insert.
    const [winner] = await tx
      .select(memberCols)
      .from(members)
      .where(
        and(eq(members.planId, input.planId), eq(members.unitId, input.unitId), eq(members.role, "liaison")),
      );
    if (winner) throw new Taken(strip(winner));
    return { kind: "unchanged" };
  }
  const after = withReason(
    { openId: input.person.openId, name: input.person.name, role: input.role, unitId: input.unitId },
    input.reason,
  );
  await audit(
    tx,
    input,
    "bind",
    subject,
    mine ? state(mine) : previous ? { ...previous, unitId: input.unitId } : null,
    after,
  );
  return { kind: "assigned", previous };
}

export async function audit(
  tx: Tx,
  change: Pick<Change, "planId" | "actor" | "actorName" | "now">,
  action: string,
  subject: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
) {
  // The actor's name rides on the "after" side (or "before" for removals).
  const by = change.actorName ? { byName: change.actorName } : {};
  await tx.insert(auditLog).values({
    planId: change.planId,
    actor: change.actor,
    action,
    subject,
    before: after === null && before !== null ? { ...before, ...by } : before,
    after: after !== null ? { ...after, ...by } : after,
    at: change.now,
  });
}

/** One role row, granted by the actor now; nothing when the same row is already there. */
function insertMember(
  tx: Tx,
  input: Change & { person: Person; role: Role },
  unitId: number | null,
): Promise<{ id: number }[]> {
  return tx
    .insert(members)
    .values({
      planId: input.planId,
      openId: input.person.openId,
      name: input.person.name,
      role: input.role,
      unitId,
      grantedBy: input.actor,
      createdAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ id: members.id });
}

function state(row: { openId: string; name: string; role: string; unitId: number | null }) {
  return { openId: row.openId, name: row.name, role: row.role, unitId: row.unitId };
}

function withReason<T extends Record<string, unknown>>(value: T, reason: string | undefined) {
  return reason ? { ...value, reason } : value;
}

function strip(row: typeof members.$inferSelect | (MemberRow & { id: number })): MemberRow {
  return {
    openId: row.openId,
    name: row.name,
    role: row.role as Role,
    unitId: row.unitId,
    grantedBy: row.grantedBy,
    createdAt: row.createdAt,
  };
}
