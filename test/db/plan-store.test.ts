import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { reportRequests, reports, rounds, tasks, units } from "../../src/db/schema";
import { createPlanStore } from "../../src/db/store/plan-store";
import { loadPlan, PlanValidationError } from "../../src/plans/load";
import { smallPlan } from "../fixtures/small-plan";
import { describeDb } from "../helpers/db";

const now = new Date("2022-04-01T02:00:00Z");

describeDb("plan store", (ctx) => {
  it("loads a plan with units, the group and its members, tasks with roles, indicators", async () => {
    const store = createPlanStore(ctx.database.db);
    const result = await loadPlan(store, smallPlan(), { now });
    expect(result.outcome).toBe("created");
    expect(result.counts).toMatchObject({ tasks: 2, units: 4, groups: 1, indicators: 2, roster: 1 });

    const rows = await ctx.database.query<{ code: string; unit: string; role: string }>(sql`
      select t.code, u.name as unit, tu.role from task_units tu
      join tasks t on t.id = tu.task_id join units u on u.id = tu.unit_id order by t.code, tu.role, u.name`);
    expect(rows).toEqual([
      { code: "一.1", unit: "市经信局", role: "lead" },
      { code: "一.1", unit: "各区人民政府", role: "responsible" },
      { code: "一.1", unit: "市科技局", role: "responsible" },
      { code: "一.2", unit: "市经信局", role: "responsible" },
    ]);
    const members = await ctx.database.query<{ name: string }>(sql`
      select m.name from unit_group_members g join units gu on gu.id = g.group_id join units m on m.id = g.unit_id
      where gu.name = '各区人民政府' order by m.name`);
    expect(members.map((m) => m.name)).toEqual(["江岸区人民政府", "江汉区人民政府"]);
    expect((await store.listPlans())[0]).toMatchObject({ id: "small-plan", tasks: 2, units: 4 });
  });

  it("loading the same plan twice changes nothing", async () => {
    const store = createPlanStore(ctx.database.db);
    await loadPlan(store, smallPlan(), { now });
    const before = await ctx.database.query(sql`select * from tasks order by id`);
    const again = await loadPlan(store, smallPlan(), { now: new Date("2022-05-01T00:00:00Z") });
    expect(again.outcome).toBe("unchanged");
    expect(await ctx.database.query(sql`select * from tasks order by id`)).toEqual(before);
  });

  it("a revised plan updates in place, retires what it dropped and keeps every report", async () => {
    const store = createPlanStore(ctx.database.db);
    await loadPlan(store, smallPlan(), { now });
    const db = ctx.database.db;
    const [task] = await db.select().from(tasks).where(eq(tasks.code, "一.2"));
    const [unit] = await db.select().from(units).where(eq(units.name, "市经信局"));
    if (!task || !unit) throw new Error("fixture missing");
    const [round] = await db
      .insert(rounds)
      .values({
        planId: "small-plan",
        kind: "monthly",
        period: "2022-04",
        title: "4月",
        opensAt: now,
        dueAt: now,
        closesAt: now,
      })
      .returning();
    const [request] = await db
      .insert(reportRequests)
      .values({ roundId: round?.id ?? 0, unitId: unit.id, taskId: task.id, role: "responsible" })
      .returning();
    await db.insert(reports).values({
      requestId: request?.id ?? 0,
      revision: 1,
      submittedBy: "ou_x",
      submittedAt: now,
      status: "in_progress",
      progress: "已启动",
      idempotencyKey: "k1",
    });

    const revised = smallPlan();
    const section = revised.sections[0];
    if (!section) throw new Error("fixture missing");
    section.tasks = section.tasks.filter((t) => t.id !== "一.2");
    const first = section.tasks[0];
    if (first) {
      first.text = "建成数据中心机架5万个。";
      first.indicators = [];
    }
    revised.units = revised.units.filter((u) => u.name !== "江汉区人民政府");
    for (const g of revised.unitGroups ?? []) g.members = g.members.filter((m) => m !== "江汉区人民政府");
    const result = await loadPlan(store, revised, { now });
    expect(result.outcome).toBe("updated");
    expect(result.retired.tasks).toEqual(["一.2"]);
    expect(result.retired.indicators).toEqual(["一.1:数据中心机架"]);
    expect(result.retired.units).toEqual(["江汉区人民政府"]);

    const [kept] = await db.select().from(reports);
    expect(kept?.progress).toBe("已启动");
    const [retiredTask] = await db.select().from(tasks).where(eq(tasks.code, "一.2"));
    expect(retiredTask?.retiredAt).not.toBeNull();
    const [updated] = await db.select().from(tasks).where(eq(tasks.code, "一.1"));
    expect(updated?.text).toBe("建成数据中心机架5万个。");
    expect((await store.listPlans())[0]?.tasks).toBe(1);

    // Restoring the task brings the same row back, with its report.
    await loadPlan(store, smallPlan(), { now });
    const [back] = await db.select().from(tasks).where(eq(tasks.code, "一.2"));
    expect(back?.id).toBe(task.id);
    expect(back?.retiredAt).toBeNull();
  });

  it("rejects a plan whose task names a unit missing from the catalog, loading nothing", async () => {
    const store = createPlanStore(ctx.database.db);
    const bad = smallPlan();
    bad.sections[0]?.tasks[0]?.responsible.push("市不存在局");
    await expect(loadPlan(store, bad, { now })).rejects.toThrow(PlanValidationError);
    await expect(loadPlan(store, bad, { now })).rejects.toThrow("市不存在局");
    expect(await store.listPlans()).toEqual([]);
  });
});
