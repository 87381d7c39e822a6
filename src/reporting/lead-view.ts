import { formatAmount, formatPct, progressStateLabel } from "../domain/progress";
import { reportStatusLabels } from "../domain/states";
import { formatDue, formatShort } from "../domain/time";
import { joinRich, md, type RichText } from "../kernel/messages";
import { clampPage, excerpt, type LeadViewData, leadViewCard, pager, trusted } from "./cards";
import { stateOf, stateTag } from "./overview";
import { paceOf } from "./pace";
import type { PlanTiming, RequestDetail, RequestView, Round } from "./ports";
import { leadValue, overviewValue } from "./values";

/** Units per lead-view page (each up to ~1.5 KB after escaping). */
export const LEAD_PAGE_SIZE = 8;

/**
 * The lead unit's view of one task (汇总): every reporting unit's latest submission in the round, so the lead
 * can consolidate. `detail` is any request of the task (for its indicators and figure owner).
 */
export function buildLeadView(input: {
  round: Round;
  requests: readonly RequestView[];
  detail: RequestDetail;
  leads: readonly string[];
  timing: PlanTiming | undefined;
  /** The plan's 时序进度 tolerance (points), when it sets one. */
  tolerance?: number;
  now: Date;
  tz: string;
  page?: number;
  back?: { unitId: number; page: number };
}) {
  const { round, requests, detail, now, tz } = input;
  const page = clampPage(input.page, requests.length, LEAD_PAGE_SIZE);
  const states = requests.map((r) => stateOf(round, r, now));
  const submitted = states.filter((s) => s === "reported" || s === "late").length;
  const overdue = states.filter((s) => s === "overdue").length;
  const intro = md`**${detail.taskCode ?? ""}** ${excerpt(detail.taskText ?? "", 120)}\n**牵头单位：**${
    input.leads.join("、") || "—"
  }  **截止：**${formatDue(round.dueAt, tz)}\n共 ${requests.length} 个单位：已报送 ${submitted}，未报送 ${
    requests.length - submitted
  }${overdue ? `（逾期 ${overdue}）` : ""}`;

  const units = requests
    .slice(page * LEAD_PAGE_SIZE, (page + 1) * LEAD_PAGE_SIZE)
    .map((r, i) => ({ body: unitBody(input, r, states[page * LEAD_PAGE_SIZE + i] ?? "pending") }));

  const data: LeadViewData = {
    title: `汇总 · ${detail.taskCode ?? ""}`,
    subtitle: round.title,
    color: overdue > 0 ? "orange" : submitted === requests.length ? "green" : "blue",
    intro,
    units,
  };
  const p = pager(requests.length, LEAD_PAGE_SIZE, page, (n) =>
    leadValue(round.planId, round.id, detail.taskId ?? 0, n, input.back),
  );
  if (p) data.pager = p;
  if (input.back)
    data.back = {
      label: "返回",
      type: "text",
      value: overviewValue(round.planId, round.id, input.back.unitId, input.back.page),
    };
  return leadViewCard(data);
}

function unitBody(
  input: { detail: RequestDetail; timing: PlanTiming | undefined; tz: string; tolerance?: number },
  r: RequestView,
  state: Parameters<typeof stateTag>[0],
): RichText {
  const { detail, tz } = input;
  const head: RichText[] = [
    md`**${r.unitName}**${r.role === "lead" ? trusted("（牵头）") : trusted("")} `,
    stateTag(state),
  ];
  const rep = r.latest;
  if (!rep) return joinRich(head, "");
  const facts = [md`${formatShort(rep.submittedAt, tz)}`];
  if (rep.status) facts.unshift(md`${reportStatusLabels[rep.status]}`);
  if (rep.revision > 1) facts.push(md`第${rep.revision}版`);
  const lines: RichText[] = [joinRich([joinRich(head, ""), ...facts], " · ")];
  lines.push(md`进展：${excerpt(rep.progress, 150)}`);
  const paces = paceOf(
    { ...detail, unitId: r.unitId },
    rep.indicatorValues,
    input.timing,
    tz,
    input.tolerance,
  );
  const figures = detail.indicators.flatMap((ind) => {
    const v = rep.indicatorValues[String(ind.id)];
    if (v === undefined) return [];
    const p = paces.find((x) => x.indicator.id === ind.id)?.pace;
    const share = ind.target > 0 ? `，完成 ${formatPct(Math.round((v / ind.target) * 1000) / 10)}` : "";
    return [
      joinRich(
        [
          md`${ind.name} ${formatAmount(v, ind.unit)}${ind.unit}${share}`,
          // Our own words (progressStateLabel), never user text.
          p?.flagged ? trusted(` <font color='red'>⚠${progressStateLabel[p.state]}</font>`) : trusted(""),
        ],
        "",
      ),
    ];
  });
  if (figures.length) lines.push(joinRich([md`指标：`, joinRich(figures, "；")], ""));
  if (rep.problems) lines.push(md`问题：${excerpt(rep.problems, 80)}`);
  if (rep.evidenceUrl) lines.push(md`佐证：${excerpt(rep.evidenceUrl, 80)}`);
  if (rep.documentUrl) lines.push(md`文档：${excerpt(rep.documentUrl, 80)}`);
  return joinRich(lines, "\n");
}
