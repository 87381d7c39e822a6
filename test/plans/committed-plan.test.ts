import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createPlanStore } from "../../src/db/store/plan-store";
import { loadPlan } from "../../src/plans/load";
import { describeDb } from "../helpers/db";
import { importFixture } from "./helpers";

// plans/wuhan-2022-proposal-1.json is the reviewed import of the sample that `npm start` loads. After a reviewed
// change to the importer, regenerate it with
//   node bin/duban.mjs plan import test/fixtures/plans/wuhan-2022-proposal-1.txt --json > plans/wuhan-2022-proposal-1.json
//   npx biome format --write plans/
// and read the diff against the document before committing.
const committed: unknown = JSON.parse(
  readFileSync(new URL("../../plans/wuhan-2022-proposal-1.json", import.meta.url), "utf8"),
);

describe("the committed sample plan", () => {
  it("is exactly what the importer reads from the sample document today", () => {
    const current = JSON.parse(JSON.stringify(importFixture("wuhan-2022-proposal-1.txt")));
    expect(committed).toEqual(current);
    expect(committed).toMatchObject({ id: "wuhan-2022-proposal-1" });
  });
});

describeDb("loading the committed sample plan", (ctx) => {
  it("loads with every task, unit, group member, indicator and roster person", async () => {
    const store = createPlanStore(ctx.database.db);
    const result = await loadPlan(store, committed, { now: new Date("2022-04-01T00:00:00Z") });
    expect(result).toMatchObject({
      planId: "wuhan-2022-proposal-1",
      outcome: "created",
      counts: { sections: 4, tasks: 23, groups: 1, indicators: 9, roster: 48 },
    });
    const [members] = await ctx.database.query<{ n: number }>(sql`
      select count(*)::int as n from unit_group_members g join units u on u.id = g.group_id
      where u.name = '各区人民政府'`);
    expect(members?.n).toBe(14);
    const unlinked = await ctx.database.query<{ name: string }>(sql`
      select name from roster_people where unit_id is null order by ordinal`);
    expect(unlinked.map((r) => r.name)).toEqual(["党蓁", "姚晴"]);
    const again = await loadPlan(store, committed, { now: new Date("2022-04-02T00:00:00Z") });
    expect(again.outcome).toBe("unchanged");
  });
});
