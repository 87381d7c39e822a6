import { describe, expect, it } from "vitest";
import { importPlanDocument } from "../../src/plans/import";
import { findDates } from "../../src/plans/import/dates";
import { findIndicators } from "../../src/plans/import/indicators";
import { toLines } from "../../src/plans/import/lines";
import { parseCarryForward, parseToken, parseUnitSpec } from "../../src/plans/import/unit-specs";

const dates = (s: string, year: number | null = 2022) =>
  findDates(s, year).map((d) => [d.text, d.period?.from ?? null, d.period?.to ?? null]);

describe("date expressions", () => {
  it("resolves points, month ends, ranges and year parts against the plan year", () => {
    expect(dates("2022年3月底之前")).toEqual([["2022年3月底之前", "2022-03-31", "2022-03-31"]]);
    expect(dates("2022年4—10月")).toEqual([["2022年4—10月", "2022-04-01", "2022-10-31"]]);
    expect(dates("2023年5月1日—6月30日", null)).toEqual([
      ["2023年5月1日—6月30日", "2023-05-01", "2023-06-30"],
    ]);
    expect(dates("2022年11月")).toEqual([["2022年11月", "2022-11-01", "2022-11-30"]]);
    expect(dates("年底前", 2024)).toEqual([["年底前", "2024-12-31", "2024-12-31"]]);
    expect(dates("二〇二二年三月三十一日", null)).toEqual([
      ["二〇二二年三月三十一日", "2022-03-31", "2022-03-31"],
    ]);
    expect(dates("2024年2月底前", null)).toEqual([["2024年2月底前", "2024-02-29", "2024-02-29"]]);
  });

  it("inherits the year of an earlier date in the same text", () => {
    expect(dates("2023年6月底之前,报送小结。8月底之前,专题汇报", 2022).map((d) => d[2])).toEqual([
      "2023-06-30",
      "2023-08-31",
    ]);
  });

  it("cannot resolve a date without a year or with an impossible day", () => {
    expect(dates("10月底前", null)).toEqual([["10月底前", null, null]]);
    expect(dates("2月30日前")).toEqual([["2月30日前", null, null]]);
  });

  it("does not read years alone, 十四五 or 1号 as dates", () => {
    expect(dates("2022年,全市…编制“十四五”规划,1号议案")).toEqual([]);
  });
});

const targets = (s: string) => findIndicators(s).map((i) => [i.name, i.target, i.unit, i.comparator]);

describe("targets in text", () => {
  it("maps 以上/不少于 to >=, 左右/约 to ~, 以内/不超过 to <= and a plain number to =", () => {
    expect(targets("引进重大项目20个以上")).toEqual([["重大项目", 20, "个", ">="]]);
    expect(targets("培训人员不少于300人")).toEqual([["培训人员", 300, "人", ">="]]);
    expect(targets("增加值占比达到9%左右")).toEqual([["增加值占比", 9, "%", "~"]]);
    expect(targets("建设约12个站点")).toEqual([["站点", 12, "个", "~"]]);
    expect(targets("办理时间压缩至3个工作日以内")).toEqual([["办理时间", 3, "个工作日", "<="]]);
    expect(targets("能耗不超过1.5万吨")).toEqual([["能耗", 15000, "吨", "<="]]);
    expect(targets("建成数据中心机架4万个")).toEqual([["数据中心机架", 40000, "个", "="]]);
  });

  it("reads the name after the number when it follows", () => {
    expect(targets("滚动实施500个工业技改项目,建设10家标杆智能工厂、100条数字化生产线。")).toEqual([
      ["工业技改项目", 500, "个", "="],
      ["标杆智能工厂", 10, "家", "="],
      ["数字化生产线", 100, "条", "="],
    ]);
  });

  it("keeps money in its own unit", () => {
    expect(targets("兑现资金不少于5亿元")).toEqual([["兑现资金", 5, "亿元", ">="]]);
  });

  it("invents nothing from numbers that are not targets", () => {
    expect(
      targets("实现5G覆盖,推进IPv6部署,人工智能计算中心二期扩建,“十四五”规划,1号议案,2022年,3个月内完成"),
    ).toEqual([]);
  });
});

