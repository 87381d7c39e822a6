import { deadlineLine } from "../../deadlines/show";
import { evidenceLines } from "../../domain/evidence";
import {
  aggregateIndicator,
  elapsedShare,
  formatAmount,
  formatPct,
  formatTarget,
  pickProgressWindow,
  progressStateLabel,
  timeProgress,
} from "../../domain/progress";
import {
  type RequestState,
  reportStatusLabels,
  requestStateLabels,
  type TaskStatus,
  taskCitation,
  taskHeadline,
  taskStatusLabels,
} from "../../domain/states";
import { DEFAULT_TZ, formatShortTime, localDay } from "../../domain/time";
import { excerpt, paginate, richBytes } from "../../kernel/card-budget";
import { type CardRef, joinRich, md, type RichText } from "../../kernel/messages";
import type { LatestReport, RoundInfo, RoundOverview, TaskStatusView, UnitStatusView } from "../ports";

/**
 * Cards answering /status, /status <unit>, /status <task>, /missing and /remind. Each is paged by an estimate
 * of its rendered size (well under 30 KB and 200 components whatever the plan's size); a "下一页" button
 * carries {action: "status_page", view, roundId, unitId?, taskId?, page} for the card action handler.
 */

export interface CardOptions {
  now: Date;
  /** 1-based page (default 1). */
  page?: number;
  tz?: string;
}

export const PAGE_BYTES = 18_000;
export const lit = (s: string): RichText => ({ rich: [s] });
export const font = (color: string, s: string) => lit(`<font color='${color}'>${s}</font>`);
const stateColor: Record<RequestState, string> = {
  reported: "green",
  late: "orange",
  overdue: "red",
  pending: "grey",
};

export function dueLine(round: RoundInfo, now: Date, tz: string): string {
  const due = `截止 ${formatShortTime(round.dueAt, tz)}`;
  if (round.state === "closed") return `${due} · 已结束`;
  return now.getTime() > round.dueAt.getTime() ? `${due} · 已逾期` : `${due} · 报送中`;
}

export function more(
  view: string,
  round: RoundInfo,
  page: number,
  pages: number,
  extra: Record<string, number> = {},
) {
  if (page >= pages) return { more: null, moreLabel: "" };
  return {
    more: { action: "status_page", view, roundId: round.id, ...extra, page: page + 1 },
    moreLabel: `下一页（${page + 1}/${pages}）`,
  };
}

