import { expect, it } from "vitest";
import { createStatusStore } from "../../src/db/store/status-store";
import { bulletinPeriod } from "../../src/domain/period";
import type { RoundInfo } from "../../src/status/ports";
import { describeDb } from "../helpers/db";
import { ATTACK, cst, seedQ2 } from "../helpers/status-scenario";

const afterDue = new Date(cst("2022-06-26", "12:00"));
const beforeDue = new Date(cst("2022-06-24", "16:00"));

describeDb("status store", (ctx) => {
  async function setup() {
    const seeded = await seedQ2(ctx.database);
    const store = createStatusStore(ctx.database.db);
    const rounds = await store.listRounds("wuhan-test");
    const june = rounds.find((r) => r.id === seeded.rounds.june) as RoundInfo;
    return { ...seeded, store, rounds, june };
  }

  it("lists rounds newest first and resolves their dates", async () => {
    const { rounds, june } = await setup();
    expect(rounds.map((r) => r.period)).toEqual(["2022-06", "2022-H1", "2022-05", "2022-04"]);
    expect(june.dueAt.toISOString()).toBe("2022-06-25T10:00:00.000Z");
    expect(june.state).toBe("open");
  });

  it("overview: per unit reported/total, overdue units first, late counts, tasks by status", async () => {
    const { store, june } = await setup();
    const o = await store.overview(june, afterDue);
    expect(o.units.map((u) => [u.unitName, u.reported, u.total, u.late, u.overdue])).toEqual([
      ["江汉区人民政府", 0, 2, 0, true],
      ["市发改委", 0, 1, 0, true],
      ["东湖高新区管委会", 2, 3, 1, true],
      ["市经信局", 2, 2, 0, false],
      ["市科技局", 2, 2, 0, false],
      ["江岸区人民政府", 2, 2, 0, false],
    ]);
    expect(o.totals).toEqual({
      units: 6,
      requests: 12,
      reported: 8,
      late: 1,
      missing: 4,
      overdueUnits: 3,
      completeUnits: 3,
    });
    expect(o.requestsByStatus).toEqual({
      not_started: 0,
      in_progress: 5,
      done: 1,
      behind: 1,
      blocked: 1,
      unreported: 4,
    });
    expect(o.tasksByStatus).toMatchObject({ in_progress: 2, blocked: 1, unreported: 1, done: 0 });
  });

  it("overview before the due time flags nobody as overdue", async () => {
    const { store, june } = await setup();
    const o = await store.overview(june, beforeDue);
    expect(o.units.every((u) => !u.overdue)).toBe(true);
    expect(o.units[0]?.unitName).toBe("江汉区人民政府");
    expect(o.totals.overdueUnits).toBe(0);
  });

  it("a unit's view shows each task's state and latest revision; a correction after due stays on time", async () => {
    const { store, june, seeder } = await setup();
    const jiangan = await store.unitStatus(june, await seeder.unitId("江岸区人民政府"), afterDue);
    expect(
      jiangan?.requests.map((r) => [
        r.task?.code,
        r.state,
        r.report?.revision,
        r.report?.status,
        r.report?.progress,
      ]),
    ).toEqual([
      ["一.1", "reported", 2, "in_progress", "更正:机架2000个"],
      ["二.1", "reported", 1, "blocked", "按计划推进"],
    ]);
    const donghu = await store.unitStatus(june, await seeder.unitId("东湖高新区管委会"), afterDue);
    expect(donghu?.requests.map((r) => [r.task?.code, r.state])).toEqual([
      ["一.1", "late"],
      ["一.2", "reported"],
      ["二.1", "overdue"],
    ]);
    const jingxin = await store.unitStatus(june, await seeder.unitId("市经信局"), afterDue);
    expect(jingxin?.requests[0]?.report?.submitterName).toBe("张三");
    const half = (await store.listRounds("wuhan-test")).find((r) => r.kind === "half_year") as RoundInfo;
    const summary = await store.unitStatus(half, await seeder.unitId("江汉区人民政府"), afterDue);
    expect(summary?.requests).toHaveLength(1);
    expect(summary?.requests[0]?.task).toBeNull();
    expect(summary?.requests[0]?.state).toBe("pending");
  });

  it("a task's view lists every unit's latest report, lead first, with the task's indicators", async () => {
    const { store, june } = await setup();
    const task = await store.findTask("wuhan-test", "二.1");
    expect(task?.leadUnits).toEqual(["市科技局"]);
    const view = await store.taskStatus(june, task?.id ?? 0, afterDue);
    expect(view?.units.map((u) => [u.unitName, u.role, u.state, u.report?.status ?? null])).toEqual([
      ["市科技局", "lead", "reported", "behind"],
      ["江岸区人民政府", "responsible", "reported", "blocked"],
      ["江汉区人民政府", "responsible", "overdue", null],
      ["东湖高新区管委会", "responsible", "overdue", null],
    ]);
    expect(view?.indicators.map((i) => [i.name, i.target, i.comparator])).toEqual([
      ["工业技改项目", 500, ">="],
    ]);
    const id = String(view?.indicators[0]?.id);
    expect(view?.units[0]?.report?.indicatorValues[id]).toBe(150);
    expect(view?.phases.map((p) => p.name)).toEqual(["动员部署阶段", "办理落实阶段", "督促检查阶段"]);
  });

  it("missing: units with missing requests, their task codes and liaisons (none named when none bound)", async () => {
    const { store, june, seeder } = await setup();
    const missing = await store.missing(june, afterDue);
    expect(
      missing.map((m) => [m.unitName, m.missing, m.taskCodes, m.liaisons.map((l) => [l.name, l.role])]),
    ).toEqual([
      ["江汉区人民政府", 2, ["一.1", "二.1"], []],
      [
        "市发改委",
        1,
        ["二.2"],
        [
          ["李四", "liaison"],
          ["王五", "deputy"],
        ],
      ],
      ["东湖高新区管委会", 1, ["二.1"], [["赵六", "liaison"]]],
    ]);
    expect(missing[1]?.liaisons[0]?.openId).toBe("ou_li");
    expect(missing.every((m) => m.overdue)).toBe(true);
    const one = await store.missing(june, afterDue, { unitIds: [await seeder.unitId("市发改委")] });
    expect(one.map((m) => m.unitName)).toEqual(["市发改委"]);
    const complete = await store.missing(june, afterDue, { unitIds: [await seeder.unitId("市经信局")] });
    expect(complete).toEqual([]);
  });

  it("finds units by exact name or alias before partial matches, groups with their members", async () => {
    const { store } = await setup();
    expect((await store.findUnits("wuhan-test", "经信局")).map((u) => u.name)).toEqual(["市经信局"]);
    expect((await store.findUnits("wuhan-test", "江岸")).map((u) => u.name)).toEqual(["江岸区人民政府"]);
    const group = await store.findUnits("wuhan-test", "各区人民政府");
    expect(group).toHaveLength(1);
    expect(group[0]?.kind).toBe("group");
    expect(group[0]?.memberIds).toHaveLength(3);
    expect((await store.findUnits("wuhan-test", "区")).length).toBeGreaterThan(2);
    expect(await store.findUnits("wuhan-test", "市不存在局")).toEqual([]);
  });

  it("bulletin data for 2022-Q2: on-time counts per unit, latest problems, latest indicator values", async () => {
    const { store } = await setup();
    const data = await store.bulletinData(
      "wuhan-test",
      bulletinPeriod("quarter", 2022, 2),
      new Date(cst("2022-07-05")),
    );
    expect(data?.rounds.map((r) => r.period)).toEqual(["2022-04", "2022-05", "2022-06", "2022-H1"]);
    const units = Object.fromEntries(
      (data?.units ?? []).map((u) => [u.unitName, [u.due, u.reported, u.onTime, u.late, u.overdue]]),
    );
    expect(units).toEqual({
      市经信局: [7, 7, 7, 0, 0],
      市科技局: [7, 7, 7, 0, 0],
      市发改委: [4, 3, 2, 1, 1],
      江岸区人民政府: [7, 7, 7, 0, 0],
      江汉区人民政府: [7, 4, 4, 0, 3],
      东湖高新区管委会: [10, 9, 8, 1, 1],
    });
    expect(data?.units.find((u) => u.unitName === "江汉区人民政府")?.overdueRounds).toEqual([
      "2022年6月 月调度",
      "2022年上半年 半年工作小结",
    ]);
    // 东湖's May problem was not repeated in June: it is no longer listed.
    expect(data?.problems.map((p) => [p.unitName, p.taskCode, p.text])).toEqual([
      ["市科技局", "二.1", ATTACK],
      ["江岸区人民政府", "二.1", "项目审批流程较长"],
    ]);
    const values = Object.fromEntries(
      (data?.indicators ?? []).map((i) => [i.name, i.values.map((v) => [v.value, v.isLead]).sort()]),
    );
    expect(values).toEqual({
      数字经济核心产业增加值占GDP比重: [[8.2, false]],
      引进数字经济领域重大项目: [[6, false]],
      数据中心机架: [
        [12000, false],
        [2000, false],
      ],
      工业技改项目: [
        [150, true],
        [80, false],
      ],
      新增能耗: [[60, false]],
    });
    expect(data?.tasks.map((t) => [t.code, t.units.length])).toEqual([
      ["一.1", 5],
      ["一.2", 2],
      ["二.1", 4],
      ["二.2", 1],
    ]);
    expect(data?.tasks[2]?.units).toEqual([
      { unitName: "市科技局", status: "behind" },
      { unitName: "江岸区人民政府", status: "blocked" },
      // Not reported in June: their May status is the latest known in the quarter.
      { unitName: "江汉区人民政府", status: "in_progress" },
      { unitName: "东湖高新区管委会", status: "in_progress" },
    ]);
  });

  it("bulletin data leaves out rounds of other periods and rounds not yet opened", async () => {
    const { store } = await setup();
    const q1 = await store.bulletinData(
      "wuhan-test",
      bulletinPeriod("quarter", 2022, 1),
      new Date(cst("2022-07-05")),
    );
    expect(q1?.rounds).toEqual([]);
    expect(q1?.units).toEqual([]);
    const early = await store.bulletinData(
      "wuhan-test",
      bulletinPeriod("quarter", 2022, 2),
      new Date(cst("2022-05-01")),
    );
    expect(early?.rounds.map((r) => r.period)).toEqual(["2022-04"]);
  });

  it("export data: one row per request with its latest revision, in plan order", async () => {
    const { store, june } = await setup();
    const data = await store.exportData("wuhan-test", [june.id], afterDue);
    const rows = data?.rounds[0]?.rows ?? [];
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => `${r.unitName}|${r.taskCode}|${r.state}|${r.report?.revision ?? "-"}`)).toEqual([
      "市经信局|一.1|reported|1",
      "市经信局|一.2|reported|1",
      "市科技局|一.1|reported|1",
      "市科技局|二.1|reported|1",
      "市发改委|二.2|overdue|-",
      "江岸区人民政府|一.1|reported|2",
      "江岸区人民政府|二.1|reported|1",
      "江汉区人民政府|一.1|overdue|-",
      "江汉区人民政府|二.1|overdue|-",
      "东湖高新区管委会|一.1|late|1",
      "东湖高新区管委会|一.2|reported|1",
      "东湖高新区管委会|二.1|overdue|-",
    ]);
    expect(await store.exportData("other-plan", [june.id], afterDue)).toBeUndefined();
  });
});
