import { describe, expect, it } from "vitest";
import { importPlanDocument } from "../../src/plans/import";
import { importFixture, task } from "./helpers";

// The municipal style: (一)… items are the tasks, numbered on across the sections, each ending with a
// bracket that gives its units and its deadline together.
describe("a municipal plan whose (一) tasks run on across its sections", () => {
  const plan = importFixture("genre-municipal-run-on.txt");

  it("reads every section as a task group and loses none of them", () => {
    expect(plan.sections.map((s) => [s.no, s.title, s.tasks.map((t) => t.id)])).toEqual([
      ["二", "深化平台建设", ["二.1", "二.2"]],
      ["三", "优化服务方式", ["三.3", "三.4"]],
    ]);
    const messages = (plan.warnings ?? []).map((w) => w.message).join("\n");
    expect(messages).not.toMatch(/不连续|无法识别|按一项任务读入|没有标注牵头/);
  });

  it("takes the deadline out of the units bracket, as a date or as the words it is", () => {
    expect(task(plan, "二.1").text).toBe(
      "完善一体化政务服务平台。推进市级部门业务系统与平台深度对接，实现统一身份认证。",
    );
    expect(task(plan, "二.1").deadlines).toEqual([
      { text: "2024年6月底前", date: "2024-06-30", kind: "dated" },
    ]);
    expect(task(plan, "三.4").deadlines).toEqual([{ text: "长期坚持", date: null, kind: "ongoing" }]);
  });

  it("gives a task the units bracket that follows its sub-items", () => {
    expect(task(plan, "二.2")).toMatchObject({
      text: "推进电子证照共享应用。1.梳理电子证照目录；2.扩大电子证照在高频事项中的应用。",
      lead: [],
      responsible: ["市政务服务数据管理局", "市公安局"],
    });
    expect(task(plan, "二.2").deadlines[0]?.text).toBe("持续推进");
  });

  it("names a target stated only by its date after the earlier one in the same measure, and says so", () => {
    expect(plan.goals.flatMap((g) => g.indicators).map((i) => [i.name, i.comparator, i.target])).toEqual([
      ["市级政务服务事项网上可办率", "=", 90],
      ["市级政务服务事项网上可办率", ">=", 98],
      ["“一网通办”平台日均办件量", ">=", 5000],
    ]);
    expect(plan.warnings).toContainEqual({
      line: 5,
      message:
        "目标「2024年底前达到98%以上」未写指标名称，按前文指标「市级政务服务事项网上可办率」读入，请核对",
    });
  });

  it("finds the office's host among the units the tasks name", () => {
    expect(plan.officeUnit).toBe("市政务服务数据管理局");
  });
});

describe("units and deadlines written together", () => {
  const doc = (body: string) =>
    importPlanDocument(["某市2024年工作方案", "一、重点任务", body].join("\n"), { id: "mixed" });

  it("reads 牵头 and 配合 with a deadline after a comma, and a labelled 完成时限 in the bracket", () => {
    const comma = doc("（一）推进垃圾分类。（区城管局牵头，区财政局配合，2024年底前完成）");
    expect(task(comma, "一.1")).toMatchObject({
      text: "推进垃圾分类。",
      lead: ["区城管局"],
      support: ["区财政局"],
    });
    expect(task(comma, "一.1").deadlines[0]).toMatchObject({ text: "2024年底前", date: "2024-12-31" });
    const labelled = doc("（一）整治广告。（牵头单位：区城管局；完成时限：每季度末）");
    expect(task(labelled, "一.1")).toMatchObject({ text: "整治广告。", lead: ["区城管局"], responsible: [] });
    expect(task(labelled, "一.1").deadlines[0]).toMatchObject({ text: "每季度末", kind: "recurring" });
  });

  it("does not read units out of prose that uses the label words", () => {
    const plan = doc("1.建立通报制度，各责任单位于每月10日前报送工作进展。（区政府办负责）");
    expect(task(plan, "一.1")).toMatchObject({
      text: "建立通报制度，各责任单位于每月10日前报送工作进展。",
      responsible: ["区政府办"],
    });
  });
});

describe("(一) tasks beside one whose units the document left out", () => {
  const plan = importPlanDocument(
    [
      "某市2024年工作方案",
      "一、深化平台建设",
      "（一）完善平台。推进系统对接。（市大数据局牵头；2024年6月底前完成）",
      "（二）推进电子证照共享应用。",
      "1.梳理电子证照目录；",
      "2.扩大电子证照应用。",
      "（三）加强数据安全。（市委网信办负责）",
    ].join("\n"),
    { id: "bare" },
  );

  it("reads that one as a task with its sub-items too, and says it has no units", () => {
    expect(plan.sections.map((s) => [s.no, s.tasks.map((t) => t.id)])).toEqual([
      ["一", ["一.1", "一.2", "一.3"]],
    ]);
    expect(task(plan, "一.2").text).toBe("推进电子证照共享应用。1.梳理电子证照目录；2.扩大电子证照应用。");
    expect(plan.warnings).toContainEqual({ line: 4, message: "任务 一.2 没有标注牵头或责任单位" });
  });
});
