import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { Database } from "../../src/db/client";
import { openDatabase } from "../../src/db/open-node";
import { FakeFeishu, instance } from "../fakes/schedule";
import { at, seedWuhanLike } from "../fixtures/schedule-seed";
import { describeDb } from "../helpers/db";

describeDb("two schedulers at once", (ctx) => {
  let second: Database | undefined;
  afterEach(async () => {
    await second?.close();
    second = undefined;
  });

  /** PGlite: a second instance in the same process; Postgres: a second process's own pool. */
  async function otherDatabase(): Promise<Database> {
    if (ctx.kind === "pglite") return ctx.database;
    second = await openDatabase({ url: ctx.url, max: 3 });
    return second;
  }

  it("send nothing twice and open each round once, however their ticks overlap", async () => {
    await seedWuhanLike(ctx.database);
    const feishu = new FakeFeishu();
    // The drains pause between rows so that an unguarded second drain would send the same rows again.
    const a = instance(ctx.database, feishu, { pauseMs: 2 });
    const b = instance(await otherDatabase(), feishu, { pauseMs: 2 });
    const instants = [
      at("2022-06-17", "09:45"), // June and H1 open
      at("2022-06-21", "09:45"), // June reminders
      at("2022-06-24", "09:45"),
      at("2022-06-27", "09:45"), // June overdue + H1 reminders
      at("2022-06-27", "10:15"), // Q2 bulletin draft
      at("2022-06-29", "10:15"), // June escalation
    ];
    let skippedByLock = 0;
    for (const t of instants) {
      const later = new Date(t.getTime() + 60_000);
      const results = await Promise.all([a.tick(t), b.tick(t), a.tick(later), b.tick(later)]);
      for (const r of results) expect(r.errors).toEqual([]);
      skippedByLock += results.filter((r) => !r.ran).length;
    }
    expect(skippedByLock).toBeGreaterThan(0);
    expect([...a.opener.calls, ...b.opener.calls].map((c) => c.period).sort()).toEqual([
      "2022-06",
      "2022-H1",
    ]);
    expect([...a.drafter.calls, ...b.drafter.calls].map((c) => c.period)).toEqual(["2022-Q2"]);
    // Every message reached Feishu exactly once: no uuid was sent twice.
    expect(feishu.calls.map((c) => c.key).sort()).toEqual([...feishu.shown.keys()].sort());
    expect(feishu.shown.size).toBeGreaterThan(30);
    const [outbox] = await ctx.database.query<{ total: number; keys: number; pending: number }>(
      sql`select count(*)::int as total, count(distinct key)::int as keys,
                 count(*) filter (where state <> 'sent')::int as pending from outbox`,
    );
    expect(outbox).toEqual({ total: feishu.shown.size, keys: feishu.shown.size, pending: 0 });
  });
});
