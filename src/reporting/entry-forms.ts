import { daysInMonth, formatDay } from "../domain/calendar";
import { formatAmount } from "../domain/progress";
import { roundMonth } from "../domain/rounds";
import { type SelfcheckVerdict, selfcheckLabels, selfcheckVerdicts } from "../domain/states";
import { formatDue, formatShort } from "../domain/time";
import { md } from "../kernel/messages";
import { type EntryFormData, entryFormCard, excerpt, trusted } from "./cards";
import { entryFields, entryLabels, NOTE_MAX, SOURCE_MAX } from "./domain/entry-form";
import { URL_MAX } from "./domain/form";
import { targetText } from "./forms";
import type { RequestDetail } from "./ports";
import { overviewValue, submitValue } from "./values";

/** The two short forms on a unit's card: 目标指标填报 (monthly round) and 自评 (selfcheck round). */

const input = (
  f: Omit<EntryFormData["inputs"][number], "inputType" | "rows"> & { rows?: number },
): EntryFormData["inputs"][number] => ({
  ...f,
  inputType: f.rows ? "multiline_text" : "text",
  rows: f.rows ?? 1,
});

function common(d: RequestDetail, tz: string, page: number) {
  const latest = d.latest;
  return {
    subtitle: `${d.unitName} · ${d.round.title}`,
    color: "blue" as const,
    ...(latest
      ? {
          previous: md`已报送第${latest.revision}版（${formatShort(latest.submittedAt, tz)}），再次提交将保存为新版本。`,
        }
      : {}),
    submit: {
      label: latest ? "提交修改" : "提交",
      type: "primary_filled" as const,
      value: submitValue(d.planId, d.id, latest?.revision ?? 0, page, false),
    },
    back: {
      label: "返回",
      type: "text" as const,
      value: overviewValue(d.planId, d.roundId, d.unitId, page),
    },
    due: formatDue(d.round.dueAt, tz),
  };
}

/** 目标指标填报: the goal's value as the plan counts it, the date it stands at (default: the round's month end), its source. */
export function buildGoalForm(d: RequestDetail, tz: string, page: number) {
  const goal = d.goal;
  if (!goal) throw new Error(`request ${d.id} asks no goal`);
  const c = common(d, tz, page);
  const last = d.latest?.indicatorValues[String(goal.id)];
  const { year, month } = roundMonth(d.round.kind, d.round.period, d.round.dueAt, tz);
  const monthEnd = formatDay(year, month, daysInMonth(year, month));
  const data: EntryFormData = {
    title: "填报 · 目标指标",
    subtitle: c.subtitle,
    color: c.color,
    intro: md`**${goal.name}** 目标 ${targetText(goal)}\n**本单位：**${d.unitName}（目标指标责任单位）  **截止：**${c.due}\n请填写截至月底的累计数值及数据来源。`,
    inputs: [
      input({
        field: entryFields.value,
        label: `${entryLabels.value}（必填，单位：${goal.unit || "—"}）`,
        placeholder: last === undefined ? "累计数值" : `上次 ${formatAmount(last, goal.unit)}${goal.unit}`,
        value: last === undefined ? "" : String(last),
        required: true,
        max: 20,
      }),
      input({
        field: entryFields.asOf,
        label: `${entryLabels.asOf}（必填）`,
        placeholder: "例如 2022-06-30",
        value: monthEnd,
        required: true,
        max: 20,
      }),
      input({
        field: entryFields.source,
        label: `${entryLabels.source}（选填）`,
        placeholder: "统计部门、项目库等",
        value: d.latest?.progress ?? "",
        required: false,
        max: SOURCE_MAX,
      }),
    ],
    submit: c.submit,
    back: c.back,
  };
  if (c.previous) data.previous = c.previous;
  return entryFormCard(data);
}

/** 自评: the lead unit's verdict on its task (完成 / 基本完成 / 未完成), a note and an evidence link. */
export function buildSelfcheckForm(d: RequestDetail, tz: string, page: number) {
  const c = common(d, tz, page);
  const verdict: SelfcheckVerdict = d.latest?.selfcheck ?? "done";
  const data: EntryFormData = {
    title: `自评 · ${d.taskCode ?? ""}`,
    subtitle: c.subtitle,
    color: c.color,
    intro: md`**${d.taskCode ?? ""}** ${excerpt(d.taskText ?? "", 300)}\n**本单位：**${d.unitName}${
      d.role === "lead" ? trusted("（牵头）") : trusted("")
    }  **截止：**${c.due}\n请对本任务全年完成情况作出自评，供满意度测评前汇总。`,
    choice: {
      field: entryFields.verdict,
      label: entryLabels.verdict,
      value: verdict,
      options: selfcheckVerdicts.map((v) => ({ label: selfcheckLabels[v], value: v })),
    },
    inputs: [
      input({
        field: entryFields.note,
        label: `${entryLabels.note}（必填，${NOTE_MAX}字以内）`,
        placeholder: "完成情况、主要成效；未完成的写明原因",
        value: d.latest?.progress ?? "",
        required: true,
        max: NOTE_MAX,
        rows: 4,
      }),
      input({
        field: entryFields.evidence,
        label: `${entryLabels.evidence}（选填）`,
        placeholder: "https://…",
        value: d.latest?.evidenceUrl ?? "",
        required: false,
        max: URL_MAX,
      }),
    ],
    submit: c.submit,
    back: c.back,
  };
  if (c.previous) data.previous = c.previous;
  return entryFormCard(data);
}
