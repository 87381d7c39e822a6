import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { reportRequests, units } from "../../src/db/schema";
import { createPlanStore } from "../../src/db/store/plan-store";
import { createCollectStore } from "../../src/db/store/reporting-store";
import { loadPlan } from "../../src/plans/load";
import { requestSeeds } from "../../src/reporting/domain/assignments";
import type { ReportContent } from "../../src/reporting/domain/form";
import { smallPlan } from "../fixtures/small-plan";
import { describeDb } from "../helpers/db";

const now = new Date("2022-06-20T02:00:00Z");
const times = {
  opensAt: now,
  dueAt: new Date("2022-06-24T10:00:00Z"),
  closesAt: new Date("2022-06-29T15:59:00Z"),
};
const content = (progress: string, values: Record<string, number> = {}): ReportContent => ({
  status: "in_progress",
  progress,
  problems: null,
  evidenceUrl: null,
  documentUrl: null,
  indicatorValues: values,
});

describeDb("collect store", (ctx) => {
  async function setup(plan = smallPlan()) {
    await loadPlan(createPlanStore(ctx.database.db), plan, { now: new Date("2022-04-01T00:00:00Z") });
    const store = createCollectStore(ctx.database.db);
    const { round } = await store.createRound(
      {
        planId: "small-plan",
        kind: "monthly",
        period: "2022-06",
        title: "2022年6月 月调度",
        times,
        actor: "ou_x",
      },
      now,
    );
    await store.insertRequests(round.id, requestSeeds(await store.assignments("small-plan"), "task"));
    const ids = new Map((await ctx.database.db.select().from(units)).map((u) => [u.name, u.id]));
    const reqs = await ctx.database.db.select().from(reportRequests);
    const req = (unit: string) => reqs.find((r) => r.unitId === ids.get(unit) && r.taskId !== null)?.id ?? 0;
    return { store, round, ids, req };
  }

  it("expands groups to their active members and leaves retired tasks and units out", async () => {
    const plan = smallPlan();
    const { store, ids } = await setup(plan);
    const names = async () => {
      const a = await store.assignments("small-plan");
      const byId = new Map([...ids].map(([n, id]) => [id, n]));
      return a.map((x) => `${x.taskId}:${byId.get(x.unitId)}:${x.role}`).sort();
    };
    expect(await names()).toContain("1:江岸区人民政府:responsible");
    expect(await names()).toContain("1:江汉区人民政府:responsible");
    expect(await names()).not.toContain("1:各区人民政府:responsible");
    // A revision of the plan drops 江汉区 and task 一.2: both retired, neither asked any more.
    const revised = smallPlan();
    revised.units = (revised.units ?? []).filter((u) => u.name !== "江汉区人民政府");
    revised.unitGroups = [{ name: "各区人民政府", members: ["江岸区人民政府"] }];
    const section = revised.sections[0];
    if (section) section.tasks = section.tasks.slice(0, 1);
    await loadPlan(createPlanStore(ctx.database.db), revised, { now });
    const after = await names();
    expect(after.some((x) => x.includes("江汉区"))).toBe(false);
    expect(after.some((x) => x.startsWith("2:"))).toBe(false);
  });

  it("creating a round twice returns the same round; requests are not duplicated", async () => {
    const { store, round } = await setup();
    const again = await store.createRound(
      { planId: "small-plan", kind: "monthly", period: "2022-06", title: "x", times, actor: "ou_y" },
      now,
    );
    expect(again).toMatchObject({ created: false, round: { id: round.id, title: "2022年6月 月调度" } });
    expect(
      await store.insertRequests(round.id, requestSeeds(await store.assignments("small-plan"), "task")),
    ).toBe(0);
    // Summary requests (task null) are unique per unit too: nulls are not distinct.
    const { round: half } = await store.createRound(
      { planId: "small-plan", kind: "half_year", period: "2022-H1", title: "h", times, actor: "ou_y" },
      now,
    );
    const seeds = requestSeeds(await store.assignments("small-plan"), "unit");
    expect(await store.insertRequests(half.id, seeds)).toBe(4);
    expect(await store.insertRequests(half.id, seeds)).toBe(0);
  });

  it("revisions count up, latest_report_id follows, and a repeated key stores nothing", async () => {
    const { store, req } = await setup();
    const id = req("市科技局");
    const a = await store.submitReport({
      requestId: id,
      content: content("一"),
      submittedBy: "ou_a",
      submittedAt: now,
      idempotencyKey: "k1",
    });
    const b = await store.submitReport({
      requestId: id,
      content: content("一"),
      submittedBy: "ou_a",
      submittedAt: now,
      idempotencyKey: "k1",
    });
    const c = await store.submitReport({
      requestId: id,
      content: content("二"),
      submittedBy: "ou_a",
      submittedAt: now,
      idempotencyKey: "k2",
    });
    expect([a.duplicate, b.duplicate, c.duplicate]).toEqual([false, true, false]);
    expect([a.report.revision, b.report.revision, c.report.revision]).toEqual([1, 1, 2]);
    const [row] = await ctx.database.db.select().from(reportRequests).where(eq(reportRequests.id, id));
    expect(row?.latestReportId).toBe(c.report.id);
  });

  it("a revision carries the previous one's evidence files forward unless it names its own", async () => {
    const { store, req } = await setup();
    const id = req("市科技局");
    const file = {
      messageId: "om_1",
      fileKey: "file_v3_1",
      type: "file" as const,
      name: "验收报告.pdf",
      size: 9,
    };
    await store.submitReport({
      requestId: id,
      content: content("一"),
      submittedBy: "ou_a",
      submittedAt: now,
      idempotencyKey: "e1",
    });
    const withFile = await store.submitReport({
      requestId: id,
      content: content("一"),
      evidenceFiles: [file],
      submittedBy: "ou_a",
      submittedAt: now,
      idempotencyKey: "e2",
    });
    expect(withFile.report.evidenceFiles).toEqual([file]);
    // A correction through the form afterwards keeps the file.
    const corrected = await store.submitReport({
      requestId: id,
      content: content("二"),
      submittedBy: "ou_a",
      submittedAt: now,
      idempotencyKey: "e3",
    });
    expect(corrected.report.revision).toBe(3);
    expect(corrected.report.evidenceFiles).toEqual([file]);
  });

  it("concurrent submits of the same key make one revision; of different keys, consecutive revisions", async () => {
    const { store, req } = await setup();
    const id = req("市科技局");
    const submit = (key: string) =>
      store.submitReport({
        requestId: id,
        content: content(key),
        submittedBy: "ou_a",
        submittedAt: now,
        idempotencyKey: key,
      });
    const same = await Promise.all([submit("same"), submit("same"), submit("same")]);
    expect(same.filter((r) => !r.duplicate)).toHaveLength(1);
    const diff = await Promise.all(["x1", "x2", "x3", "x4"].map(submit));
    expect(diff.map((r) => r.report.revision).sort()).toEqual([2, 3, 4, 5]);
    const rows = await ctx.database.query<{ n: number }>(
      sql`select count(*)::int as n from reports where request_id = ${id}`,
    );
    expect(rows[0]?.n).toBe(5);
    const [row] = await ctx.database.db.select().from(reportRequests).where(eq(reportRequests.id, id));
    const latest = diff.find((r) => r.report.id === row?.latestReportId);
    expect(latest?.report.revision).toBe(5);
  });

  it("remembers the unit's last value of each indicator across rounds; other units' values do not count", async () => {
    const { store, req } = await setup();
    const [ind] = await ctx.database.query<{ id: number }>(
      sql`select id from indicators where task_id is not null`,
    );
    const key = String(ind?.id);
    await store.submitReport({
      requestId: req("市经信局"),
      content: content("a", { [key]: 100 }),
      submittedBy: "ou_a",
      submittedAt: new Date("2022-06-20T00:00:00Z"),
      idempotencyKey: "a",
    });
    await store.submitReport({
      requestId: req("市经信局"),
      content: content("b", { [key]: 150 }),
      submittedBy: "ou_a",
      submittedAt: new Date("2022-06-21T00:00:00Z"),
      idempotencyKey: "b",
    });
    await store.submitReport({
      requestId: req("市科技局"),
      content: content("c", { [key]: 999 }),
      submittedBy: "ou_b",
      submittedAt: new Date("2022-06-22T00:00:00Z"),
      idempotencyKey: "c",
    });
    const unitId =
      (await ctx.database.query<{ id: number }>(sql`select id from units where name = '市经信局'`))[0]?.id ??
      0;
    expect(await store.lastIndicatorValues(unitId, [ind?.id ?? 0])).toEqual({ [key]: 150 });
    expect(await store.lastIndicatorValues(unitId, [])).toEqual({});
  });

  it("reports request states for status queries and finds units and tasks by what people type", async () => {
    const { store, round, req, ids } = await setup();
    await store.submitReport({
      requestId: req("市科技局"),
      content: content("a"),
      submittedBy: "ou_a",
      submittedAt: new Date("2022-06-25T00:00:00Z"), // after the due date
      idempotencyKey: "late",
    });
    const rows = await store.requestStatus(
      { planId: "small-plan", roundId: round.id },
      new Date("2022-06-25T01:00:00Z"),
    );
    const of = (u: string) => rows.filter((r) => r.unitName === u).map((r) => `${r.taskCode}:${r.state}`);
    expect(of("市科技局")).toEqual(["一.1:late"]);
    expect(of("江岸区人民政府")).toEqual(["一.1:overdue"]);
    await store.reopen(round.id, ids.get("江岸区人民政府") ?? 0, new Date("2022-07-01T00:00:00Z"));
    const after = await store.requestStatus(
      { planId: "small-plan", unitId: ids.get("江岸区人民政府") },
      new Date("2022-06-25T01:00:00Z"),
    );
    expect(after.map((r) => r.state)).toEqual(["pending"]);
    expect(await store.findUnit("small-plan", "江岸区")).toMatchObject({ name: "江岸区人民政府" });
    expect(await store.findUnit("small-plan", "经信局")).toMatchObject({ name: "市经信局" });
    expect(await store.findUnit("small-plan", "人民政府")).toBeUndefined(); // ambiguous
    expect(await store.findUnit("small-plan", "各区人民政府")).toBeUndefined(); // a group, not a unit
    expect(await store.findTask("small-plan", "一.2")).toMatchObject({ text: "推进试点。" });
    expect(
      (await store.taskLeads((await store.findTask("small-plan", "一.1"))?.id ?? 0)).map((u) => u.name),
    ).toEqual(["市经信局"]);
  });
});
