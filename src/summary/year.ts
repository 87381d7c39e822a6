import type { ItemView } from "../coordination/ports";
import { itemRecord, itemRecordColumns } from "../coordination/record";
import type { OfficialDocument } from "../documents/official";
import { elapsedShare } from "../domain/progress";
import { type SelfcheckTally, selfcheckCountsText, verdictText } from "../domain/selfcheck";
import { cnDateOf } from "../domain/time";
import { type GoalRow, goalLine, goalWindow } from "../goals/goals";
import type { MilestoneRow } from "../milestones/ports";
import { annualAnnex } from "./annual";
import type { AnnualReport, PlanResult, SectionAchievement, UnitRecord } from "./ports";

/**
 * The year's work summary (全年工作总结) as a 公文 model, pure: the goals' final values against targets, the
 * achievements per section from the lead units' reports, the office's milestones, coordination items and
 * delegates' suggestions handled and open, and each unit's reporting record. A draft: the office edits it.
 */

export interface YearData {
  planTitle: string;
  year: string;
  issuer: string;
  planDate: string | null;
  goals: GoalRow[];
  achievements: SectionAchievement[];
  milestones: MilestoneRow[];
  items: ItemView[];
  units: UnitRecord[];
  /** The 自评 round's tally, when one was opened. */
  selfcheck?: SelfcheckTally | undefined;
  /** The 满意度测评 result the office recorded. */
  result?: PlanResult | undefined;
  /** The units asked in the 全年总结 round and their own summaries; printed as the last annex when a round was opened. */
  annual?: AnnualReport[] | undefined;
}

const MAX_PROGRESS = 300;

