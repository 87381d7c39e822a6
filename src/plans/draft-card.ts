/**
 * The preview card of a plan sent in the chat: what the importer read, what is new, what it could not place,
 * and (for a plan already loaded) the revision it would apply. Pure; lists are capped to keep the card small.
 */
import type { Plan } from "../domain/plan-format";
import { cnDateOf } from "../domain/time";
import { type CardRef, md, type RichText } from "../kernel/messages";
import { defaultScheduleSettings } from "../schedule/domain/settings";
import { describeDiff, isEmptyDiff, type PlanDiff } from "./revision";

const MAX_LINES = 15;

function capped(lines: string[]): string[] {
  return lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES), `……另有 ${lines.length - MAX_LINES} 条`]
    : lines;
}

/** Untrusted lines under a bold label (the text is escaped when the card is rendered). */
function block(label: string, lines: string[]): RichText {
  const body = lines.length ? capped(lines).join("\n") : "无";
  return md`\n**${label}**\n${body}`;
}

export interface DraftPreview {
  draftId: string;
  planId: string;
  fileName: string;
  plan: Plan;
  /** Unit names the plan names that no loaded plan has: marked 新. */
  newUnits: ReadonlySet<string>;
  /** Why loading would be refused (references, numbering); empty when it can be loaded. */
  problems: string[];
  /** The revision of the loaded plan of the same id or title; null for a new plan. */
  diff: PlanDiff | null;
}

export function draftPreviewCard(p: DraftPreview): CardRef {
  const { plan } = p;
  const tasks = plan.sections.reduce((n, s) => n + s.tasks.length, 0);
  const indicators =
    plan.goals.reduce((n, g) => n + g.indicators.length, 0) +
    plan.sections.reduce((n, s) => n + s.tasks.reduce((m, t) => m + t.indicators.length, 0), 0);
  const head = md`**${plan.title}**\n${plan.issuer}${plan.date ? `　${cnDateOf(plan.date)}` : ""}\n文件：${p.fileName}　方案编号：${p.planId}`;
  const parts: RichText[] = [
    head,
    block(
      `章节 ${plan.sections.length} 个，任务 ${tasks} 项`,
      plan.sections.map((s) => `${s.no}、${s.title}（${s.tasks.length} 项）`),
    ),
    block(
      `承办单位 ${plan.units.length} 个（其中新增 ${plan.units.filter((u) => p.newUnits.has(u.name)).length} 个）`,
      [plan.units.map((u) => (p.newUnits.has(u.name) ? `${u.name}（新）` : u.name)).join("、")].filter(
        Boolean,
      ),
    ),
    block(
      `目标 ${plan.goals.length} 项，指标 ${indicators} 个`,
      plan.goals.map((g, i) => `${i + 1}. ${g.text}`),
    ),
    block(
      `工作阶段 ${plan.phases.length} 个`,
      plan.phases.flatMap((ph) => [
        `${ph.name}（${ph.start ? `${cnDateOf(ph.start)}至` : "至"}${cnDateOf(ph.end)}）`,
        ...ph.milestones.map((m) => `　节点：${cnDateOf(m.due)} ${m.text}`),
      ]),
    ),
    block("工作节奏", [rhythmLine(plan.rhythm)]),
  ];
  if (p.diff)
    parts.push(
      block(
        "与已导入方案相比",
        isEmptyDiff(p.diff) ? ["内容相同，导入不会改变任何任务"] : describeDiff(p.diff),
      ),
    );
  if (p.problems.length) parts.push(block("无法导入的原因", p.problems));
  const warnings = (plan.warnings ?? []).map((w) => `${w.where ?? `第${w.line}行`}：${w.message}`);
  parts.push(block(`未能识别的内容 ${warnings.length} 处`, warnings));
  const value = (decision: "apply" | "cancel") => ({
    action: "plan_draft",
    draftId: p.draftId,
    decision,
    ...(p.diff ? { planId: p.planId } : {}),
  });
  return {
    template: "plan-draft",
    data: {
      title: p.diff ? "工作方案修订预览" : "工作方案导入预览",
      body: { rich: parts.flatMap((x) => x.rich) },
      applyValue: value("apply"),
      cancelValue: value("cancel"),
      note: "核对无误后点击「导入」；点击前不会改动任何已导入的内容。",
    },
  };
}

const RHYTHM_LABEL = {
  monthly_dispatch: "月调度",
  quarterly_dispatch: "季度调度",
  quarterly_bulletin: "季通报",
  half_year_check: "半年检查",
  annual_summary: "全年总结",
} as const;

/** 月调度（每月5日前报送）、季通报 …; a plan that states none is scheduled monthly on the default day. */
function rhythmLine(rhythm: Plan["rhythm"]): string {
  if (rhythm.length === 0)
    return `方案未写明，按月调度安排（每月${defaultScheduleSettings.monthly.dueDay}日前报送，可在调度设置中修改）`;
  return rhythm
    .map((r) => {
      if (r.day) return `${RHYTHM_LABEL[r.kind]}（每月${r.day}日前报送）`;
      return r.kind === "quarterly_dispatch"
        ? `${RHYTHM_LABEL[r.kind]}（每季度末报送）`
        : RHYTHM_LABEL[r.kind];
    })
    .join("、");
}

/** The card shown in place of the preview once the office decided. */
export function draftClosedCard(title: string, body: RichText, color: "green" | "grey"): CardRef {
  return { template: "notice", data: { title, color, body } };
}
