import type { Database } from "../../src/db/client";
import { statusPlan } from "../fixtures/status-plan";
import { Seeder } from "./status-seed";

/** 18:00 Beijing time on a date. */
export const cst = (date: string, time = "18:00") => `${date}T${time}:00+08:00`;

export const ATTACK = "资金缺口较大<at id=all></at> [详见](http://evil.example) **急**";

/**
 * The second quarter of 2022 for wuhan-test (12 requests per monthly round):
 * - 2022-04, 2022-05: everyone reports; 市发改委 reports April late; 东湖 notes a problem in May.
 * - 2022-06 (due 6月25日 18:00): 市发改委 (二.2) and 江汉区 (一.1, 二.1) and 东湖 (二.1) do not report;
 *   东湖 reports 一.1 late; 江岸区 corrects 一.1 after the due time (still on time); 市科技局 reports 二.1 滞后
 *   with a problem that tries to @all; 江岸区 reports 二.1 受阻.
 * - 2022-H1 半年小结 (due 6月30日): every unit but 江汉区 reports.
 * Liaisons: 市经信局 张三; 市发改委 李四 with deputy 王五; 东湖 赵六; 江汉区 and others none.
 */
export async function seedQ2(database: Database) {
  const s = await Seeder.load(database, statusPlan());
  const allMonthly = async (round: number, day: string) => {
    for (const [unit, task] of [
      ["市经信局", "一.1"],
      ["市经信局", "一.2"],
      ["市科技局", "一.1"],
      ["市科技局", "二.1"],
      ["江岸区人民政府", "一.1"],
      ["江岸区人民政府", "二.1"],
      ["江汉区人民政府", "一.1"],
      ["江汉区人民政府", "二.1"],
      ["东湖高新区管委会", "一.1"],
      ["东湖高新区管委会", "一.2"],
      ["东湖高新区管委会", "二.1"],
    ] as const) {
      await s.submit({ round, unit, task, at: cst(day, "10:00") });
    }
  };
  const april = await s.round({
    kind: "monthly",
    period: "2022-04",
    title: "2022年4月 月调度",
    opensAt: cst("2022-04-20", "09:00"),
    dueAt: cst("2022-04-25"),
    closesAt: cst("2022-04-30"),
    state: "closed",
  });
  await allMonthly(april, "2022-04-22");
  await s.submit({
    round: april,
    unit: "市发改委",
    task: "二.2",
    at: cst("2022-04-27", "09:00"),
    late: true,
  });

  const may = await s.round({
    kind: "monthly",
    period: "2022-05",
    title: "2022年5月 月调度",
    opensAt: cst("2022-05-20", "09:00"),
    dueAt: cst("2022-05-25"),
    closesAt: cst("2022-05-31"),
    state: "closed",
  });
  await allMonthly(may, "2022-05-23");
  await s.submit({
    round: may,
    unit: "市发改委",
    task: "二.2",
    at: cst("2022-05-24", "09:00"),
    values: { 新增能耗: 60 },
  });
  await s.submit({
    round: may,
    unit: "东湖高新区管委会",
    task: "一.1",
    at: cst("2022-05-24", "11:00"),
    problems: "机房用地指标待落实",
  });

  const june = await s.round({
    kind: "monthly",
    period: "2022-06",
    title: "2022年6月 月调度",
    opensAt: cst("2022-06-20", "09:00"),
    dueAt: cst("2022-06-25"),
    closesAt: cst("2022-06-30"),
  });
  const on = cst("2022-06-24", "15:00");
  await s.submit({
    round: june,
    unit: "市经信局",
    task: "一.1",
    at: on,
    values: { 数据中心机架: 12000, 数字经济核心产业增加值占GDP比重: 8.2, 引进数字经济领域重大项目: 6 },
    by: "ou_zhang",
  });
  await s.submit({
    round: june,
    unit: "市经信局",
    task: "一.2",
    at: on,
    status: "done",
    progress: "节点已上线",
  });
  await s.submit({ round: june, unit: "市科技局", task: "一.1", at: on });
  await s.submit({
    round: june,
    unit: "市科技局",
    task: "二.1",
    at: on,
    status: "behind",
    progress: "已实施技改项目150个",
    problems: ATTACK,
    values: { 工业技改项目: 150 },
  });
  await s.submit({
    round: june,
    unit: "江岸区人民政府",
    task: "一.1",
    at: on,
    values: { 数据中心机架: 1500 },
  });
  await s.submit({
    round: june,
    unit: "江岸区人民政府",
    task: "一.1",
    at: cst("2022-06-26", "09:00"),
    late: true,
    values: { 数据中心机架: 2000 },
    progress: "更正:机架2000个",
  });
  await s.submit({
    round: june,
    unit: "江岸区人民政府",
    task: "二.1",
    at: on,
    status: "blocked",
    problems: "项目审批流程较长",
    values: { 工业技改项目: 80 },
  });
  await s.submit({
    round: june,
    unit: "东湖高新区管委会",
    task: "一.1",
    at: cst("2022-06-27", "10:00"),
    late: true,
  });
  await s.submit({ round: june, unit: "东湖高新区管委会", task: "一.2", at: on });

  const half = await s.round({
    kind: "half_year",
    period: "2022-H1",
    title: "2022年上半年 半年工作小结",
    opensAt: cst("2022-06-15", "09:00"),
    dueAt: cst("2022-06-30"),
    closesAt: cst("2022-07-10"),
  });
  for (const unit of ["市经信局", "市科技局", "市发改委", "江岸区人民政府", "东湖高新区管委会"]) {
    await s.submit({
      round: half,
      unit,
      task: null,
      at: cst("2022-06-29", "10:00"),
      status: null,
      progress: "小结",
    });
  }

  await s.member("市经信局", "ou_zhang", "张三");
  await s.member("市发改委", "ou_li", "李四");
  await s.member("市发改委", "ou_wang", "王五", "deputy");
  await s.member("东湖高新区管委会", "ou_zhao", "赵六");
  return { seeder: s, rounds: { april, may, june, half } };
}
