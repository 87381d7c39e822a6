import { describe, expect, it } from "vitest";
import { importPlanDocument } from "../../src/plans/import";
import { parsePlan } from "../../src/plans/load";
import { allStrings, fixtureText, importFixture, person, task, unit, warningsAt } from "./helpers";

describe("a full-width plan with labels on their own lines (云州, 营商环境)", () => {
  const plan = importFixture("yunzhou-2023-business-environment.txt");

  it("reads header and goals, and passes validation", () => {
    expect([plan.title, plan.issuer, plan.date]).toEqual([
      "云州市优化营商环境三年行动工作方案（2023—2025年）",
      "云州市人民政府办公室",
      "2023-04-10",
    ]);
    expect(
      plan.goals.flatMap((g) => g.indicators).map((i) => [i.name, i.target, i.unit, i.comparator]),
    ).toEqual([
      ["政务服务事项网上可办率", 98, "%", ">="],
      ["企业开办时间", 1, "个工作日", "<="],
      ["市场主体", 30000, "户", "~"],
    ]);
    expect(() => parsePlan(plan)).not.toThrow();
  });

  it("reads 牵头单位：/责任单位： and 【牵头单位】/【配合单位】 lines below a task", () => {
    expect(task(plan, "一.1")).toMatchObject({
      lead: ["市政务服务和大数据管理局"],
      responsible: ["各县（市、区）人民政府"],
      text: "推行“一件事一次办”，年底前实现50项高频事项集成办理。",
      deadlines: [{ text: "年底前", date: "2023-12-31" }],
    });
    expect(task(plan, "一.2")).toMatchObject({
      lead: ["市住房和城乡建设局"],
      responsible: [],
      support: ["市自然资源和规划局", "市生态环境局"],
      deadlines: [{ text: "6月底前", date: "2023-06-30" }],
    });
    expect(task(plan, "一.2").indicators.map((i) => [i.name, i.target, i.unit, i.comparator])).toEqual([
      ["审批时间", 40, "个工作日", "<="],
    ]);
    // A bracket that is not a unit list stays in the text, without a warning.
    expect(task(plan, "一.2").text).toContain("审批事项清单（2023年版）。");
    expect(warningsAt(plan, 26)).toEqual([]);
  });

  it("warns, with its line, about a task that names no unit", () => {
    expect(task(plan, "一.3")).toMatchObject({ lead: [], responsible: [] });
    expect(warningsAt(plan, 30)).toEqual(["任务 一.3 没有标注牵头或责任单位"]);
  });

  it("adds the group of 以下任务均需…落实,不再一一列出 to every following task of the section", () => {
    for (const id of ["二.1", "二.2", "二.3"])
      expect(task(plan, id).responsible, id).toContain("各县（市、区）人民政府");
    expect(task(plan, "二.1")).toMatchObject({ lead: ["市发展改革委"], support: ["市市场监管局"] });
    expect(task(plan, "二.2").responsible).toEqual(["人行云州市中心支行", "各县（市、区）人民政府"]);
    expect(task(plan, "二.3").indicators).toMatchObject([{ target: 5, unit: "亿元", comparator: ">=" }]);
    // It is not a task of its own.
    expect(plan.sections[1]?.tasks).toHaveLength(3);
  });

  it("expands 各县（市、区）人民政府（含…管委会，下同） to counties, districts, county-level cities and the zone", () => {
    expect(plan.unitGroups).toMatchObject([
      {
        name: "各县（市、区）人民政府",
        members: ["云州经济技术开发区管委会", "长宁区人民政府", "临江县人民政府", "白沙市人民政府"],
      },
    ]);
    expect(unit(plan, "临江县人民政府").aliases).toContain("临江县");
  });

  it("reads phases, mechanisms and the office", () => {
    expect(plan.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ["动员部署阶段", "2023-04-01", "2023-04-30"],
      ["全面实施阶段", "2023-05-01", "2023-11-30"],
      ["总结评估阶段", "2023-12-01", "2023-12-31"],
    ]);
    expect(
      plan.phases.flatMap((p) => p.milestones.map((m) => [m.due, m.unitsMustSubmit, m.collectionKind])),
    ).toEqual([
      ["2023-04-30", true, "filing"],
      ["2023-07-15", true, "half_year"],
      ["2023-12-20", true, "annual"],
    ]);
    expect(plan.rhythm.map((r) => r.kind)).toEqual([
      "monthly_dispatch",
      "quarterly_bulletin",
      "annual_summary",
    ]);
    expect(warningsAt(plan, 58)).toEqual(["不支持的工作节奏「周例会」（只支持月、季、半年、全年）"]);
    expect(plan.liaisonsPerUnit).toBe(2);
    expect(plan.officeUnit).toBe("市发展改革委");
  });

  it("reads a roster with full-width spaces and repairs or flags what slipped", () => {
    expect(person(plan, "赵刚")).toMatchObject({ role: "deputy_leader", unit: "市发展改革委" });
    expect(person(plan, "杨洋")).toMatchObject({ title: "市财政局副局长", unit: "市财政局" });
    // 市统计局 names no task: the repair is a guess, so it says so.
    expect(person(plan, "许诺")).toMatchObject({ title: "市统计局副局长" });
    expect(warningsAt(plan, 77)[0]).toContain("许诺");
    expect(warningsAt(plan, 79)).toEqual(["无法读出姓名和职务「朱丽叶」"]);
    expect(plan.roster.map((r) => r.name)).not.toContain("朱丽叶");
    expect(plan.roster).toHaveLength(15);
  });
});

