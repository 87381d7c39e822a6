import { describe, expect, it } from "vitest";
import { renderCard } from "../../src/feishu/cards";
import { type GlanceGoal, glanceCard, lightsBySection } from "../../src/status/cards/glance-card";

/** The leaders' /status card as built: goal rows, lights per section, and two valid VChart specs. */

const goals: GlanceGoal[] = [
  {
    name: "数字经济核心产业增加值占GDP的比重",
    target: "9%左右",
    value: "8.2%",
    asOf: "2022年6月30日",
    reachedPct: 91.1,
    elapsedPct: 49.6,
    state: "快于时序进度",
    flagged: false,
  },
  {
    name: "数字经济领域重大项目",
    target: "20个以上",
    value: "6个",
    asOf: "2022年6月30日",
    reachedPct: 30,
    elapsedPct: 49.6,
    state: "滞后于时序进度",
    flagged: true,
  },
  ...["数字经济产业园", "数字经济应用场景"].map((name) => ({
    name,
    target: "5个以上",
    value: "—",
    asOf: null,
    reachedPct: null,
    elapsedPct: 49.6,
    state: "未报送",
    flagged: false,
  })),
];

const sections = lightsBySection([
  { code: "一.1", sectionTitle: "夯实数字新基建", light: "yellow" },
  { code: "一.2", sectionTitle: "夯实数字新基建", light: "green" },
  { code: "二.1", sectionTitle: "做大做强数字经济核心产业", light: "red" },
  { code: "二.2", sectionTitle: "做大做强数字经济核心产业", light: "green" },
  { code: "二.3", sectionTitle: "做大做强数字经济核心产业", light: null },
]);

type Element = { tag?: string; content?: string; chart_spec?: Record<string, unknown> };

function elements(card: ReturnType<typeof glanceCard>): Element[] {
  return ((renderCard(card).body as { elements: Element[] }).elements ?? []) as Element[];
}

/** A bar spec Feishu can draw: a type, data values, and every field it names present in each value. */
function expectValidBarSpec(spec: Record<string, unknown> | undefined) {
  expect(spec?.type).toBe("bar");
  const values = (spec?.data as { values?: Record<string, unknown>[] } | undefined)?.values ?? [];
  expect(values.length).toBeGreaterThan(0);
  const fields = [spec?.xField, spec?.yField, spec?.seriesField].flat().filter(Boolean) as string[];
  for (const v of values) for (const f of fields) expect(v, f).toHaveProperty(f);
  // JSON only: the chart component takes no functions.
  expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
}

describe("the leaders' /status card", () => {
  const card = glanceCard({
    planName: "1号议案",
    periodLabel: "2022年6月",
    goals,
    sections,
    overviewValue: { action: "status_page", view: "overview", roundId: 3, page: 1 },
  });
  const els = elements(card);
  // As read: the card escapes the plan's text (8&#46;2%), Feishu shows it as typed.
  const text = els
    .map((e) => e.content ?? "")
    .join("\n")
    .replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)));

  it("counts tasks by light per section in the plan's order", () => {
    expect(sections).toEqual([
      { no: "一", title: "夯实数字新基建", lights: { green: 1, yellow: 1, red: 0 } },
      { no: "二", title: "做大做强数字经济核心产业", lights: { green: 1, yellow: 0, red: 1 } },
    ]);
    expect(text).toContain(
      "**任务灯色** <font color='green'>绿2</font> <font color='orange'>黄1</font> <font color='red'>红1</font>",
    );
    expect(text).toContain(
      "一、夯实数字新基建 <font color='green'>绿1</font> <font color='orange'>黄1</font> <font color='red'>红0</font>",
    );
    expect(text).toContain("二、做大做强数字经济核心… <font color='green'>绿1</font>");
  });

  it("shows each goal's latest value against its target, flagged ones in red", () => {
    expect(text).toContain("目标指标（4项）");
    expect(text).toContain(
      "1. 数字经济核心产业增加值占GD… 目标9%左右 · 当前8.2%（6月30日） · <font color='green'>完成91.1%/时序49.6%</font>",
    );
    expect(text).toContain(
      "2. 数字经济领域重大项目 目标20个以上 · 当前6个（6月30日） · <font color='red'>完成30%/时序49.6%</font>",
    );
    expect(text).toContain("3. 数字经济产业园 目标5个以上 · 当前—");
  });

  it("charts both with the card's chart component, one phone screen", () => {
    const charts = els.filter((e) => e.tag === "chart");
    expect(charts).toHaveLength(2);
    for (const c of charts) expectValidBarSpec(c.chart_spec);
    const [goalsChart, lightsChart] = charts.map((c) => c.chart_spec ?? {});
    expect((goalsChart?.data as { values: unknown[] } | undefined)?.values).toHaveLength(8);
    expect(lightsChart?.direction).toBe("horizontal");
    expect(lightsChart?.stack).toBe(true);
    expect((lightsChart?.data as { values: unknown[] } | undefined)?.values).toContainEqual({
      section: "二、做大做强数字…",
      light: "红",
      count: 1,
    });
    expect(els.length).toBeLessThanOrEqual(7);
    expect(JSON.stringify(renderCard(card)).length).toBeLessThan(8_000);
  });

  it("without goals or tasks, says so and draws no chart", () => {
    const empty = elements(
      glanceCard({ planName: "x", periodLabel: "2022年6月", goals: [], sections: [], overviewValue: null }),
    );
    expect(empty.filter((e) => e.tag === "chart")).toEqual([]);
    expect(empty.map((e) => e.content ?? "").join()).toContain("本方案未列目标指标。");
  });
});
