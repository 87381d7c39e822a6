import type { Light } from "../../domain/lights";
import { formatPct } from "../../domain/progress";
import { type CardRef, joinRich, md, plain, type RichText } from "../../kernel/messages";
import type { TaskFact } from "../bulletins/facts";

/**
 * /status for the leading group (组长/副组长) and the office: one phone screen. The plan's goal indicators
 * (latest value against target, share reached against time elapsed), the tasks by status light per section of
 * the plan, and two charts of the same (the card's `chart` component, a VChart spec): the lights stacked per
 * section, and each goal's share reached beside time elapsed. A button opens the units' reporting overview.
 */

export interface GlanceGoal {
  name: string;
  /** "9%左右", "20个以上" … as goalLine words them. */
  target: string;
  value: string;
  asOf: string | null;
  reachedPct: number | null;
  elapsedPct: number;
  state: string;
  flagged: boolean;
}

export interface GlanceSection {
  /** The plan's numeral ("一") and title. */
  no: string;
  title: string;
  lights: Record<Light, number>;
}

export interface GlanceInput {
  planName: string;
  /** What the lights are judged over: "2022年6月" … */
  periodLabel: string;
  goals: readonly GlanceGoal[];
  sections: readonly GlanceSection[];
  /** The 各单位报送情况 button's value ({action: "status_page", view: "overview", …}); null without a round. */
  overviewValue: Record<string, unknown> | null;
}

const lit = (s: string): RichText => ({ rich: [s] });
const LIGHTS: Light[] = ["green", "yellow", "red"];
const LIGHT_NAME: Record<Light, string> = { green: "绿", yellow: "黄", red: "红" };
const LIGHT_COLOR: Record<Light, string> = { green: "#34C724", yellow: "#FFC60A", red: "#F54A45" };
const FONT: Record<Light, string> = { green: "green", yellow: "orange", red: "red" };
const GOAL_NAME_MAX = 14;
const SECTION_TITLE_MAX = 10;

const short = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** Tasks by light per section, in the plan's order (the numeral of each task's code). */
export function lightsBySection(tasks: readonly Pick<TaskFact, "code" | "sectionTitle" | "light">[]) {
  const out: GlanceSection[] = [];
  for (const t of tasks) {
    const no = t.code.split(".")[0] ?? "";
    let s = out.find((x) => x.no === no);
    if (!s) {
      s = { no, title: t.sectionTitle, lights: { green: 0, yellow: 0, red: 0 } };
      out.push(s);
    }
    if (t.light) s.lights[t.light] += 1;
  }
  return out;
}

/** VChart: the lights stacked per section, horizontal bars, the three colours of the legend. */
export function lightsChartSpec(sections: readonly GlanceSection[]) {
  return {
    type: "bar",
    direction: "horizontal",
    title: { visible: true, text: "各部分任务灯色（项）" },
    data: {
      values: sections.flatMap((s) =>
        LIGHTS.map((l) => ({
          section: `${s.no}、${short(s.title, 6)}`,
          light: LIGHT_NAME[l],
          count: s.lights[l],
        })),
      ),
    },
    xField: "count",
    yField: "section",
    seriesField: "light",
    stack: true,
    color: {
      type: "ordinal",
      domain: LIGHTS.map((l) => LIGHT_NAME[l]),
      range: LIGHTS.map((l) => LIGHT_COLOR[l]),
    },
    legends: { visible: true, orient: "bottom" },
  };
}

/** VChart: per goal, the share of its target reached beside the share of the year elapsed (percent). */
export function goalsChartSpec(goals: readonly GlanceGoal[]) {
  return {
    type: "bar",
    title: { visible: true, text: "目标指标完成率与时序进度（%）" },
    data: {
      values: goals.flatMap((g, i) => [
        { goal: `指标${i + 1}`, kind: "完成率", pct: Math.round((g.reachedPct ?? 0) * 10) / 10 },
        { goal: `指标${i + 1}`, kind: "时序进度", pct: Math.round(g.elapsedPct * 10) / 10 },
      ]),
    },
    xField: ["goal", "kind"],
    yField: "pct",
    seriesField: "kind",
    legends: { visible: true, orient: "bottom" },
  };
}

export function glanceCard(g: GlanceInput): CardRef {
  const goalLines = g.goals.map((x, i) => {
    const reached = x.reachedPct === null ? "—" : formatPct(x.reachedPct);
    const asOf = x.asOf ? `（${x.asOf.replace(/^\d{4}年/, "")}）` : "";
    const color = x.flagged ? "red" : x.value === "—" ? "grey" : "green";
    return md`${lit(`${i + 1}. `)}${short(x.name, GOAL_NAME_MAX)} ${lit(`目标`)}${x.target} · ${lit(
      `当前`,
    )}${x.value}${lit(`${asOf} · <font color='${color}'>完成${reached}/时序${formatPct(x.elapsedPct)}</font>`)}`;
  });
  const total = { green: 0, yellow: 0, red: 0 };
  for (const s of g.sections) for (const l of LIGHTS) total[l] += s.lights[l];
  const counts = (c: Record<Light, number>) =>
    LIGHTS.map((l) => `<font color='${FONT[l]}'>${LIGHT_NAME[l]}${c[l]}</font>`).join(" ");
  const sectionLines = g.sections.map(
    (s) => md`${lit(`${s.no}、`)}${short(s.title, SECTION_TITLE_MAX)} ${lit(counts(s.lights))}`,
  );
  const worst = total.red > 0 ? "red" : total.yellow > 0 ? "orange" : "green";
  return {
    template: "status-glance",
    data: {
      title: plain(g.planName),
      subtitle: `领导视图 · ${g.periodLabel}`,
      color: worst,
      goals: joinRich(
        [
          lit(`**目标指标（${g.goals.length}项）**`),
          ...(goalLines.length > 0 ? goalLines : [lit("本方案未列目标指标。")]),
        ],
        "\n",
      ),
      lights: joinRich([lit(`**任务灯色** ${counts(total)}`), ...sectionLines], "\n"),
      goalsChart: g.goals.length > 0 ? goalsChartSpec(g.goals) : null,
      lightsChart: g.sections.length > 0 ? lightsChartSpec(g.sections) : null,
      overview: g.overviewValue,
      note: "绿：按时序进度推进；黄：滞后或有待协调问题；红：逾期未报、受阻或严重滞后。「/status 任务编号」查看单项。",
    },
  };
}
