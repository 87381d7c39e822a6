import { lightLabel } from "../../domain/lights";
import { formatAmount, formatPct, formatTarget, type IndicatorProgress } from "../../domain/progress";
import { taskHeadline } from "../../domain/states";
import { cnDateOf } from "../../domain/time";
import { md, type RichText } from "../../kernel/messages";
import { lit } from "./draft";
import type { IndicatorFact, TaskFact } from "./facts";

/**
 * The sentences a bulletin says of an indicator and of a task. Each states one judgement: a value within the
 * tolerance is "与时序进度基本同步", never "低于时序进度…，符合时序进度".
 */

export function judgement(p: IndicatorProgress, tolerance: number): string {
  const gap = p.gapPts ?? 0;
  switch (p.state) {
    case "met":
      return "已达到目标";
    case "behind":
      return `滞后于时序进度${formatPct(Math.abs(gap)).replace("%", "")}个百分点`;
    case "exceeded":
      return "已突破上限";
    case "over_pace":
      return "快于时序进度，存在突破上限风险";
    case "no_data":
      return "暂无报送数据";
    case "on_track":
      return gap > tolerance ? "快于时序进度" : "与时序进度基本同步";
  }
}

/**
 * "数字经济领域重大项目目标20个以上，截至6月底累计12个，为目标的60%，滞后于时序进度…". A goal (withElapsed) also
 * states the time progress it is judged against and the date its own value stands at.
 */
export function indicatorSentence(
  i: IndicatorFact,
  asOf: string,
  tolerance: number,
  opts: { withElapsed?: boolean } = {},
): RichText {
  const target = lit(`目标${formatTarget(i.target, i.comparator, i.unitOfMeasure)}`);
  const p = i.progress;
  if (p.value === null) return md`${i.name}${target}，暂无报送数据。`;
  const when = i.asOf ? `截至${cnDateOf(i.asOf)}` : asOf;
  const value = lit(
    `${when}${p.comparator === "~" ? "为" : "累计"}${formatAmount(p.value, i.unitOfMeasure)}${i.unitOfMeasure}`,
  );
  const share =
    p.reachedPct === null
      ? ""
      : p.comparator === "<="
        ? `，占上限的${formatPct(p.reachedPct)}`
        : `，为目标的${formatPct(p.reachedPct)}`;
  const elapsed = opts.withElapsed && p.state !== "met" ? `，时序进度${formatPct(p.elapsedPct)}` : "";
  return md`${i.name}${target}，${value}${lit(`${share}${elapsed}，${judgement(p, tolerance)}。`)}`;
}

/** The first one or two sentences of a unit's report, capped, ending with a full stop. */
export function gist(text: string, max = 120): string {
  const sentences = text
    .replace(/\s+/g, "")
    .split(/(?<=[。！？；])/)
    .filter(Boolean);
  let out = sentences.slice(0, 2).join("");
  if (out.length > max) out = `${out.slice(0, max - 1)}…`;
  out = out.replace(/[！!]/g, "。").replace(/[；;，,、]$/, "");
  return /[。…]$/.test(out) ? out : `${out}。`;
}

/** 主要进展 of a task: its code and headline, what the reporting unit says, its indicators. */
export function taskProgress(t: TaskFact, asOf: string, tolerance: number): RichText {
  const head = md`${lit(t.code)} ${taskHeadline(t.text)}。`;
  const said = t.source?.progress ? md`${t.source.unitName}报告：${gist(t.source.progress)}` : lit("");
  const inds = t.indicators.filter((i) => i.progress.value !== null);
  const values = inds.map((i) => indicatorSentence(i, asOf, tolerance));
  return { rich: [head, said, ...values].flatMap((r) => r.rich) };
}

/** 存在问题 line of a lagging task: why its light is yellow or red. */
export function laggingLine(t: TaskFact, tolerance: number): RichText {
  const why: RichText[] = [];
  const silent = t.units.filter((u) => u.status === null).map((u) => u.unitName);
  if (silent.length > 0) why.push(md`${silent.join("、")}逾期未报送`);
  const said = t.units.filter((u) => u.status === "behind" || u.status === "blocked");
  for (const u of said)
    why.push(md`${u.unitName}报告${lit(u.status === "blocked" ? "推进受阻" : "进度滞后")}`);
  for (const i of t.indicators.filter((x) => x.progress.state === "behind"))
    why.push(md`${i.name}${lit(judgement(i.progress, tolerance))}`);
  if (t.problems.length > 0) why.push(lit(`有${t.problems.length}项需协调解决的问题`));
  const light = lightLabel[t.light ?? "green"];
  const reasons = why.flatMap((r, k) => (k === 0 ? r.rich : ["，", ...r.rich]));
  return md`${lit(`${t.code}（${light}）`)}${taskHeadline(t.text)}：${{ rich: reasons }}。`;
}
