import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plans/load";
import { allStrings, importFixture, person, task, unit } from "./helpers";

// The Wuhan sample (the plan duban was born from), read as a user of the bot would check it.
const plan = importFixture("wuhan-2022-proposal-1.txt");

describe("importing the Wuhan 1号议案 plan", () => {
  it("reads the plan's own title, the issuing office and the date", () => {
    expect(plan.title).toBe("市十五届人大一次会议1号议案办理工作方案");
    expect(plan.issuer).toBe("武汉市人民政府办公厅");
    expect(plan.date).toBe("2022-03-31");
    expect(plan.id).toBe("wuhan-2022-proposal-1");
  });

  it("passes the loader's validation, with nothing left unread", () => {
    expect(() => parsePlan(plan)).not.toThrow();
    expect(plan.warnings).toEqual([]);
  });

  it("has the 4 quantitative goals of 工作目标 with their comparators", () => {
    const indicators = plan.goals.flatMap((g) => g.indicators);
    expect(indicators.map((i) => [i.target, i.unit, i.comparator])).toEqual([
      [9, "%", "~"],
      [20, "个", ">="],
      [5, "个", ">="],
      [200, "个", ">="],
    ]);
    expect(plan.goals.map((g) => g.text)).toEqual([
      "2022年,全市数字经济核心产业增加值占GDP的比重达到9%左右",
      "引进数字经济领域重大项目20个以上",
      "建设数字经济产业园5个以上",
      "发布数字经济应用场景200个以上",
    ]);
    expect(indicators.map((i) => i.name)).toEqual([
      "数字经济核心产业增加值占GDP的比重",
      "数字经济领域重大项目",
      "数字经济产业园",
      "数字经济应用场景",
    ]);
  });

  it("has 4 sections with 4, 8, 7 and 4 tasks, numbered like 二.3", () => {
    expect(plan.sections.map((s) => [s.no, s.tasks.length])).toEqual([
      ["一", 4],
      ["二", 8],
      ["三", 7],
      ["四", 4],
    ]);
    expect(plan.sections[0]?.title).toBe("夯实数字新基建");
    const t = task(plan, "二.3");
    expect([t.no, t.text]).toEqual([
      3,
      "面向数字经济领域,持续实施“卡脖子”技术攻关“揭榜挂帅”,突破一批关键核心技术。",
    ]);
  });

  it("gives every task its lead and responsible units as separate canonical names", () => {
    expect(task(plan, "二.1")).toMatchObject({ lead: ["市经信局"], responsible: ["各区人民政府"] });
    expect(task(plan, "一.1")).toMatchObject({
      lead: [],
      responsible: ["市经信局", "市科技局", "市委网信办", "各区人民政府"],
    });
    expect(task(plan, "三.6")).toMatchObject({ lead: ["市地方金融局"], responsible: ["人行武汉分行营管部"] });
    expect(task(plan, "一.2").responsible).toEqual(["市经信局", "武汉经开区管委会"]);
    expect(task(plan, "一.4").responsible).toEqual(["市经信局", "东湖高新区管委会", "汉阳区人民政府"]);
    expect(task(plan, "一.3").responsible).toContain("武汉供电公司");
    for (const t of plan.sections.flatMap((s) => s.tasks)) {
      expect(t.lead.length + t.responsible.length, t.id).toBeGreaterThan(0);
      // The unit bracket is not part of the task text.
      expect(t.text, t.id).not.toMatch(/责任单位|牵头单位/);
    }
    // (BIM) is not a unit list: it stays in the text.
    expect(task(plan, "三.3").text).toContain("建筑信息化模型(BIM)应用");
  });

  it("expands 各区人民政府〈含开发区管委会,下同〉 to the districts and zones, one unit per body", () => {
    expect(plan.unitGroups.map((g) => g.name)).toEqual(["各区人民政府"]);
    const members = plan.unitGroups[0]?.members ?? [];
    expect([...members].sort()).toEqual(
      [
        "武汉经开区管委会",
        "东湖高新区管委会",
        "临空港开发区管委会",
        ...["江岸", "江汉", "硚口", "汉阳", "武昌", "青山", "洪山", "蔡甸", "江夏", "黄陂", "新洲"].map(
          (d) => `${d}区人民政府`,
        ),
      ].sort(),
    );
    const names = plan.units.map((u) => u.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("汉南区人民政府");
    expect(names).not.toContain("东西湖区人民政府");
    expect(unit(plan, "武汉经开区管委会").aliases).toEqual(
      expect.arrayContaining(["汉南区人民政府", "汉南区", "武汉经开区"]),
    );
    expect(unit(plan, "临空港开发区管委会").aliases).toEqual(
      expect.arrayContaining(["东西湖区人民政府", "东西湖区"]),
    );
    expect(unit(plan, "江岸区人民政府")).toMatchObject({ group: "各区人民政府" });
    expect(unit(plan, "市经信局")).toMatchObject({ group: null });
  });

  it("gives every unit short names people can type, never the same short name to two units", () => {
    expect(unit(plan, "市经信局").aliases).toContain("经信局");
    expect(unit(plan, "江岸区人民政府").aliases).toContain("江岸区");
    expect(unit(plan, "市委网信办").aliases).toContain("网信办");
    const all = plan.units.flatMap((u) => u.aliases);
    expect(new Set(all).size).toBe(all.length);
    const names = new Set([...plan.units.map((u) => u.name), ...plan.unitGroups.map((g) => g.name)]);
    for (const u of plan.units) {
      expect(u.aliases.length, u.name).toBeGreaterThan(0);
      for (const a of u.aliases) expect(names.has(a), a).toBe(false);
    }
    expect(plan.unitGroups[0]?.aliases).toContain("各区");
  });

  it("reads the task targets and nothing from numbers that are not targets (5G, IPv6, 二期, 十四五)", () => {
    const all = plan.sections.flatMap((s) =>
      s.tasks.flatMap((t) => t.indicators.map((i) => ({ id: t.id, ...i }))),
    );
    expect(all.map((i) => [i.id, i.name, i.target, i.unit, i.comparator])).toEqual([
      ["一.1", "数据中心机架", 40000, "个", "="],
      ["三.2", "工业技改项目", 500, "个", "="],
      ["三.2", "标杆智能工厂", 10, "家", "="],
      ["三.2", "数字化生产线", 100, "条", "="],
      ["三.2", "工业互联网平台", 5, "个", ">="],
    ]);
    expect(plan.sections.flatMap((s) => s.tasks.flatMap((t) => t.deadlines))).toEqual([]);
  });

  it("reads the three phases with their dates and milestones", () => {
    expect(plan.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ["动员部署阶段", null, "2022-03-31"],
      ["办理落实阶段", "2022-04-01", "2022-10-31"],
      ["督促检查阶段", "2022-11-01", "2022-11-30"],
    ]);
    const [mobilise, implement, inspect] = plan.phases;
    expect(mobilise?.milestones).toEqual([
      {
        text: "各承办单位结合职责制订具体工作方案",
        due: "2022-03-31",
        unitsMustSubmit: true,
        collectionKind: "filing",
      },
    ]);
    expect(implement?.milestones.map((m) => [m.due, m.unitsMustSubmit, m.collectionKind])).toEqual([
      ["2022-06-30", true, "half_year"],
      ["2022-08-31", false, null],
    ]);
    expect(implement?.milestones[0]?.text).toContain("半年工作小结");
    expect(implement?.milestones[1]?.text).toContain("向市人大常委会专题汇报");
    expect(inspect?.milestones.map((m) => [m.due, m.unitsMustSubmit, m.collectionKind])).toEqual([
      ["2022-11-30", false, null],
      ["2022-11-30", true, "annual"],
      ["2022-11-30", false, null],
    ]);
    expect(inspect?.milestones.map((m) => m.text)).toEqual([
      "市人民政府分管副市长带队检查1号议案办理工作情况",
      "做好1号议案办理工作总结",
      "接受市人大常委会满意度测评",
    ]);
  });

  it("reads the rhythm, the liaison rule and where the office sits", () => {
    expect(plan.rhythm).toEqual([
      { kind: "monthly_dispatch", text: "月调度" },
      { kind: "quarterly_bulletin", text: "季通报" },
      { kind: "half_year_check", text: "半年检查" },
      { kind: "annual_summary", text: "全年总结" },
    ]);
    expect(plan.liaisonsPerUnit).toBe(1);
    expect(plan.officeUnit).toBe("市经信局");
  });

  it("reads the roster of 48 with roles, titles and catalog units, layout artefacts repaired", () => {
    expect(plan.roster).toHaveLength(48);
    const roles = plan.roster.map((r) => r.role);
    expect([
      roles.filter((r) => r === "leader").length,
      roles.filter((r) => r === "deputy_leader").length,
    ]).toEqual([1, 2]);
    expect(person(plan, "党蓁")).toMatchObject({ role: "leader", title: "市人民政府副市长" });
    expect(person(plan, "杨相卫")).toMatchObject({ role: "deputy_leader", unit: "市经信局" });
    expect(person(plan, "张海涛")).toMatchObject({ role: "member", unit: "市委组织部" });
    expect(person(plan, "夏伟")).toMatchObject({ title: "市财政局副局长", unit: "市财政局" });
    expect(person(plan, "刘炜")).toMatchObject({ title: "市地方金融局副局长", unit: "市地方金融局" });
    expect(person(plan, "周才志").unit).toBe("市城建局");
    expect(person(plan, "王清梅").unit).toBe("青山区人民政府");
    expect(person(plan, "刘茂华")).toMatchObject({
      unit: "武汉经开区管委会",
      posts: [
        { title: "武汉经开区管委会工委委员", unit: "武汉经开区管委会" },
        { title: "汉南区委常委、区人民政府党组成员", unit: "武汉经开区管委会" },
      ],
    });
    expect(person(plan, "皮惠兰")).toMatchObject({
      unit: "临空港开发区管委会",
      posts: [
        { title: "临空港开发区管委会工委委员、副主任", unit: "临空港开发区管委会" },
        { title: "东西湖区委常委、区人民政府副区长", unit: "临空港开发区管委会" },
      ],
    });
    const catalog = new Set(plan.units.map((u) => u.name));
    const outside = plan.roster.filter((r) => !catalog.has(r.unit)).map((r) => [r.name, r.unit]);
    expect(outside).toEqual([
      ["党蓁", "市人民政府"],
      ["姚晴", "市人民政府办公厅"],
    ]);
  });

  it("ignores page furniture", () => {
    const text = allStrings(plan).join("\n");
    expect(text).not.toContain("扫一扫");
    expect(text).not.toContain("微信公众号");
  });
});
