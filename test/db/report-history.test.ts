import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, plans, reportRequests, reports, tasks, units } from "../../src/db/schema";
import { createAuditStore } from "../../src/db/store/audit-store";
import { createPlanStore } from "../../src/db/store/plan-store";
import { createCollectStore } from "../../src/db/store/reporting-store";
import { loadPlan } from "../../src/plans/load";
import { requestSeeds } from "../../src/reporting/domain/assignments";
import { smallPlan } from "../fixtures/small-plan";
import { describeDb } from "../helpers/db";

const now = new Date("2022-06-20T02:00:00Z");

/** Every way a writer could rewrite the record is refused by the database itself, whatever the code does. */
describeDb("reports and audit entries are history", (ctx) => {
  async function seedReport() {
    await loadPlan(createPlanStore(ctx.database.db), smallPlan(), { now: new Date("2022-04-01T00:00:00Z") });
    const store = createCollectStore(ctx.database.db);
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
        actor: "ou_x",
      },
      now,
    );
    await store.insertRequests(round.id, requestSeeds(await store.assignments("small-plan"), "task"));
    const [req] = await ctx.database.db.select().from(reportRequests).where(sql`task_id is not null`);
    if (!req) throw new Error("no request");
    const { report } = await store.submitReport({
      requestId: req.id,
      submittedBy: "ou_liaison",
      submittedAt: now,
      idempotencyKey: "k1",
      content: {
        status: "in_progress",
        progress: "已完成选址",
        problems: null,
        evidenceUrl: null,
        documentUrl: null,
        indicatorValues: {},
      },
    });
    return { req, report };
  }

  const refused = async (work: Promise<unknown>) => {
    const err = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, "the database should have refused this").toBeInstanceOf(Error);
  };
  const progressTexts = async () =>
    (await ctx.database.db.select({ p: reports.progress }).from(reports)).map((r) => r.p);

  it("refuses to update or delete a stored report revision, through the builder and raw SQL", async () => {
    const { report } = await seedReport();
    await refused(ctx.database.db.update(reports).set({ progress: "改写" }).where(eq(reports.id, report.id)));
    await refused(ctx.database.db.execute(sql`update reports set late = true`));
    await refused(ctx.database.db.delete(reports).where(eq(reports.id, report.id)));
    await refused(ctx.database.db.execute(sql`delete from reports`));
    expect(await progressTexts()).toEqual(["已完成选址"]);
  });

  it("keeps reports when their plan, unit, task or request is deleted: the delete is refused", async () => {
    const { req } = await seedReport();
    await refused(ctx.database.db.delete(plans).where(eq(plans.id, "small-plan")));
    await refused(ctx.database.db.delete(units).where(eq(units.id, req.unitId)));
    if (req.taskId !== null) await refused(ctx.database.db.delete(tasks).where(eq(tasks.id, req.taskId)));
    await refused(ctx.database.db.delete(reportRequests).where(eq(reportRequests.id, req.id)));
    expect(await progressTexts()).toEqual(["已完成选址"]);
  });

  it("lets a new revision be added beside the old one", async () => {
    const { req } = await seedReport();
    await createCollectStore(ctx.database.db).submitReport({
      requestId: req.id,
      submittedBy: "ou_liaison",
      submittedAt: new Date("2022-06-21T02:00:00Z"),
      idempotencyKey: "k2",
      content: {
        status: "done",
        progress: "已开工",
        problems: null,
        evidenceUrl: null,
        documentUrl: null,
        indicatorValues: {},
      },
    });
    expect((await progressTexts()).sort()).toEqual(["已完成选址", "已开工"].sort());
  });

  it("refuses to update or delete an audit entry", async () => {
    await createAuditStore(ctx.database.db).record({
      planId: "p",
      actor: "ou_office",
      action: "bind",
      subject: "unit:1",
      before: null,
      after: { unitId: 1 },
      at: now,
    });
    await refused(ctx.database.db.update(auditLog).set({ actor: "ou_someone_else" }));
    await refused(ctx.database.db.delete(auditLog));
    const rows = await ctx.database.db.select({ actor: auditLog.actor }).from(auditLog);
    expect(rows).toEqual([{ actor: "ou_office" }]);
  });
});
