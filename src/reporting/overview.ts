import { formatAmount } from "../domain/progress";
import { roundKindLabels, roundRhythm } from "../domain/rounds";
import {
  type RequestState,
  reportKindLabel,
  reportStatusLabels,
  requestStateLabels,
  selfcheckLabels,
} from "../domain/states";
import { formatDue, formatShort } from "../domain/time";
import { joinRich, md, type RichText } from "../kernel/messages";
import {
  type ButtonData,
  clampPage,
  excerpt,
  type OverviewData,
  overviewCard,
  pager,
  trusted,
} from "./cards";
import { isClosed, requestState } from "./domain/request-state";
import { targetText } from "./forms";
import type { RequestView, Round } from "./ports";
import { fillValue, leadValue, overviewValue, shortcutValue } from "./values";

/** Tasks per overview page: 10 lines stay far below Feishu's 200 elements and 30 KB. */
export const OVERVIEW_PAGE_SIZE = 10;

const stateColors: Record<RequestState, string> = {
  pending: "grey",
  reported: "green",
  overdue: "red",
  late: "orange",
};

export function stateTag(state: RequestState): RichText {
  return trusted(`<font color='${stateColors[state]}'>${requestStateLabels[state]}</font>`);
}

export function stateOf(
  round: Round,
  r: Pick<RequestView, "reopenedUntil" | "firstLate">,
  now: Date,
): RequestState {
  return requestState(
    { dueAt: round.dueAt, closesAt: round.closesAt, reopenedUntil: r.reopenedUntil },
    r.firstLate === null ? null : { late: r.firstLate },
    now,
  );
}

/** The page (0-based) of the overview that shows a request. */
export function pageOf(requests: readonly RequestView[], requestId: number): number {
  const i = requests.findIndex((r) => r.id === requestId);
  return i < 0 ? 0 : Math.floor(i / OVERVIEW_PAGE_SIZE);
}

