import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { reportRequests, reports, rounds, tasks, units } from "../../src/db/schema";
import { createPlanStore } from "../../src/db/store/plan-store";
import { importPlanDocument } from "../../src/plans/import";
import { loadPlan, previewPlanRevision } from "../../src/plans/load";
import { describeDiff } from "../../src/plans/revision";
import { describeDb } from "../helpers/db";
import { fixtureText } from "../plans/helpers";

const now = new Date("2022-04-01T02:00:00Z");
const original = fixtureText("wuhan-2022-proposal-1.txt");
const plan = (text: string) => importPlanDocument(text, { id: "wuhan" });

/** The document with the bodies of two numbered lines exchanged, their numbers left in place. */
function swapTasks(text: string, a: string, b: string): string {
  const lines = text.split("\n");
  const ia = lines.findIndex((l) => l.startsWith(a));
  const ib = lines.findIndex((l) => l.startsWith(b));
  const la = lines[ia] ?? "";
  const lb = lines[ib] ?? "";
  const na = la.slice(0, la.indexOf(".") + 1);
  const nb = lb.slice(0, lb.indexOf(".") + 1);
  lines[ia] = na + lb.slice(nb.length);
  lines[ib] = nb + la.slice(na.length);
  return lines.join("\n");
}

describeDb("plan revisions keep reports with the task they were written for", (ctx) => {
  async function reportOn(code: string, progress: string, roundId: number): Promise<void> {
    const db = ctx.database.db;
    const [task] = await db.select().from(tasks).where(eq(tasks.code, code));
    const [unit] = await db.select().from(units).where(eq(units.name, "市经信局"));
    if (!task || !unit) throw new Error(`no task ${code}`);
    const [request] = await db
      .insert(reportRequests)
      .values({ roundId: roundId, unitId: unit.id, taskId: task.id, role: "lead" })
      .returning();
    await db.insert(reports).values({
      requestId: request?.id ?? 0,
      revision: 1,
      submittedBy: "ou_x",
      submittedAt: now,
      status: "in_progress",
      progress,
      idempotencyKey: progress,
    });
  }

  async function reportsByTaskText(): Promise<Record<string, string>> {
    const rows = await ctx.database.query<{ progress: string; text: string; code: string }>(sql`
      select r.progress, t.text, t.code from reports r join report_requests q on q.id = r.request_id
      join tasks t on t.id = q.task_id order by r.progress`);
    return Object.fromEntries(rows.map((r) => [r.progress, `${r.code} ${r.text}`]));
  }

  it("swapping two tasks in the document: the diff shows them renumbered, and every report stays with its text", async () => {
    const store = createPlanStore(ctx.database.db);
    await loadPlan(store, plan(original), { now });
    const [round] = await ctx.database.db
      .insert(rounds)
      .values({
        planId: "wuhan",
        kind: "monthly",
        period: "2022-04",
        title: "4月",
        opensAt: now,
        dueAt: now,
        closesAt: now,
      })
      .returning();
    await reportOn("二.3", "揭榜挂帅已发布", round?.id ?? 0);
    await reportOn("二.5", "引进头部企业3家", round?.id ?? 0);

    const swapped = plan(swapTasks(original, "3.面向数字经济领域", "5.加快培育本地"));
    const diff = await previewPlanRevision(store, swapped, "wuhan");
    expect(diff?.renumbered.map((r) => [r.from, r.to])).toEqual(
      expect.arrayContaining([
        ["二.3", "二.5"],
        ["二.5", "二.3"],
      ]),
    );
    expect(diff?.added).toEqual([]);
    expect(diff?.removed).toEqual([]);
    expect(describeDiff(diff ?? ({} as never)).some((l) => l.startsWith("重新编号 二.3 → 二.5"))).toBe(true);

    await loadPlan(store, swapped, { now });
    const after = await reportsByTaskText();
    expect(after.揭榜挂帅已发布).toMatch(/^二\.5 面向数字经济领域/);
    expect(after.引进头部企业3家).toMatch(/^二\.3 加快培育本地/);
  });

  it("a task removed and another put in its number: the old task is retired with its report, the new one starts clean", async () => {
    const store = createPlanStore(ctx.database.db);
    await loadPlan(store, plan(original), { now });
    const [round] = await ctx.database.db
      .insert(rounds)
      .values({
        planId: "wuhan",
        kind: "monthly",
        period: "2022-04",
        title: "4月",
        opensAt: now,
        dueAt: now,
        closesAt: now,
      })
      .returning();
    await reportOn("三.5", "示范城市申报中", round?.id ?? 0);
    const replaced = original.replace(
      /5\.建设国家信息消费示范城市。/,
      "5.开展工业软件攻关，培育工业软件企业10家以上。",
    );
    const diff = await previewPlanRevision(store, plan(replaced), "wuhan");
    expect(diff?.removed.map((r) => r.id)).toEqual(["三.5"]);
    expect(diff?.added.map((r) => r.id)).toEqual(["三.5"]);
    const result = await loadPlan(store, plan(replaced), { now });
    expect(result.retired.tasks).toEqual(["三.5"]);
    const [kept] = await ctx.database.query<{ text: string; retired: boolean }>(sql`
      select t.text, t.retired_at is not null as retired from reports r
      join report_requests q on q.id = r.request_id join tasks t on t.id = q.task_id`);
    expect(kept).toEqual({ text: "建设国家信息消费示范城市。", retired: true });
    const [fresh] = await ctx.database.db.select().from(tasks).where(eq(tasks.code, "三.5"));
    expect(fresh?.text).toBe("开展工业软件攻关，培育工业软件企业10家以上。");
    expect(fresh?.retiredAt).toBeNull();
  });
});