const spec = (s: string) => parseUnitSpec(s, 1)?.map((r) => [r.role, parseToken(r.token).name]) ?? null;

describe("unit specifications", () => {
  it("reads labels in every bracket width, with either colon", () => {
    const expected = [
      ["lead", "市经信局"],
      ["responsible", "市科技局"],
      ["responsible", "各区人民政府"],
    ];
    expect(spec("(牵头单位:市经信局;责任单位:市科技局,各区人民政府)")).toEqual(expected);
    expect(spec("（牵头单位：市经信局；责任单位：市科技局、各区人民政府）")).toEqual(expected);
    expect(spec("[牵头单位:市经信局;责任单位:市科技局、各区人民政府]")).toEqual(expected);
    expect(spec("【牵头单位】市经信局【责任单位】市科技局、各区人民政府")).toEqual(expected);
    expect(spec("牵头单位：市经信局 责任单位：市科技局、各区人民政府")).toEqual(expected);
  });

  it("reads role phrases and rejects prose", () => {
    expect(spec("市发改委牵头,市经信局、市财政局配合")).toEqual([
      ["lead", "市发改委"],
      ["support", "市经信局"],
      ["support", "市财政局"],
    ]);
    expect(spec("由市交通局负责")).toEqual([["responsible", "市交通局"]]);
    expect(spec("各地区各部门抓好落实")).toBeNull();
    expect(spec("2023年版")).toBeNull();
  });

  it("reads what a bracket after a unit name says", () => {
    expect(parseToken("各区人民政府〈含开发区管委会,下同〉")).toEqual({
      name: "各区人民政府",
      def: { kind: "group", includes: ["开发区管委会"] },
      problem: null,
    });
    expect(parseToken("武汉经开区管委会〈汉南区人民政府〉").def).toEqual({
      kind: "pair",
      other: "汉南区人民政府",
    });
    expect(parseToken("市  财政局").name).toBe("市财政局");
    expect(parseToken("市经信局(待定)")).toMatchObject({
      name: "市经信局",
      problem: expect.stringContaining("待定"),
    });
  });

  it("reads carry-forward clauses", () => {
    expect(parseCarryForward("以下任务均需各区落实,不再一一列出")).toEqual({
      token: "各区",
      role: "responsible",
    });
    expect(parseCarryForward("（以下任务均由各县（市、区）人民政府配合，不再一一列出）")).toEqual({
      token: "各县（市、区）人民政府",
      role: "support",
    });
    expect(parseCarryForward("以下简称领导小组")).toBeNull();
  });

  it("reads a bracket that ends a task's first line when the task's sub-items follow it", () => {
    const plan = importPlanDocument(
      [
        "南川县2023年人才强县行动实施方案",
        "一、加强人才引进",
        "1.11.121人才梯队项目。培养青年骨干121名。[县人社局牵头，县教育局按职责分工负责]",
        "（1）建立青年人才库；",
        "（2）开展青年人才结对培养。",
        "完成时限：2023年9月底前",
      ].join("\n"),
      { id: "nanchuan" },
    );
    const task = plan.sections[0]?.tasks[0];
    expect(task).toMatchObject({ lead: ["县人社局"], responsible: ["县教育局"] });
    expect(task?.text).toBe(
      "11.121人才梯队项目。培养青年骨干121名。(1)建立青年人才库；(2)开展青年人才结对培养。",
    );
    expect(task?.deadlines).toEqual([expect.objectContaining({ date: "2023-09-30" })]);
  });
});

describe("lines", () => {
  it("keeps input line numbers and drops blank lines and page furniture", () => {
    expect(
      toLines("标题\r\n\r\n— 3 —\n扫一扫在手机上查看当前页面\n正文。\n武汉市人民政府微信公众号\n"),
    ).toEqual([
      { no: 1, text: "标题" },
      { no: 5, text: "正文。" },
    ]);
  });
});