describe("a half-width plan with role phrases and no covering notice (青云县, 数字乡村)", () => {
  const plan = importFixture("qingyun-2024-digital-village.txt");

  it("reads a two-line title block and the signature at the end", () => {
    expect([plan.title, plan.issuer, plan.date]).toEqual([
      "青云县数字乡村建设2024年工作方案",
      "青云县人民政府办公室",
      "2024-02-28",
    ]);
    expect(() => parsePlan(plan)).not.toThrow();
  });

  it("makes a part with 1、… tasks and no sections one section", () => {
    expect(plan.sections.map((s) => [s.no, s.title, s.tasks.length])).toEqual([["二", "重点任务", 7]]);
  });

  it("reads X牵头,Y配合 / X负责 in the text and in brackets, and [labels] in square brackets", () => {
    expect(task(plan, "二.1")).toMatchObject({
      lead: ["县工业和信息化局"],
      support: ["各乡镇人民政府"],
      deadlines: [{ text: "2024年6月底前", date: "2024-06-30" }],
    });
    expect(task(plan, "二.1").text).not.toContain("牵头");
    expect(task(plan, "二.2")).toMatchObject({
      lead: ["县农业农村局"],
      responsible: ["县财政局", "县科技局"],
    });
    expect(task(plan, "二.2").text).toContain("农业物联网应用(试行)。");
    expect(task(plan, "二.3").responsible).toEqual(["县商务局"]);
    expect(task(plan, "二.4")).toMatchObject({
      responsible: ["县委组织部", "县民政局", "各乡镇人民政府"],
      deadlines: [{ text: "年底前", date: "2024-12-31" }],
    });
    expect(task(plan, "二.5")).toMatchObject({ lead: ["县人社局"], support: ["县农业农村局"] });
  });

  it("warns about what it cannot read, each at its line", () => {
    expect(task(plan, "二.5").deadlines).toEqual([{ text: "2月30日前", date: null, kind: "unknown" }]);
    expect(warningsAt(plan, 14)).toEqual(["任务 二.5 的时限「2月30日前」无法确定日期"]);
    expect(task(plan, "二.6").responsible).toEqual(["县数据局", "县供销社"]);
    expect(warningsAt(plan, 15)[0]).toContain("未标明牵头/责任/配合");
    expect(task(plan, "二.7").text).toContain("(县住建局,视试点情况另行安排)");
    expect(warningsAt(plan, 16)).toEqual([
      "无法识别的括号「县住建局,视试点情况另行安排」，保留在任务文字中",
      "任务 二.7 没有标注牵头或责任单位",
    ]);
    expect(plan.warnings).toHaveLength(4);
  });

  it("reads targets, not 5G; and expands 各乡镇人民政府 from the roster", () => {
    expect(plan.goals.flatMap((g) => g.indicators).map((i) => [i.name, i.target, i.comparator])).toEqual([
      ["行政村5G网络覆盖率", 100, "="],
      ["数字农业示范基地", 8, ">="],
      ["农产品网络零售额增长", 15, "~"],
    ]);
    expect(task(plan, "二.3").indicators).toMatchObject([
      { name: "农村电商带头人", target: 200, unit: "名" },
    ]);
    expect(plan.unitGroups).toMatchObject([
      {
        name: "各乡镇人民政府",
        members: ["青云经济开发区管委会", "清溪镇人民政府", "石门乡人民政府"],
        aliases: ["各乡镇", "各乡镇政府"],
      },
    ]);
    expect(unit(plan, "县农业农村局").aliases).toContain("农业农村局");
    expect(plan.officeUnit).toBe("县农业农村局");
    expect(plan.phases.flatMap((p) => p.milestones.map((m) => [m.due, m.collectionKind]))).toEqual([
      ["2024-03-31", "filing"],
      ["2024-07-10", "half_year"],
      ["2024-12-31", null],
      ["2024-12-31", "annual"],
    ]);
  });
});

