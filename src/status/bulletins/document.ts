import type { DocSection, OfficialDocument } from "../../documents/official-model";
import { LIGHT_LEGEND, lightFill, lightLabel } from "../../domain/lights";
import { formatAmount, formatPct, formatTarget } from "../../domain/progress";
import { reportStatusLabels } from "../../domain/states";
import { cnDateOf } from "../../domain/time";
import type { BulletinData } from "../ports";
import { type BulletinDraft, richToPlain } from "./draft";
import { type BulletinFacts, bulletinFacts, type TaskFact } from "./facts";
import { judgement } from "./sentences";

/**
 * The bulletin as a 公文 for the document writer: the draft's text as the office worded it (its sub-headings
 * "（一）…" become level-2 headings the writer numbers), an annex of the goals (target, value, share reached,
 * time progress) when the plan has any, and an annex table of every task and unit with its light, drawn from
 * the same facts as the text.
 */

const SUBHEADING = /^（[一二三四五六七八九十]+）([^。；：]{1,40})$/;

function sectionsOf(draft: BulletinDraft): DocSection[] {
  const out: DocSection[] = [];
  for (const s of draft.sections) {
    let current: DocSection = { heading: s.heading, level: 1, paragraphs: [] };
    out.push(current);
    for (const p of s.paragraphs) {
      const text = richToPlain(p);
      const sub = SUBHEADING.exec(text);
      if (sub?.[1]) {
        current = { heading: sub[1], level: 2, paragraphs: [] };
        out.push(current);
      } else current.paragraphs.push(text);
    }
  }
  return out;
}

function unitsCell(t: TaskFact): string {
  const lines = t.units.map((u) => {
    const role = u.role === "lead" ? "（牵头）" : "";
    return `${u.unitName}${role}：${u.status ? reportStatusLabels[u.status] : "未报送"}`;
  });
  for (const name of t.unmapped) lines.push(`${name}：未明确联络员`);
  return lines.join("\n");
}

function indicatorsCell(t: TaskFact): string {
  return t.indicators
    .map((i) => {
      const v =
        i.progress.value === null
          ? "暂无数据"
          : `${formatAmount(i.progress.value, i.unitOfMeasure)}${i.unitOfMeasure}`;
      return `${i.name}：${v}／目标${formatAmount(i.target, i.unitOfMeasure)}${i.unitOfMeasure}`;
    })
    .join("\n");
}

/** Lines of 佐证材料 in a table cell; the rest are counted (the export lists every one). */
const EVIDENCE_CELL_LINES = 6;

function evidenceCell(t: TaskFact): string {
  const lines = t.evidence
    .slice(0, EVIDENCE_CELL_LINES)
    .map((e) => (e.length > 60 ? `${e.slice(0, 59)}…` : e));
  if (t.evidence.length > EVIDENCE_CELL_LINES) lines.push(`等${t.evidence.length}项`);
  return lines.join("\n");
}

/** 主要目标指标完成情况表: each goal's target, latest value and its date, share reached, time progress, state. */
function goalsAnnex(f: BulletinFacts, label: string) {
  if (f.goals.length === 0) return [];
  const rows = f.goals.map((g) => {
    const p = g.progress;
    const value =
      p.value === null
        ? "暂无数据"
        : `${formatAmount(p.value, g.unitOfMeasure)}${g.unitOfMeasure}${g.asOf ? `（截至${cnDateOf(g.asOf)}）` : ""}`;
    return [
      g.name,
      formatTarget(g.target, g.comparator, g.unitOfMeasure),
      value,
      p.reachedPct === null ? "—" : formatPct(p.reachedPct),
      formatPct(p.elapsedPct),
      judgement(p, f.tolerance),
    ];
  });
  return [
    {
      title: `${label}主要目标指标完成情况表`,
      tables: [
        {
          columns: ["目标指标", "目标值", "最新值", "完成比例", "时序进度", "状态"],
          widths: [4, 2, 3, 1.5, 1.5, 3],
          rows,
        },
      ],
    },
  ];
}

export function bulletinDocument(draft: BulletinDraft, data: BulletinData): OfficialDocument {
  const facts = bulletinFacts(data);
  const rows = facts.tasks.map((t) => [
    t.code,
    t.text.length > 80 ? `${t.text.slice(0, 79)}…` : t.text,
    t.leadUnits.join("、"),
    unitsCell(t),
    indicatorsCell(t),
    t.source?.progress ? t.source.progress.slice(0, 200) : "",
    evidenceCell(t),
    t.light ? { text: lightLabel[t.light], fill: lightFill[t.light] } : "—",
  ]);
  return {
    issuer: draft.issuer,
    title: draft.title,
    recipients: draft.addressee.replace(/[：:]$/, ""),
    opening: [richToPlain(draft.preamble)],
    sections: sectionsOf(draft),
    annexes: [
      ...goalsAnnex(facts, data.period.label),
      {
        title: `${data.period.label}重点任务推进情况表`,
        landscape: true,
        tables: [
          {
            columns: [
              "编号",
              "任务",
              "牵头单位",
              "承办单位及报送情况",
              "指标（最新值／目标）",
              "主要进展",
              "佐证材料",
              "状态",
            ],
            widths: [1.1, 4.4, 2, 3.4, 3, 4.4, 2.6, 1],
            rows,
            note: `注：状态标识——${LIGHT_LEGEND}“—”为相关单位尚未明确联络员。`,
          },
        ],
      },
    ],
    date: data.now,
    tz: data.plan.timezone,
  };
}
