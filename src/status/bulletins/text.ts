import { planWorkName } from "../../domain/plan-names";
import {
  aggregateIndicator,
  elapsedShare,
  formatAmount,
  formatPct,
  formatTarget,
  type IndicatorProgress,
  type ProgressState,
  pickProgressWindow,
  progressStateLabel,
  timeProgress,
} from "../../domain/progress";
import { roundKindLabels } from "../../domain/rounds";
import {
  rankByOnTimeRate,
  reportStatusLabels,
  type TaskStatus,
  taskCitation,
  taskHeadline,
  taskStatusOf,
} from "../../domain/states";
import { cnDateOf, formatCnDate, localDayEnd } from "../../domain/time";
import { joinRich, md, type RichText } from "../../kernel/messages";
import type { BulletinData } from "../ports";
import { CN_NO, problemParagraphs, requirements } from "./closing";
import { type BulletinDraft, type BulletinSection, lit } from "./draft";

const n = (x: number) => lit(String(x));

export interface ComposeOptions {
  /** Points an indicator may lag time progress before it is called 滞后; the plan's setting wins. Default 5. */
  tolerance?: number;
}

/**
 * Composes a bulletin (通报) from the period's data, in the register of a government office's notice:
 * 总体情况, 各单位报送情况 (按时报送率排名), 任务推进情况, 主要指标完成情况 (with 时序进度), 未按时报送单位
 * (named), 需协调解决的问题, 下步工作要求. Plan and user text stays untrusted (escaped in cards).
 */