describe("a mixed-width plan with wrapped lines, furniture and inline labels (江北, 数字政府)", () => {
  const plan = importFixture("jiangbei-2023-digital-government.txt");

  it("reads the title from 《》 in the notice and drops the page furniture", () => {
    expect([plan.title, plan.issuer, plan.date]).toEqual([
      "江北市2023年数字政府建设工作方案",
      "江北市人民政府办公厅",
      "2023-01-16",
    ]);
    const text = allStrings(plan).join("\n");
    for (const f of ["扫一扫", "打印本页", "— 2 —", "此件公开发布"]) expect(text).not.toContain(f);
    expect(() => parsePlan(plan)).not.toThrow();
  });

  it("joins a task wrapped over two lines and reads 【牵头单位】…【责任单位】… at its end", () => {
    expect(task(plan, "一.2")).toMatchObject({
      text: "完善全市电子政务外网，推动网络向街道、社区延伸，三季度末前实现全市社区全覆盖。",
      lead: ["市大数据局"],
      responsible: ["各区人民政府"],
      deadlines: [{ text: "三季度末前", date: "2023-09-30" }],
    });
    expect(task(plan, "一.1")).toMatchObject({
      lead: ["市大数据局"],
      responsible: ["市财政局", "各区人民政府"],
    });
  });

  it("reads 由X负责 ending a task and warns about the gap in numbering", () => {
    expect(task(plan, "一.4")).toMatchObject({
      text: "推进城市交通运行监测平台建设。",
      responsible: ["市交通局"],
    });
    expect(warningsAt(plan, 30)).toEqual(["编号「4」不连续：此处应为第 3 项"]);
  });

  it("applies a carry-forward clause written in the section heading", () => {
    expect(plan.sections[1]?.title).toBe("推进数据共享");
    expect(task(plan, "二.1")).toMatchObject({ lead: ["市大数据局"], responsible: ["各区人民政府"] });
    expect(task(plan, "二.1").text).toContain("资源目录（2023年版）");
    expect(task(plan, "二.2")).toMatchObject({
      responsible: ["临港开发区管委会", "各区人民政府"],
      support: ["市大数据局"],
    });
  });

  it("flags an unknown heading and keeps it out of the tasks", () => {
    expect(warningsAt(plan, 46)).toEqual(["无法识别的标题「第三部分 附则」，未读入"]);
    expect(allStrings(plan.sections).join("")).not.toContain("附则");
  });

  it("pairs a zone and a district named in one roster post as one unit", () => {
    expect(plan.units.map((u) => u.name)).not.toContain("滨江区人民政府");
    expect(unit(plan, "临港开发区管委会").aliases).toEqual(
      expect.arrayContaining(["滨江区人民政府", "滨江区"]),
    );
    expect(plan.unitGroups[0]?.members).toEqual(["临港开发区管委会", "江南区人民政府"]);
    expect(person(plan, "孙涛").unit).toBe("临港开发区管委会");
    expect(person(plan, "郑浩").role).toBe("member");
    expect(person(plan, "钱亮").role).toBe("member");
    expect(warningsAt(plan, 73)).toEqual(["名单中的「办公室主任」不是组长/副组长/成员，按成员读入"]);
  });
});

