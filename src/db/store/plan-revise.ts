import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { TaskRevision } from "../../plans/ports";
import type { Db } from "../client";
import { tasks } from "../schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Before a revised plan is upserted by code: old tasks that no new task matches are retired under a code
 * of their own (so a new task taking their number gets a new row, not their reports), and matched tasks
 * move to their new codes through a temporary prefix (two tasks may swap numbers).
 */
export async function reviseTasks(tx: Tx, planId: string, revision: TaskRevision, now: Date): Promise<void> {
  const stamp = now.getTime();
  for (const code of revision.retire)
    await tx
      .update(tasks)
      .set({
        code: `${code}#停用${stamp}`,
        retiredAt: sql`coalesce(${tasks.retiredAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(and(eq(tasks.planId, planId), eq(tasks.code, code)));
  const froms = revision.renames.map((r) => r.from);
  if (froms.length > 0)
    await tx
      .update(tasks)
      .set({ code: sql`'~' || ${tasks.code}` })
      .where(and(eq(tasks.planId, planId), inArray(tasks.code, froms)));
  for (const r of revision.renames)
    await tx
      .update(tasks)
      .set({ code: r.to })
      .where(and(eq(tasks.planId, planId), eq(tasks.code, `~${r.from}`)));
  // A task restored in a later revision gets its retired row back; the upsert clears retired_at.
  for (const a of revision.added) {
    const [taken] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.planId, planId), eq(tasks.code, a.id)));
    if (taken) continue;
    const [old] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.planId, planId), eq(tasks.text, a.text), isNotNull(tasks.retiredAt)))
      .orderBy(desc(tasks.retiredAt))
      .limit(1);
    if (old) await tx.update(tasks).set({ code: a.id }).where(eq(tasks.id, old.id));
  }
}