/** /status: every unit of the round at a glance, overdue units first. */
export function overviewCard(o: RoundOverview, opts: CardOptions & { planName: string }): CardRef {
  const tz = opts.tz ?? DEFAULT_TZ;
  const t = o.totals;
  const rate = t.requests > 0 ? `（${formatPct((t.reported / t.requests) * 100)}）` : "";
  const taskParts = (Object.entries(o.tasksByStatus) as Array<[TaskStatus, number]>)
    .filter(([, c]) => c > 0)
    .map(([s, c]) => `${taskStatusLabels[s]} ${c}`);
  const summary = lit(
    [
      `**已报送 ${t.reported}/${t.requests} 项${rate}** · 未报 ${t.missing} · 迟报 ${t.late}`,
      `单位：全部报送 ${t.completeUnits} 家 · 逾期 ${t.overdueUnits} 家 · 待报 ${t.units - t.completeUnits - t.overdueUnits} 家`,
      taskParts.length > 0 ? `任务：${taskParts.join(" · ")}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  type Line = { group: "overdue" | "pending" | "complete"; text: RichText };
  const lines: Line[] = o.units
    .filter((u) => u.missing > 0)
    .map((u) => ({
      group: u.overdue ? "overdue" : "pending",
      text: md`**${u.unitName}** 已报${lit(`${u.reported}/${u.total} · 缺${u.missing}${u.late ? ` · 迟报${u.late}` : ""}`)}`,
    }));
  const complete = o.units.filter((u) => u.missing === 0);
  if (complete.length > 0) {
    const names = complete.map((u) =>
      u.late ? md`${u.unitName}（迟报${lit(String(u.late))}）` : md`${u.unitName}`,
    );
    lines.push({ group: "complete", text: joinRich(names, "、") });
  }
  const page = paginate(lines, opts.page ?? 1, {
    maxItems: 60,
    maxBytes: PAGE_BYTES,
    size: (l) => richBytes(l.text),
  });
  const heading: Record<Line["group"], (n: number) => RichText> = {
    overdue: (n) => font("red", `**逾期未报（${n}家）**`),
    pending: (n) => font("orange", `**待报送（${n}家）**`),
    complete: (n) => font("green", `**已全部报送（${n}家）**`),
  };
  const counts = {
    overdue: t.overdueUnits,
    pending: t.units - t.completeUnits - t.overdueUnits,
    complete: t.completeUnits,
  };
  const groups: Array<{ text: RichText }> = [];
  for (const g of ["overdue", "pending", "complete"] as const) {
    const inPage = page.items.filter((l) => l.group === g);
    if (inPage.length > 0)
      groups.push({ text: joinRich([heading[g](counts[g]), ...inPage.map((l) => l.text)], "\n") });
  }
  if (groups.length === 0) groups.push({ text: lit("本轮暂无报送事项。") });
  return {
    template: "status-overview",
    data: {
      title: `${opts.planName} · ${o.round.title}`,
      subtitle: dueLine(o.round, opts.now, tz),
      color: t.overdueUnits > 0 ? "red" : t.missing > 0 ? "orange" : "green",
      summary,
      groups,
      ...more("overview", o.round, page.page, page.pages),
      note: `共${t.units}家单位 · 第${page.page}/${page.pages}页 · 发送「/status 单位名」或「/status 任务编号」查看详情`,
    },
  };
}

function reportLines(r: LatestReport | null, tz: string, withProgress = 60): RichText[] {
  if (!r) return [];
  const who = r.submitterName ?? "";
  const status = r.status ? `${reportStatusLabels[r.status]} · ` : "";
  const lines = [
    md`${lit(`${status}第${r.revision}版 · ${formatShortTime(r.submittedAt, tz)}`)}${who ? md` · ${who}` : lit("")}`,
  ];
  if (r.progress.trim()) lines.push(md`进展：${excerpt(r.progress, withProgress)}`);
  if (r.problems?.trim()) lines.push(md`问题：${excerpt(r.problems, withProgress)}`);
  const evidence = evidenceLines(r.evidenceLinks, r.evidenceFiles);
  if (evidence.length > 0) {
    // A few items, each cut short: a report may keep up to 20 files and the page must stay small.
    const shown = evidence.slice(0, EVIDENCE_SHOWN).map((e) => excerpt(e, 40));
    const rest = evidence.length > EVIDENCE_SHOWN ? `等${evidence.length}项` : "";
    lines.push(md`佐证材料：${shown.join("；")}${lit(rest)}`);
  }
  return lines;
}

/** Items of 佐证材料 named on a status card line; the export and the bulletin's annex list them all. */
const EVIDENCE_SHOWN = 3;

/** /status <unit>: that unit's requests in the round with state and latest report. */
export function unitCard(v: UnitStatusView, opts: CardOptions): CardRef {
  const tz = opts.tz ?? DEFAULT_TZ;
  const c = { reported: 0, late: 0, overdue: 0, pending: 0 };
  for (const r of v.requests) c[r.state]++;
  const items = v.requests.map((r) => {
    const label = r.task
      ? md`**${lit(taskCitation(r.task.code))} ${taskHeadline(r.task.text, 20)}**`
      : lit("**工作材料**");
    return {
      text: joinRich(
        [
          md`${label} ${font(stateColor[r.state], requestStateLabels[r.state])}`,
          ...reportLines(r.report, tz),
        ],
        "\n",
      ),
    };
  });
  const page = paginate(items, opts.page ?? 1, {
    maxItems: 40,
    maxBytes: PAGE_BYTES,
    size: (i) => richBytes(i.text),
  });
  const reported = c.reported + c.late;
  return {
    template: "status-unit",
    data: {
      title: `${v.unit.name} · ${v.round.title}`,
      subtitle: dueLine(v.round, opts.now, tz),
      color: c.overdue > 0 ? "red" : c.pending > 0 ? "orange" : "green",
      summary: lit(
        `**已报送 ${reported}/${v.requests.length} 项** · 迟报 ${c.late} · 逾期 ${c.overdue} · 待报送 ${c.pending}`,
      ),
      items: page.items,
      ...more("unit", v.round, page.page, page.pages, { unitId: v.unit.id }),
      note: `第${page.page}/${page.pages}页 · 逾期按截止时间判断，迟报以首次报送时间为准`,
    },
  };
}

/** /status <task>: every unit's latest report on the task, with its indicators against time progress. */
export function taskCard(v: TaskStatusView, opts: CardOptions): CardRef {
  const tz = opts.tz ?? DEFAULT_TZ;
  const window = pickProgressWindow(v.phases, opts.now, tz);
  const elapsed = elapsedShare(window, opts.now, tz);
  const indicatorLines = v.indicators.map((i) => {
    const values = v.units.flatMap((u) => {
      const value = u.report?.indicatorValues[String(i.id)];
      return value === undefined || !u.report
        ? []
        : [{ value, isLead: u.role === "lead", submittedAt: u.report.submittedAt }];
    });
    const p = timeProgress(
      {
        target: i.target,
        comparator: i.comparator,
        value: aggregateIndicator(values, i.comparator),
        elapsed,
      },
      v.tolerance === null ? {} : { tolerance: v.tolerance },
    );
    const head = md`${i.name}：目标${formatTarget(i.target, i.comparator, i.unitOfMeasure)}`;
    if (p.value === null) return md`${head} · 暂无数据`;
    const reached = p.reachedPct === null ? "" : `（${formatPct(p.reachedPct)}）`;
    return md`${head} · 当前${lit(formatAmount(p.value, i.unitOfMeasure))}${i.unitOfMeasure}${lit(`${reached} · 时序进度${formatPct(p.elapsedPct)} · `)}${font(p.flagged ? "red" : "green", progressStateLabel[p.state])}`;
  });
  const items = v.units.map((u) => {
    const role = u.role === "lead" ? "（牵头）" : "";
    const values = v.indicators
      .filter((i) => u.report?.indicatorValues[String(i.id)] !== undefined)
      .map(
        (i) =>
          md`${i.name} ${lit(formatAmount(u.report?.indicatorValues[String(i.id)] ?? 0, i.unitOfMeasure))}${i.unitOfMeasure}`,
      );
    const lines = [
      md`**${u.unitName}**${lit(role)} ${font(stateColor[u.state], requestStateLabels[u.state])}`,
      ...reportLines(u.report, tz, 50),
    ];
    if (values.length > 0) lines.push(md`指标：${joinRich(values, "；")}`);
    return { text: joinRich(lines, "\n") };
  });
  const page = paginate(items, opts.page ?? 1, {
    maxItems: 30,
    maxBytes: PAGE_BYTES,
    size: (i) => richBytes(i.text),
  });
  const reported = v.units.filter((u) => u.report).length;
  const lead = v.task.leadUnits.length > 0 ? md`牵头单位：${v.task.leadUnits.join("、")} · ` : lit("");
  const deadline = deadlineLine(v.task.deadlines, v.phases, localDay(opts.now, tz));
  return {
    template: "status-task",
    data: {
      title: `${taskCitation(v.task.code)} ${taskHeadline(v.task.text, 18)}`,
      subtitle: `${v.round.title} · ${dueLine(v.round, opts.now, tz)}`,
      color: v.units.some((u) => u.state === "overdue")
        ? "red"
        : reported < v.units.length
          ? "orange"
          : "green",
      summary: joinRich(
        [
          md`${lead}已报送 ${lit(`${reported}/${v.units.length}`)} 家单位`,
          ...(deadline ? [md`${deadline}`] : []),
          ...indicatorLines,
        ],
        "\n",
      ),
      items: page.items,
      ...more("task", v.round, page.page, page.pages, { taskId: v.task.id }),
      note: `第${page.page}/${page.pages}页 · 时序进度按${window.name}计算`,
    },
  };
}
