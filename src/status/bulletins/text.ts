import { LIGHT_LEGEND } from "../../domain/lights";
import { planWorkName } from "../../domain/plan-names";
import { formatPct } from "../../domain/progress";
import { roundKindLabels } from "../../domain/rounds";
import { taskHeadline } from "../../domain/states";
import { formatCnDate, localDay } from "../../domain/time";
import { joinRich, md, type RichText } from "../../kernel/messages";
import type { BulletinData } from "../ports";
import { CN_NO, coordParagraphs, problemParagraphs, requirements } from "./closing";
import { type BulletinDraft, type BulletinSection, lit } from "./draft";
import { type BulletinFacts, bulletinFacts } from "./facts";
import { indicatorSentence, laggingLine, taskProgress } from "./sentences";

const n = (x: number) => lit(String(x));

export interface ComposeOptions {
  /** Points an indicator may lag time progress before it is called 滞后; the plan's setting wins. Default 5. */
  tolerance?: number;
}

/**
 * Composes a bulletin (通报) in the register of a government office's notice: 总体情况 (counts, lights, the
 * goal indicators), 主要进展 (by the plan's own sections, what the lead unit reported, indicator values against
 * targets), 存在问题 (lagging tasks, units overdue among those asked, problems to coordinate), 下步工作要求.
 * Units without a liaison were never asked: they are not counted, only listed for the office in the summary.
 * Plan and user text stays untrusted (escaped in cards).
 */
export function composeBulletin(data: BulletinData, opts: ComposeOptions = {}): BulletinDraft {
  const tz = data.plan.timezone;
  const work = planWorkName(data.plan.title);
  const f = bulletinFacts(data, opts);
  const flagged = f.lights.red + f.lights.yellow;

  const sections: Array<Omit<BulletinSection, "no">> = [
    { heading: "总体情况", trimmable: false, paragraphs: overall(data, f) },
    { heading: "主要进展", trimmable: true, paragraphs: progress(f) },
    { heading: "存在问题", trimmable: true, paragraphs: issues(data, f) },
    {
      heading: "下步工作要求",
      trimmable: false,
      paragraphs: requirements({
        unitsBehindOnReports: f.overdueUnits.length + f.lateUnits.length,
        flagged,
        problems: data.problems.length,
      }),
    },
  ];
  const lagging = (light: "red" | "yellow") =>
    f.tasks.filter((t) => t.light === light).map((t) => `${t.code} ${taskHeadline(t.text, 16)}`);

  return {
    title: `${work}${data.period.label}通报`,
    addressee: "各成员单位：",
    preamble: md`为及时掌握${work}进展情况，根据《${data.plan.title}》关于建立定期通报制度的要求，现将${lit(
      data.period.label,
    )}办理工作情况通报如下。`,
    sections: sections.map((s, i) => ({ ...s, no: CN_NO[i] ?? String(i + 1) })),
    issuer: `${work}领导小组办公室`,
    date: formatCnDate(data.now, tz),
    summary: {
      periodLabel: data.period.label,
      onTimeRatePct: f.ratePct,
      overdueUnits: f.overdueUnits.length,
      flaggedTasks: flagged,
      flaggedIndicators: [...f.goals, ...f.tasks.flatMap((t) => t.indicators)].filter(
        (i) => i.progress.flagged,
      ).length,
      problems: data.problems.length,
      lights: f.lights,
      redTasks: lagging("red"),
      yellowTasks: lagging("yellow"),
      unmapped: f.unmapped,
    },
  };
}

function overall(data: BulletinData, f: BulletinFacts): RichText[] {
  if (data.rounds.length === 0) return [lit("本期未组织工作进展报送。")];
  const kinds = new Map<string, number>();
  for (const r of data.rounds)
    kinds.set(roundKindLabels[r.kind], (kinds.get(roundKindLabels[r.kind]) ?? 0) + 1);
  const roundText = [...kinds].map(([k, c]) => `${k}${c}次`).join("、");
  const reported = f.units.reduce((a, u) => a + u.reported, 0);
  const late = f.units.reduce((a, u) => a + u.late, 0);
  const overdue = f.units.reduce((a, u) => a + u.overdue, 0);
  const rate = f.ratePct === null ? "" : `，按时报送率${formatPct(f.ratePct)}`;
  const out = [
    lit(
      `本期共组织${roundText}，${f.units.length}家成员单位应报送${f.due}项次，实际报送${reported}项次，` +
        `其中按时报送${f.onTime}项次、迟报${late}项次、逾期未报送${overdue}项次${rate}。`,
    ),
  ];
  const lit3 = f.lights.green + f.lights.yellow + f.lights.red;
  if (lit3 > 0)
    out.push(
      lit(
        `纳入调度的${lit3}项任务中，绿灯${f.lights.green}项、黄灯${f.lights.yellow}项、红灯${f.lights.red}项（${LIGHT_LEGEND}）。`,
      ),
    );
  if (f.goals.length > 0) {
    out.push(lit("主要目标指标完成情况："));
    f.goals.forEach((g, k) => {
      out.push(md`${lit(`${k + 1}.`)}${indicatorSentence(g, f.asOf, f.tolerance, { withElapsed: true })}`);
    });
  }
  return out;
}

/** 主要进展, section by section of the plan: each reported task in one or two sentences. */
function progress(f: BulletinFacts): RichText[] {
  const reported = f.tasks.filter((t) => t.source || t.indicators.some((i) => i.progress.value !== null));
  if (reported.length === 0) return [lit("本期各成员单位暂未报送任务进展。")];
  const out: RichText[] = [];
  const sections = [...new Set(reported.map((t) => t.sectionTitle))];
  sections.forEach((title, k) => {
    out.push(md`${lit(`（${CN_NO[k] ?? k + 1}）`)}${title}`);
    for (const t of reported.filter((x) => x.sectionTitle === title))
      out.push(taskProgress(t, f.asOf, f.tolerance));
  });
  return out;
}

/** 存在问题: lagging tasks by light, units overdue among those asked, the problems units raised, then
 * where the coordination items stand. */
function issues(data: BulletinData, f: BulletinFacts): RichText[] {
  const out: RichText[] = [];
  const lagging = [
    ...f.tasks.filter((t) => t.light === "red"),
    ...f.tasks.filter((t) => t.light === "yellow"),
  ];
  if (lagging.length > 0) {
    out.push(lit(`${lagging.length}项任务需重点关注：`));
    for (const t of lagging) out.push(laggingLine(t, f.tolerance));
  }
  if (f.overdueUnits.length > 0) {
    const sorted = [...f.overdueUnits].sort((a, b) => b.overdue - a.overdue || a.ordinal - b.ordinal);
    const list = joinRich(
      sorted.map((u) => md`${u.unitName}（${n(u.overdue)}项次）`),
      "、",
    );
    out.push(md`截至${lit(formatCnDate(data.now, data.plan.timezone))}，以下单位逾期未报送：${list}。`);
  }
  if (f.lateUnits.length > 0) {
    const list = joinRich(
      f.lateUnits.map((u) => md`${u.unitName}（迟报${n(u.late)}项次）`),
      "、",
    );
    out.push(md`以下单位未在规定时限内报送：${list}。`);
  }
  if (data.problems.length > 0) out.push(...problemParagraphs(data.problems));
  out.push(...coordParagraphs(data.coordItems, localDay(data.now, data.plan.timezone)));
  if (out.length === 0)
    return [lit("本期各项任务按时序推进，各成员单位均按时报送，未提出需协调解决的问题。")];
  return out;
}
