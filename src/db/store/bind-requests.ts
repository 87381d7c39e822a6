import { and, asc, eq, type SQL } from "drizzle-orm";
import type { BindRequestRow, MemberStore } from "../../members/ports";
import type { Db } from "../client";
import { bindRequests } from "../schema";
import { assignIn, audit, Taken } from "./member-roles";

type RequestStore = Pick<
  MemberStore,
  "createBindRequest" | "getBindRequest" | "decideBindRequest" | "pendingBindRequests"
>;

/** /bind requests waiting for the office; deciding one applies the role in the same transaction. */
export function createBindRequestStore(db: Db): RequestStore {
  return {
    async createBindRequest(input) {
      return db.transaction(async (tx) => {
        const [existing] = await tx
          .select()
          .from(bindRequests)
          .where(
            and(
              eq(bindRequests.planId, input.planId),
              eq(bindRequests.openId, input.person.openId),
              eq(bindRequests.unitId, input.unitId),
              eq(bindRequests.state, "pending"),
            ),
          )
          .limit(1);
        if (existing) return { request: requestRow(existing), created: false };
        const [row] = await tx
          .insert(bindRequests)
          .values({
            planId: input.planId,
            openId: input.person.openId,
            name: input.person.name,
            unitId: input.unitId,
            role: input.role,
            createdAt: input.now,
            detail: input.detail,
          })
          .returning();
        if (!row) throw new Error("bind request insert returned nothing");
        await audit(tx, input, "bind_request", `unit:${input.unitId}`, null, {
          openId: row.openId,
          name: row.name,
          role: row.role,
          request: row.id,
        });
        return { request: requestRow(row), created: true };
      });
    },

    async getBindRequest(id) {
      const [row] = await db.select().from(bindRequests).where(eq(bindRequests.id, id));
      return row ? requestRow(row) : undefined;
    },

    async decideBindRequest(input) {
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx
            .update(bindRequests)
            .set({ state: input.state, decidedBy: input.by, decidedAt: input.now })
            .where(and(eq(bindRequests.id, input.id), eq(bindRequests.state, "pending")))
            .returning();
          if (!row) return undefined;
          const change = {
            planId: row.planId,
            actor: input.by,
            now: input.now,
            reason: `request #${row.id}`,
          };
          const facts = { openId: row.openId, name: row.name, role: row.role, request: row.id };
          if (input.state === "rejected") {
            await audit(tx, change, "bind_reject", `unit:${row.unitId}`, facts, null);
            return { request: requestRow(row), result: undefined };
          }
          const result = input.apply
            ? await assignIn(tx, {
                ...change,
                person: { openId: row.openId, name: row.name },
                unitId: row.unitId,
                role: input.apply.role,
                replace: input.apply.replace,
              })
            : undefined;
          // A refused approval leaves the request pending, so the office can decide again.
          if (result?.kind === "taken") throw new Taken(result.holder);
          return { request: requestRow(row), result };
        });
      } catch (err) {
        if (err instanceof Taken) return undefined;
        throw err;
      }
    },

    async pendingBindRequests(planId, openId) {
      const where: SQL[] = [eq(bindRequests.planId, planId), eq(bindRequests.state, "pending")];
      if (openId) where.push(eq(bindRequests.openId, openId));
      const rows = await db
        .select()
        .from(bindRequests)
        .where(and(...where))
        .orderBy(asc(bindRequests.createdAt), asc(bindRequests.id));
      return rows.map(requestRow);
    },
  };
}

function requestRow(row: typeof bindRequests.$inferSelect): BindRequestRow {
  return {
    id: row.id,
    planId: row.planId,
    openId: row.openId,
    name: row.name,
    unitId: row.unitId,
    role: row.role,
    state: row.state,
    decidedBy: row.decidedBy,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
    detail: (row.detail ?? {}) as Record<string, unknown>,
  };
}
