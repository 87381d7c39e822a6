import { and, desc, eq } from "drizzle-orm";
import type { BulletinKind } from "../../domain/period";
import { bulletinDraftSchema } from "../../status/bulletins/draft";
import type { BulletinRecord, BulletinStore } from "../../status/bulletins/ports";
import type { Db } from "../client";
import { bulletins } from "../schema";

type Row = typeof bulletins.$inferSelect;

function recordOf(r: Row): BulletinRecord {
  return {
    id: r.id,
    planId: r.planId,
    kind: r.kind,
    period: r.period,
    state: r.state,
    title: r.title,
    draft: bulletinDraftSchema.parse(r.body),
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt,
  };
}

export function createBulletinStore(db: Db): BulletinStore {
  const get = async (id: number) => {
    const [row] = await db.select().from(bulletins).where(eq(bulletins.id, id));
    return row ? recordOf(row) : undefined;
  };
  const latest = async (planId: string, kind: BulletinKind, period: string) => {
    const [row] = await db
      .select()
      .from(bulletins)
      .where(and(eq(bulletins.planId, planId), eq(bulletins.kind, kind), eq(bulletins.period, period)))
      .orderBy(desc(bulletins.createdAt), desc(bulletins.id))
      .limit(1);
    return row ? recordOf(row) : undefined;
  };
  return {
    get,
    latest,

    async saveDraft(b) {
      return db.transaction(async (tx) => {
        const [open] = await tx
          .select({ id: bulletins.id })
          .from(bulletins)
          .where(
            and(
              eq(bulletins.planId, b.planId),
              eq(bulletins.kind, b.kind),
              eq(bulletins.period, b.period),
              eq(bulletins.state, "draft"),
            ),
          )
          .orderBy(desc(bulletins.id))
          .limit(1)
          .for("update");
        const values = { title: b.draft.title, body: b.draft, createdBy: b.createdBy, createdAt: b.now };
        const [row] = open
          ? await tx.update(bulletins).set(values).where(eq(bulletins.id, open.id)).returning()
          : await tx
              .insert(bulletins)
              .values({ ...values, planId: b.planId, kind: b.kind, period: b.period, state: "draft" })
              .returning();
        if (!row) throw new Error("bulletin not saved");
        return recordOf(row);
      });
    },

    async updateDraft(id, draft) {
      const [row] = await db
        .update(bulletins)
        .set({ title: draft.title, body: draft })
        .where(and(eq(bulletins.id, id), eq(bulletins.state, "draft")))
        .returning();
      if (row) return { record: recordOf(row), changed: true };
      const current = await get(id);
      return current ? { record: current, changed: false } : undefined;
    },

    async publish(id, by, now) {
      const [row] = await db
        .update(bulletins)
        .set({ state: "published", publishedBy: by, publishedAt: now })
        .where(and(eq(bulletins.id, id), eq(bulletins.state, "draft")))
        .returning();
      if (row) return { record: recordOf(row), changed: true };
      const current = await get(id);
      return current ? { record: current, changed: false } : undefined;
    },
  };
}