export function composeBulletin(data: BulletinData, opts: ComposeOptions = {}): BulletinDraft {
  const tz = data.plan.timezone;
  const work = planWorkName(data.plan.title);
  const periodEnd = localDayEnd(data.period.end, tz);
  const at = new Date(Math.min(data.now.getTime(), periodEnd.getTime()));
  const lastMonth = data.period.months[data.period.months.length - 1] ?? 12;
  const asOf =
    at.getTime() === periodEnd.getTime() ? `截至${lastMonth}月底` : `截至${formatCnDate(at, tz).slice(5)}`;

  const units = data.units;
  const sum = (f: (u: (typeof units)[number]) => number) => units.reduce((acc, u) => acc + f(u), 0);
  const due = sum((u) => u.due);
  const onTime = sum((u) => u.onTime);
  const ratePct = due > 0 ? Math.round((onTime / due) * 1000) / 10 : null;

  const tasks = data.tasks
    .filter((t) => t.units.length > 0)
    .map((t) => ({ ...t, status: taskStatusOf(t.units.map((u) => u.status)) }));
  const byStatus = new Map<TaskStatus, typeof tasks>();
  for (const t of tasks) byStatus.set(t.status, [...(byStatus.get(t.status) ?? []), t]);
  const count = (s: TaskStatus) => byStatus.get(s)?.length ?? 0;

  const window = pickProgressWindow(data.phases, at, tz);
  const elapsed = elapsedShare(window, at, tz);
  const tolerance = data.plan.tolerance ?? opts.tolerance;
  const indicators = data.indicators.map((i) => ({
    ...i,
    progress: timeProgress(
      {
        target: i.target,
        comparator: i.comparator,
        value: aggregateIndicator(i.values, i.comparator),
        elapsed,
      },
      tolerance === undefined ? {} : { tolerance },
    ),
  }));
  const overdueUnits = units.filter((u) => u.overdue > 0);
  const lateUnits = units.filter((u) => u.late > 0);
  const flaggedTasks = count("behind") + count("blocked");
  const flaggedIndicators = indicators.filter((i) => i.progress.flagged).length;

  const sections: Array<Omit<BulletinSection, "no">> = [
    { heading: "总体情况", trimmable: false, paragraphs: overall() },
    { heading: "各单位报送情况", trimmable: true, paragraphs: ranking() },
    { heading: "任务推进情况", trimmable: true, paragraphs: taskParagraphs() },
    { heading: "主要指标完成情况", trimmable: true, paragraphs: indicatorParagraphs() },
    { heading: "未按时报送单位", trimmable: false, paragraphs: nonReporters() },
    { heading: "需协调解决的问题", trimmable: true, paragraphs: problemParagraphs(data.problems) },
    {
      heading: "下步工作要求",
      trimmable: false,
      paragraphs: requirements({
        unitsBehindOnReports: overdueUnits.length + lateUnits.length,
        flagged: flaggedTasks + flaggedIndicators,
        problems: data.problems.length,
      }),
    },
  ];

  return {
    title: `${work}${data.period.label}通报`,
    addressee: "各承办单位：",
    preamble: md`为及时掌握${work}进展情况，根据《${data.plan.title}》关于建立定期通报制度的要求，现将${lit(
      data.period.label,
    )}办理工作情况通报如下。`,
    sections: sections.map((s, i) => ({ ...s, no: CN_NO[i] ?? String(i + 1) })),
    issuer: `${work}领导小组办公室`,
    date: formatCnDate(data.now, tz),
    summary: {
      periodLabel: data.period.label,
      onTimeRatePct: ratePct,
      overdueUnits: overdueUnits.length,
      flaggedTasks,
      flaggedIndicators,
      problems: data.problems.length,
    },
  };

  function overall(): RichText[] {
    if (data.rounds.length === 0) return [lit("本期未组织工作进展报送。")];
    const kinds = new Map<string, number>();
    for (const r of data.rounds)
      kinds.set(roundKindLabels[r.kind], (kinds.get(roundKindLabels[r.kind]) ?? 0) + 1);
    const roundText = [...kinds].map(([k, c]) => `${k}${c}次`).join("、");
    const reported = sum((u) => u.reported);
    const late = sum((u) => u.late);
    const overdue = sum((u) => u.overdue);
    const rate = ratePct === null ? "—" : formatPct(ratePct);
    const out = [
      lit(
        `本期共组织${roundText}，涉及承办单位${units.length}家，应报送${due}项次，实际报送${reported}项次；` +
          `其中按时报送${onTime}项次，迟报${late}项次，逾期未报送${overdue}项次，按时报送率${rate}。`,
      ),
    ];
    if (tasks.length > 0) {
      const order: TaskStatus[] = ["done", "in_progress", "behind", "blocked", "not_started", "unreported"];
      const parts = order.filter((s) => count(s) > 0).map((s) => `${statusPhrase(s)}${count(s)}项`);
      out.push(lit(`从各单位报送情况看，纳入调度的${tasks.length}项任务中，${parts.join("，")}。`));
    }
    if (indicators.length > 0) {
      const states: ProgressState[] = ["met", "on_track", "behind", "over_pace", "exceeded", "no_data"];
      const parts = states
        .map((s) => [s, indicators.filter((i) => i.progress.state === s).length] as const)
        .filter(([, c]) => c > 0)
        .map(([s, c]) => `${c}项${shortState(s)}`);
      out.push(lit(`${indicators.length}项主要指标中，${parts.join("，")}。`));
    }
    return out;
  }

  function ranking(): RichText[] {
    const ranked = rankByOnTimeRate(units).filter((r) => r.ratePct !== null);
    if (ranked.length === 0) return [lit("本期暂无到期报送事项。")];
    const out: RichText[] = [];
    const full = ranked.filter((r) => r.ratePct === 100);
    if (full.length > 0) {
      const names = joinRich(
        full.map((r) => md`${r.unit.unitName}`),
        "、",
      );
      out.push(md`按时报送率100%的单位共${n(full.length)}家（并列第1名）：${names}。`);
    }
    for (const r of ranked.filter((x) => x.ratePct !== 100)) {
      const u = r.unit;
      const extra = [u.late > 0 ? `迟报${u.late}项次` : "", u.overdue > 0 ? `逾期未报送${u.overdue}项次` : ""]
        .filter(Boolean)
        .map((s) => `，${s}`)
        .join("");
      out.push(
        md`第${n(r.rank)}名　${u.unitName}：按时报送率${lit(formatPct(r.ratePct ?? 0))}（应报送${n(u.due)}项次，按时报送${n(
          u.onTime,
        )}项次${lit(extra)}）。`,
      );
    }
    return out;
  }

  /**
   * Tasks by status: 已完成 and 推进中 listed in one paragraph each; each 滞后, 受阻 or 未启动 task in its own
   * paragraph with its lead unit and the units reporting it so (the first five, then 等N家单位).
   */
  function taskParagraphs(): RichText[] {
    if (tasks.length === 0) return [lit("本期未对工作任务进展进行调度。")];
    const order: TaskStatus[] = ["done", "in_progress", "behind", "blocked", "not_started", "unreported"];
    const out: RichText[] = [];
    for (const status of order) {
      const list = byStatus.get(status) ?? [];
      if (list.length === 0) continue;
      const head = (t: (typeof list)[number]) => md`${lit(taskCitation(t.code))} ${taskHeadline(t.text)}`;
      if (status !== "behind" && status !== "blocked" && status !== "not_started") {
        out.push(md`${lit(statusPhrase(status))}${n(list.length)}项：${joinRich(list.map(head), "；")}。`);
        continue;
      }
      out.push(lit(`${statusPhrase(status)}${list.length}项：`));
      list.forEach((t, k) => {
        const notes: RichText[] = [];
        if (t.leadUnits.length > 0) notes.push(md`牵头单位：${t.leadUnits.join("、")}`);
        const said = t.units.filter(
          (u) => u.status === "behind" || u.status === "blocked" || u.status === "not_started",
        );
        if (said.length > 0) {
          const shown = said
            .slice(0, 5)
            .map((u) => md`${u.unitName}报告${lit(reportStatusLabels[u.status ?? "not_started"])}`);
          const rest = said.length > 5 ? lit(`等${said.length}家单位`) : lit("");
          notes.push(md`${joinRich(shown, "，")}${rest}`);
        }
        const tail = notes.length > 0 ? md`（${joinRich(notes, "；")}）` : lit("");
        out.push(md`${lit(`${k + 1}.`)}${head(t)}${tail}${lit(k === list.length - 1 ? "。" : "；")}`);
      });
    }
    return out;
  }

  function indicatorParagraphs(): RichText[] {
    if (indicators.length === 0) return [lit("本方案未设置量化指标。")];
    const span = `${cnDateOf(window.start)}至${cnDateOf(window.end).replace(/^\d+年/, "")}`;
    const head = md`时序进度按${window.name}${lit(`（${span}）计算，${asOf}为${formatPct(Math.round(elapsed * 1000) / 10)}。`)}`;
    return [
      head,
      ...indicators.map(
        (i, k) =>
          md`${lit(`${k + 1}.`)}${i.name}（目标${formatTarget(i.target, i.comparator, i.unitOfMeasure)}）：${progressText(
            i.progress,
            i.unitOfMeasure,
          )}`,
      ),
    ];
  }

  function progressText(p: IndicatorProgress, uom: string): RichText {
    if (p.value === null) return lit("暂无报送数据。");
    const value = md`${lit(`${asOf}${p.comparator === "~" ? "为" : "累计"}${formatAmount(p.value, uom)}`)}${uom}`;
    if (p.reachedPct === null) return md`${value}，${lit(`${progressStateLabel[p.state]}。`)}`;
    const share =
      p.comparator === "<=" ? `占上限的${formatPct(p.reachedPct)}` : `为目标的${formatPct(p.reachedPct)}`;
    const gap = p.gapPts ?? 0;
    const vsTime =
      p.state === "met" || gap === 0 ? "" : `，${gap > 0 ? "高于" : "低于"}时序进度${Math.abs(gap)}个百分点`;
    return md`${value}，${lit(`${share}${vsTime}，${progressStateLabel[p.state]}。`)}`;
  }

  function nonReporters(): RichText[] {
    if (data.rounds.length === 0) return [lit("本期无到期报送事项。")];
    if (overdueUnits.length === 0 && lateUnits.length === 0) return [lit("本期各承办单位均按时报送。")];
    const out: RichText[] = [];
    if (overdueUnits.length > 0) {
      out.push(
        lit(`截至${formatCnDate(data.now, tz)}，以下${overdueUnits.length}家单位逾期未报送，予以通报：`),
      );
      const sorted = [...overdueUnits].sort((a, b) => b.overdue - a.overdue || a.ordinal - b.ordinal);
      sorted.forEach((u, i) => {
        const titles = joinRich(
          u.overdueRounds.slice(0, 3).map((t) => md`${t}`),
          "、",
        );
        const rounds =
          u.overdueRounds.length > 3 ? md`${titles}等${n(u.overdueRounds.length)}个轮次` : titles;
        const end = i === sorted.length - 1 ? "。" : "；";
        out.push(md`${u.unitName}（${rounds}，逾期未报送${n(u.overdue)}项次）${lit(end)}`);
      });
    }
    if (lateUnits.length > 0) {
      const list = joinRich(
        lateUnits.map((u) => md`${u.unitName}（迟报${n(u.late)}项次）`),
        "、",
      );
      out.push(md`以下${n(lateUnits.length)}家单位未在规定时限内报送，予以提醒：${list}。`);
    }
    return out;
  }
}

function statusPhrase(s: TaskStatus): string {
  return s === "unreported" ? "暂未报送进展" : reportStatusLabels[s];
}

function shortState(s: ProgressState): string {
  const label: Record<ProgressState, string> = {
    met: "已达到目标",
    on_track: "符合时序进度",
    behind: "滞后于时序进度",
    over_pace: "快于时序进度、存在突破上限风险",
    exceeded: "已突破上限",
    no_data: "暂无数据",
  };
  return label[s];
}
