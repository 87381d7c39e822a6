import { formatAmount, formatTarget } from "../domain/progress";
import { roundKindLabels, roundRhythm } from "../domain/rounds";
import { reportStatuses, reportStatusLabels } from "../domain/states";
import { formatDue, formatShort } from "../domain/time";
import { md, type RichText } from "../kernel/messages";
import { excerpt, summaryFormCard, type TaskFormData, taskFormCard, trusted } from "./cards";
import {
  fieldLabels,
  indicatorField,
  PROBLEMS_MAX,
  PROGRESS_MAX,
  type ReportContent,
  SUMMARY_MAX,
} from "./domain/form";
import { asComparator } from "./pace";
import type { IndicatorRef, RequestDetail } from "./ports";
import { overviewValue, submitValue } from "./values";

/** A number as an input's default value: plain digits, which parseAmount reads back exactly. */
function inputNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** "4万个", "5个以上": the target as the plan writes it (src/domain/progress.ts formatTarget). */
export function targetText(ind: IndicatorRef): string {
  return formatTarget(ind.target, asComparator(ind.comparator), ind.unit);
}

/** Whether this request's unit reports the task's indicator figures (see assignments.figureOwner). */
export function reportsFigures(d: RequestDetail): boolean {
  return d.indicators.length > 0 && (d.figureOwnerUnitId === null || d.figureOwnerUnitId === d.unitId);
}

/** Values the form shows: what the liaison typed (after a confirm question), else the last reported ones. */
export interface FormPrefill {
  content?: ReportContent;
  /** Raw strings typed into indicator fields (kept as typed when the form comes back). */
  typed?: Record<string, unknown>;
  lastValues: Record<string, number>;
}

/** The task form (月调度) replacing the overview in place; 返回 goes back to the overview page. */
export function buildTaskForm(
  d: RequestDetail,
  tz: string,
  page: number,
  prefill: FormPrefill,
  confirm?: { warning: RichText },
) {
  const latest = d.latest;
  const content = prefill.content;
  const seen = latest?.revision ?? 0;
  const figures = reportsFigures(d);
  const indicators = figures
    ? d.indicators.map((ind) => {
        const field = indicatorField(ind.id);
        const typed = prefill.typed?.[field];
        const last = prefill.lastValues[String(ind.id)];
        return {
          field,
          label: `${ind.name}（累计，目标 ${targetText(ind)}）`,
          placeholder:
            last === undefined
              ? `填写累计数值，单位：${ind.unit || "—"}`
              : `上次 ${formatAmount(last, ind.unit)}${ind.unit}`,
          value: typeof typed === "string" ? typed : last === undefined ? "" : inputNumber(last),
        };
      })
    : [];
  const data: TaskFormData = {
    title: `填报 · ${d.taskCode ?? ""}`,
    subtitle: `${d.unitName} · ${d.round.title}`,
    color: confirm ? "orange" : "blue",
    task: md`**${d.taskCode ?? ""}** ${excerpt(d.taskText ?? "", 300)}\n**本单位：**${d.unitName}${
      d.role === "lead" ? trusted("（牵头）") : trusted("")
    }  **截止：**${formatDue(d.round.dueAt, tz)}`,
    statusOptions: reportStatuses.map((s) => ({ label: reportStatusLabels[s], value: s })),
    status: content?.status ?? latest?.status ?? "in_progress",
    progress: content?.progress ?? latest?.progress ?? "",
    progressHint: `${roundRhythm(d.round) === "quarter" ? "本季度" : "本月"}主要进展，${PROGRESS_MAX}字以内`,
    progressMax: PROGRESS_MAX,
    indicators,
    problems: content?.problems ?? latest?.problems ?? "",
    problemsMax: PROBLEMS_MAX,
    evidence: content?.evidenceUrl ?? latest?.evidenceUrl ?? "",
    submit: {
      label: confirm ? "确认无误，提交" : latest ? "提交修改" : "提交",
      type: confirm ? "danger" : "primary_filled",
      value: submitValue(d.planId, d.id, seen, page, Boolean(confirm)),
    },
    back: { label: "返回", type: "text", value: overviewValue(d.planId, d.roundId, d.unitId, page) },
  };
  if (latest)
    data.previous = md`已报送第${latest.revision}版（${formatShort(latest.submittedAt, tz)}），再次提交将保存为新版本。`;
  if (confirm) data.warning = confirm.warning;
  if (!figures && d.indicators.length > 0)
    data.figuresNote = md`本任务指标（${d.indicators.map((i) => `${i.name} ${targetText(i)}`).join("、")}）由牵头单位统一填报，本单位只需填写进展。`;
  return taskFormCard(data);
}

/** The summary form (备案, 半年小结, 全年总结): a document link and a summary. */
export function buildSummaryForm(d: RequestDetail, tz: string, page: number) {
  const latest = d.latest;
  const kind = roundKindLabels[d.round.kind];
  const intro = md`**${d.unitName}** · ${d.round.title}\n**截止：**${formatDue(d.round.dueAt, tz)}\n请上传${kind}文档并填写内容摘要。`;
  return summaryFormCard({
    title: `填报 · ${kind}`,
    subtitle: `${d.unitName} · ${d.round.title}`,
    color: "blue",
    intro,
    ...(latest
      ? {
          previous: md`已报送第${latest.revision}版（${formatShort(latest.submittedAt, tz)}），再次提交将保存为新版本。`,
        }
      : {}),
    documentLabel: `${fieldLabels.document}（必填）`,
    document: latest?.documentUrl ?? "",
    summaryLabel: `${fieldLabels.summary}（必填，${SUMMARY_MAX}字以内）`,
    summary: latest?.progress ?? "",
    summaryMax: SUMMARY_MAX,
    submit: {
      label: latest ? "提交修改" : "提交",
      type: "primary_filled",
      value: submitValue(d.planId, d.id, latest?.revision ?? 0, page, false),
    },
    back: { label: "返回", type: "text", value: overviewValue(d.planId, d.roundId, d.unitId, page) },
  });
}