describe("the Wuhan plan written with full-width punctuation, 1、 markers and CRLF line ends", () => {
  const original = importFixture("wuhan-2022-proposal-1.txt");
  const variant = importPlanDocument(
    fixtureText("wuhan-2022-proposal-1.txt")
      .replace(/\(/g, "（")
      .replace(/\)/g, "）")
      .replace(/,/g, "，")
      .replace(/:/g, "：")
      .replace(/;/g, "；")
      .replace(/〈/g, "（")
      .replace(/〉/g, "）")
      .replace(/^(\d+)\./gm, "$1、")
      .replace(/\n/g, "\r\n"),
    { id: "wuhan-fullwidth" },
  );
  const roles = (p: typeof original) =>
    p.sections.flatMap((s) =>
      s.tasks.map((t) => [t.id, t.lead, t.responsible, t.support, t.indicators.length]),
    );

  it("reads the same tasks, units, groups, phases and roster", () => {
    expect(roles(variant)).toEqual(roles(original));
    expect(variant.units.map((u) => u.name)).toEqual(original.units.map((u) => u.name));
    expect(variant.unitGroups.map((g) => g.members)).toEqual(original.unitGroups.map((g) => g.members));
    expect(variant.phases.map((p) => [p.start, p.end, p.milestones.length])).toEqual(
      original.phases.map((p) => [p.start, p.end, p.milestones.length]),
    );
    expect(variant.roster.map((r) => [r.name, r.unit])).toEqual(original.roster.map((r) => [r.name, r.unit]));
    expect(variant.warnings).toEqual([]);
  });
});

describe("plans whose tasks sit straight under the top-level headings", () => {
  const doc = [
    "某市2023年生态环境保护工作方案",
    "某市人民政府办公室",
    "2023年3月1日",
    "一、打好蓝天保卫战",
    "1.淘汰燃煤小锅炉20台以上。（牵头单位：市生态环境局；责任单位：各区人民政府）",
    "2.推广新能源公交车。（责任单位：市交通运输局）",
    "二、健全工作机制",
    "1.建立环境问题发现机制。（牵头单位：市生态环境局）",
    "三、守护碧水清流",
    "（一）推进长江大保护。（牵头单位：市水务局；配合单位：市农业农村局）",
    "（二）开展河湖清四乱。（责任单位：各区人民政府）",
    "四、工作要求",
    "1.牵头单位要勇于担当，责任单位要密切配合。",
  ].join("\n");
  const plan = importPlanDocument(doc, { id: "flat" });

  it("makes each such heading a section, even one whose title sounds like a requirement", () => {
    expect(plan.sections.map((s) => [s.no, s.title, s.tasks.map((t) => t.id)])).toEqual([
      ["一", "打好蓝天保卫战", ["一.1", "一.2"]],
      ["二", "健全工作机制", ["二.1"]],
      ["三", "守护碧水清流", ["三.1", "三.2"]],
    ]);
    expect(task(plan, "三.1")).toMatchObject({
      text: "推进长江大保护。",
      lead: ["市水务局"],
      support: ["市农业农村局"],
    });
    expect(task(plan, "一.1").indicators).toMatchObject([
      { name: "燃煤小锅炉", target: 20, comparator: ">=" },
    ]);
    expect([plan.title, plan.issuer, plan.date]).toEqual([
      "某市2023年生态环境保护工作方案",
      "某市人民政府办公室",
      "2023-03-01",
    ]);
  });

  it("warns that 各区人民政府 has no members when nothing names a district", () => {
    expect(plan.unitGroups).toEqual([{ name: "各区人民政府", members: [], aliases: ["各区", "各区政府"] }]);
    expect(warningsAt(plan, 5)).toEqual([
      "单位组「各区人民政府」的成员无法确定（名单和任务中没有对应的单位）",
    ]);
  });
});