/** A unit's overview card for a round: the due date, counts, and one line per task with its state and 填报. */
export function buildOverview(input: {
  round: Round;
  unitName: string;
  unitId: number;
  requests: readonly RequestView[];
  now: Date;
  tz: string;
  page?: number;
}) {
  const { round, requests, now, tz } = input;
  const planId = round.planId;
  // A quarterly plan's round (季度调度) asks about the quarter: its shortcuts say so.
  const rhythm = roundRhythm(round);
  const page = clampPage(input.page, requests.length, OVERVIEW_PAGE_SIZE);
  const states = requests.map((r) => stateOf(round, r, now));
  const count = (s: RequestState) => states.filter((x) => x === s).length;
  const done = count("reported") + count("late");
  const open = count("pending") + count("overdue");

  const parts = [`共 ${requests.length} 项`, `已报送 ${done}`];
  if (count("late")) parts.push(`其中迟报 ${count("late")}`);
  if (count("pending")) parts.push(`待报送 ${count("pending")}`);
  if (count("overdue")) parts.push(`逾期 ${count("overdue")}`);
  const intro = md`**报送截止：**${formatDue(round.dueAt, tz)}\n**进度：**${parts.join(" · ")}`;

  const reopened = requests.find((r) => r.reopenedUntil && r.reopenedUntil > round.dueAt)?.reopenedUntil;
  const deadlines = { dueAt: round.dueAt, closesAt: round.closesAt, reopenedUntil: reopened ?? null };
  let note: RichText | undefined;
  if (isClosed(deadlines, now))
    note = md`本轮已于 ${formatShort(round.closesAt, tz)} 关闭，现在报送将记为迟报。`;
  else if (reopened) note = md`办公室已为本单位延期至 ${formatDue(reopened, tz)}。`;
  else if (now > round.dueAt && open > 0) note = md`已过报送截止时间，请尽快报送；现在报送将记为迟报。`;
  else if (open === 0 && requests.length > 0)
    note = md`本轮已全部报送。截止前仍可修改，每次修改都会保留历史版本。`;

  const slice = requests.slice(page * OVERVIEW_PAGE_SIZE, (page + 1) * OVERVIEW_PAGE_SIZE);
  const items = slice.map((r, i) => {
    const state = states[page * OVERVIEW_PAGE_SIZE + i] ?? "pending";
    const fill: ButtonData = {
      label: r.latest ? "修改" : "填报",
      type: r.latest ? "default" : "primary",
      value: fillValue(planId, r.id, page),
    };
    const item: OverviewData["items"][number] = { line: requestLine(round, r, state, tz), fill };
    // Units with many tasks: last month's report again, or nothing new, without opening each form.
    if (r.taskId !== null && !r.latest && round.kind === "monthly") {
      item.same = {
        label: reportKindLabel("same_as_last", rhythm),
        type: "default",
        value: shortcutValue(planId, round.id, input.unitId, "same_as_last", r.id),
      };
      item.none = {
        label: "无新进展",
        type: "default",
        value: shortcutValue(planId, round.id, input.unitId, "no_progress", r.id),
      };
    }
    if (r.role === "lead" && r.taskId !== null && round.kind !== "selfcheck")
      item.lead = {
        label: "汇总",
        type: "default",
        value: leadValue(planId, round.id, r.taskId, 0, { unitId: input.unitId, page }),
      };
    return item;
  });

  const data: OverviewData = {
    title: `${input.unitName} · ${round.title}`,
    subtitle: open === 0 && requests.length > 0 ? "已全部报送" : `${open} 项待报送`,
    color: count("overdue") > 0 ? "red" : open === 0 ? "green" : "blue",
    intro,
    items,
  };
  if (note) data.note = note;
  const unreported = requests.filter((r) => r.taskId !== null && !r.latest).length;
  if (round.kind === "monthly" && unreported >= 2)
    data.bulk = {
      same: {
        label: `全部${reportKindLabel("same_as_last", rhythm)}（${unreported}项）`,
        type: "default",
        value: shortcutValue(planId, round.id, input.unitId, "same_as_last"),
      },
      none: {
        label: `全部${reportKindLabel("no_progress", rhythm)}（${unreported}项）`,
        type: "default",
        value: shortcutValue(planId, round.id, input.unitId, "no_progress"),
      },
    };
  const p = pager(requests.length, OVERVIEW_PAGE_SIZE, page, (n) =>
    overviewValue(planId, round.id, input.unitId, n),
  );
  if (p) data.pager = p;
  return overviewCard(data);
}

function requestLine(round: Round, r: RequestView, state: RequestState, tz: string): RichText {
  const head = r.goal
    ? md`**目标指标** ${excerpt(r.goal.name, 40)}`
    : r.taskCode !== null
      ? md`**${r.taskCode}** ${excerpt(r.taskText ?? "", 40)}${r.role === "lead" ? trusted(" ·牵头") : trusted("")}`
      : md`**${roundKindLabels[round.kind]}** 本单位一份`;
  const facts: RichText[] = [stateTag(state)];
  if (r.latest) {
    const value = r.goal ? r.latest.indicatorValues[String(r.goal.id)] : undefined;
    if (r.goal && value !== undefined)
      facts.push(md`${formatAmount(value, r.goal.unit)}${r.goal.unit}（目标 ${targetText(r.goal)}）`);
    if (r.latest.selfcheck) facts.push(md`自评：${selfcheckLabels[r.latest.selfcheck]}`);
    if (r.latest.kind !== "form") facts.push(md`${reportKindLabel(r.latest.kind, roundRhythm(round))}`);
    if (r.latest.status) facts.push(md`${reportStatusLabels[r.latest.status]}`);
    facts.push(md`${formatShort(r.latest.submittedAt, tz)}`);
    if (r.latest.revision > 1) facts.push(md`第${r.latest.revision}版`);
  }
  const lines = [head, joinRich(facts, " · ")];
  if (r.latest?.progress && !r.goal) lines.push(md`> ${excerpt(r.latest.progress, 40)}`);
  return joinRich(lines, "\n");
}
