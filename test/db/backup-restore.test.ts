import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { takeBackup } from "../../src/db/backup/backup";
import { RestoreRefused, restoreBackup } from "../../src/db/backup/restore";
import type { Database } from "../../src/db/client";
import { members, reportRequests, reports, units } from "../../src/db/schema";
import { createAuditStore } from "../../src/db/store/audit-store";
import { createPlanStore } from "../../src/db/store/plan-store";
import { createCollectStore } from "../../src/db/store/reporting-store";
import { loadPlan } from "../../src/plans/load";
import { requestSeeds } from "../../src/reporting/domain/assignments";
import { smallPlan } from "../fixtures/small-plan";
import { createTestDb, type DbKind, type TestDb, testDatabaseUrl } from "../helpers/db";

const now = new Date("2022-06-20T02:00:00Z");
const content = (progress: string) => ({
  status: "in_progress" as const,
  progress,
  problems: '资金「未到位」\n<at user_id="all">',
  evidenceUrl: null,
  documentUrl: null,
  indicatorValues: { "1": 12.5 },
});

/** A plan, a bound liaison with a name, a round with two report revisions, an audit entry. */
async function seed(database: Database) {
  await loadPlan(createPlanStore(database.db), smallPlan(), { now: new Date("2022-04-01T00:00:00Z") });
  const [unit] = await database.db.select().from(units).where(eq(units.name, "江岸区人民政府"));
  if (!unit) throw new Error("no unit");
  await database.db
    .insert(members)
    .values({ planId: "small-plan", openId: "ou_wang", name: "王小明", role: "liaison", unitId: unit.id });
  await createAuditStore(database.db).record({
    planId: "small-plan",
    actor: "ou_wang",
    action: "bind",
    subject: `unit:${unit.id}`,
    before: null,
    after: { unitId: unit.id, name: "王小明" },
    at: now,
  });
  const store = createCollectStore(database.db);
  const { round } = await store.createRound(
    {
      planId: "small-plan",
      kind: "monthly",
      period: "2022-06",
      title: "2022年6月 月调度",
      times: {
        opensAt: now,
        dueAt: new Date("2022-06-24T10:00:00Z"),
        closesAt: new Date("2022-06-29T15:59:00Z"),
      },
      actor: "ou_office",
    },
    now,
  );
  await store.insertRequests(round.id, requestSeeds(await store.assignments("small-plan"), "task"));
  const [req] = await database.db.select().from(reportRequests).where(eq(reportRequests.unitId, unit.id));
  if (!req) throw new Error("no request");
  for (const [i, text] of ["已完成选址", "已开工建设"].entries())
    await store.submitReport({
      requestId: req.id,
      submittedBy: "ou_wang",
      submittedAt: new Date(now.getTime() + i * 3_600_000),
      idempotencyKey: `k${i}`,
      content: content(text),
    });
  return { requestId: req.id };
}

const pairs: [DbKind, DbKind][] = testDatabaseUrl
  ? [
      ["pglite", "pglite"],
      ["postgres", "postgres"],
      ["pglite", "postgres"],
    ]
  : [["pglite", "pglite"]];

describe.each(pairs)("backup %s → restore %s", { timeout: 180_000 }, (fromKind, toKind) => {
  const open: TestDb[] = [];
  const make = async (kind: DbKind) => {
    const db = await createTestDb(kind);
    open.push(db);
    return db.database;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.drop()));
  });

  it("restores every row, so a second backup of the copy equals the first", async () => {
    const from = await make(fromKind);
    const { requestId } = await seed(from);
    const backup = JSON.parse(JSON.stringify(await takeBackup(from, now)));
    const to = await make(toKind);
    const result = await restoreBackup(to, backup, { force: false });
    expect(result.rows).toBeGreaterThan(10);

    const again = await takeBackup(to, now);
    expect(again.tables).toEqual(backup.tables);
    const [liaison] = await to.db.select().from(members).where(eq(members.openId, "ou_wang"));
    expect(liaison?.name).toBe("王小明");
    const texts = await to.db.select({ p: reports.progress, v: reports.indicatorValues }).from(reports);
    expect(texts.map((t) => t.p).sort()).toEqual(["已完成选址", "已开工建设"].sort());
    expect(texts[0]?.v).toEqual({ "1": 12.5 });

    // Ids continue after the restored ones: the next revision goes in, and the history rule holds on the copy.
    await createCollectStore(to.db).submitReport({
      requestId,
      submittedBy: "ou_wang",
      submittedAt: new Date("2022-06-22T02:00:00Z"),
      idempotencyKey: "k-after",
      content: content("已竣工"),
    });
    expect(await to.db.select().from(reports)).toHaveLength(3);
    await expect(to.db.execute(sql`delete from reports`)).rejects.toThrow();
  });

  it("refuses a database that holds anything unless forced, and then replaces it", async () => {
    const from = await make(fromKind);
    await seed(from);
    const backup = await takeBackup(from, now);
    const to = await make(toKind);
    await loadPlan(createPlanStore(to.db), { ...smallPlan(), id: "other-plan" }, { now });
    await expect(restoreBackup(to, backup, { force: false })).rejects.toBeInstanceOf(RestoreRefused);
    expect((await to.db.select().from(members)).length).toBe(0);

    await restoreBackup(to, backup, { force: true });
    expect((await takeBackup(to, now)).tables).toEqual(backup.tables);
  });

  it("restores a backup made before rounds were renamed (table collections, column collection_id)", async () => {
    const from = await make(fromKind);
    await seed(from);
    const backup = JSON.parse(JSON.stringify(await takeBackup(from, now))) as Awaited<
      ReturnType<typeof takeBackup>
    >;
    const oldNames = {
      ...backup,
      tables: backup.tables.map((t) => ({
        name: t.name === "rounds" ? "collections" : t.name,
        rows: t.rows.map((r) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k === "round_id" ? "collection_id" : k, v])),
        ),
      })),
    };
    const to = await make(toKind);
    await restoreBackup(to, oldNames, { force: false });
    expect((await takeBackup(to, now)).tables).toEqual(backup.tables);
    expect((await to.db.select().from(reportRequests)).every((r) => r.roundId > 0)).toBe(true);
  });

  it("refuses a backup made by a newer schema and changes nothing", async () => {
    const from = await make(fromKind);
    await seed(from);
    const backup = await takeBackup(from, now);
    const to = await make(toKind);
    const newer = { ...backup, schema: { ...backup.schema, migrations: backup.schema.migrations + 1 } };
    await expect(restoreBackup(to, newer, { force: false })).rejects.toThrow(/newer duban/);
    expect(await to.db.select().from(reports)).toHaveLength(0);
  });
});
