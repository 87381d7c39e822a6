import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";

/** Applies the migrations in order, stopping before `upTo` when asked (the SQL files as drizzle runs them). */
async function migrate(db: PGlite, files: string[]) {
  for (const f of files) {
    const sql = readFileSync(join("migrations", f), "utf8");
    for (const stmt of sql.split("--> statement-breakpoint")) if (stmt.trim()) await db.exec(stmt);
  }
}

describe("migration 0010: collections become rounds", () => {
  it("keeps every round and its requests, ids and links included", async () => {
    const all = readdirSync("migrations")
      .filter((f) => f.endsWith(".sql"))
      .sort();
    const at = all.indexOf("0010_rename_rounds.sql");
    expect(at).toBeGreaterThan(0);
    const db = new PGlite();
    await migrate(db, all.slice(0, at));
    await db.exec(`
      insert into plans (id, title, issuer, document, content_hash) values ('p', '方案', '市政府办公厅', '{}'::jsonb, 'h');
      insert into units (plan_id, name) values ('p', '市发改委');
      insert into collections (plan_id, kind, period, title, opens_at, due_at, closes_at, state)
        values ('p', 'monthly', '2022-06', '2022年6月 月调度', now(), now(), now(), 'open');
      insert into report_requests (collection_id, unit_id)
        select c.id, u.id from collections c, units u;
    `);
    const before = await db.query<{ id: number }>("select id from collections");
    await migrate(db, all.slice(at));
    const rounds = await db.query<{ id: number; period: string; title: string }>(
      "select id, period, title from rounds",
    );
    expect(rounds.rows).toEqual([{ id: before.rows[0]?.id, period: "2022-06", title: "2022年6月 月调度" }]);
    const requests = await db.query<{ round_id: number }>("select round_id from report_requests");
    expect(requests.rows).toEqual([{ round_id: before.rows[0]?.id }]);
    // The next round still gets a fresh id and the old name is gone.
    await db.exec(`insert into rounds (plan_id, kind, period, title, opens_at, due_at, closes_at, state)
      values ('p', 'monthly', '2022-07', '2022年7月 月调度', now(), now(), now(), 'scheduled')`);
    const ids = await db.query<{ id: number }>("select id from rounds order by id");
    expect(ids.rows.length).toBe(2);
    const old = await db.query("select to_regclass('collections') as t");
    expect(old.rows).toEqual([{ t: null }]);
  });
});