export function yearSummaryDocument(d: YearData, now: Date, tz: string): OfficialDocument {
  const elapsed = elapsedShare(goalWindow(d.planDate, now), now, tz);
  const goals = d.goals.map((g) => ({ g, l: goalLine(g, elapsed) }));
  const met = goals.filter((x) => x.l.state === "已达到目标").length;
  const coord = d.items.filter((i) => i.kind === "coord");
  const suggestions = d.items.filter((i) => i.kind === "suggestion");
  const closed = (xs: ItemView[]) => xs.filter((i) => i.state === "closed").length;
  const doneMilestones = d.milestones.filter((m) => m.doneOn !== null).length;
  // The items' full record goes to the annexes (协调事项, then 代表意见建议), numbered as they are printed.
  const annexes = [
    { xs: coord, title: "协调事项办理情况表", kind: "coord" as const },
    { xs: suggestions, title: "市人大代表意见建议办理情况表", kind: "suggestion" as const },
  ].filter((a) => a.xs.length > 0);
  const annual = d.annual ?? [];
  const annualNo = annexes.length + 1;
  const annexRef = annexes.length > 0 ? `（详见${annexes.map((_, k) => `附件${k + 1}`).join("、")}）` : "";
  return {
    issuer: d.issuer,
    marking: "草稿",
    title: `关于${d.planTitle}${d.year}年工作情况的总结`,
    recipients: "市人大常委会",
    opening: [
      `按照工作方案“月调度、季通报、半年检查、全年总结”的要求，现将${d.year}年办理工作情况总结如下。`,
    ],
    sections: [
      {
        heading: "目标指标完成情况",
        level: 1,
        paragraphs: [
          goals.length > 0
            ? `工作方案确定的${goals.length}项目标指标中，${met}项已达到目标。`
            : "工作方案未列目标指标。",
          ...goals.map(({ g, l }) => ({
            lead: `${g.name}：`,
            text: `目标${l.target}，截至${g.latest ? cnDateOf(g.latest.asOf) : "目前"}为${l.value}，完成目标的${l.reached}（${l.state}）${g.latest?.source ? `，数据来源：${g.latest.source}` : ""}${g.owner ? `，责任单位：${g.owner.name}` : ""}。`,
          })),
        ],
        tables:
          goals.length > 0
            ? [
                {
                  columns: ["目标指标", "目标值", "完成值", "完成比例", "状态"],
                  rows: goals.map(({ l }) => [l.name, l.target, l.value, l.reached, l.state]),
                  widths: [4, 2, 2, 2, 2],
                },
              ]
            : [],
      },
      {
        heading: "主要工作成效",
        level: 1,
        paragraphs: d.achievements.length > 0 ? [] : ["各牵头单位尚未报送工作进展。"],
      },
      ...d.achievements.map((s) => ({
        heading: s.sectionTitle,
        level: 2 as const,
        paragraphs: s.tasks.map((t) => ({
          lead: `${t.code}（${t.unitName}）`,
          text: t.progress.slice(0, MAX_PROGRESS),
        })),
      })),
      {
        heading: "重要节点完成情况",
        level: 1,
        paragraphs: [
          `领导小组办公室节点${d.milestones.length}项，已完成${doneMilestones}项。`,
          ...d.milestones.map((m) => ({
            lead: `${m.text}：`,
            text: m.doneOn
              ? `已于${cnDateOf(m.doneOn)}完成${m.note ? `，${m.note}` : ""}。`
              : `应于${cnDateOf(m.due)}前完成，尚未办结。`,
          })),
        ],
      },
      {
        heading: "协调事项和代表意见建议办理情况",
        level: 1,
        paragraphs: [
          `各承办单位提出需协调解决的问题${coord.length}项，已销号${closed(coord)}项，未销号${coord.length - closed(coord)}项；收到市人大代表意见建议${suggestions.length}项，已办结${closed(suggestions)}项，未办结${suggestions.length - closed(suggestions)}项${annexRef}。`,
        ],
      },
      ...selfcheckSections(d.selfcheck, d.result),
      {
        heading: "各单位报送情况",
        level: 1,
        paragraphs: [
          `全年各轮次报送要求共${d.units.reduce((n, u) => n + u.requests, 0)}项。`,
          ...(annual.length > 0
            ? [
                `全年总结应报送单位${annual.length}家，已报送${annual.filter((a) => a.report).length}家（各单位全年工作总结详见附件${annualNo}）。`,
              ]
            : []),
        ],
        tables: [
          {
            columns: ["单位", "应报", "已报", "迟报", "未报"],
            rows: d.units.map((u) => [
              u.unitName,
              String(u.requests),
              String(u.reported),
              String(u.late),
              String(u.requests - u.reported),
            ]),
            widths: [4, 1, 1, 1, 1],
          },
        ],
      },
    ],
    annexes: [
      ...annexes.map((a) => ({
        title: a.title,
        landscape: true,
        tables: [
          {
            columns: itemRecordColumns[a.kind],
            rows: a.xs.map(itemRecord),
            widths: [1, 1.8, 1.4, 4, 1.8, 1.8, 1.6, 4, 1.6, 2.4],
          },
        ],
      })),
      ...(annual.length > 0 ? [annualAnnex(annual, tz)] : []),
    ],
    date: now,
  };
}

/** 任务自评和满意度测评: the 自评 tally (counts and a table) and the recorded 测评结果. */
function selfcheckSections(t: SelfcheckTally | undefined, result: PlanResult | undefined) {
  if (!t && !result) return [];
  const paragraphs: string[] = [];
  if (t)
    paragraphs.push(
      `按照满意度测评准备工作要求，各牵头单位对承担任务开展自评，共${selfcheckCountsText(t)}。`,
    );
  paragraphs.push(result ? `满意度测评结果：${result.text}` : "满意度测评结果待测评后补充。");
  return [
    {
      heading: "任务自评和满意度测评情况",
      level: 1 as const,
      paragraphs,
      tables: t
        ? [
            {
              columns: ["任务编号", "自评单位", "自评结果", "自评说明", "佐证材料"],
              rows: t.rows.map((r) => [
                r.taskCode,
                `${r.unitName}${r.role === "lead" ? "（牵头）" : ""}`,
                verdictText(r.verdict),
                (r.note ?? "").slice(0, MAX_PROGRESS),
                r.evidence ?? "",
              ]),
              widths: [1.2, 2.4, 1.4, 5, 3],
            },
          ]
        : [],
    },
  ];
}
