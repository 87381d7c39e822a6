import { type SelfcheckTally, selfcheckCountsText, verdictText } from "../domain/selfcheck";
import { formatCnDate } from "../domain/time";
import { type CardRef, joinRich, md, type RichText } from "../kernel/messages";
import type { PlanResult } from "./ports";

/**
 * /selfcheck: the 自评 round's tally as the office brings it to the 满意度测评 — counts first, then a line per
 * task and assessing unit (任务编号 · 牵头单位 · 自评结果 · 佐证材料) under the plan's sections; the 测评结果 once
 * recorded. Unit text stays untrusted (escaped in the card).
 */

const lit = (s: string): RichText => ({ rich: [s] });
const NOTE_MAX = 60;
const COLOR: Record<string, string> = { done: "green", mostly: "orange", not_done: "red" };

export function selfcheckCard(t: SelfcheckTally, result: PlanResult | undefined, tz: string): CardRef {
  const lines: RichText[] = [lit(`**${selfcheckCountsText(t)}**`)];
  let section = "";
  for (const r of t.rows) {
    if (r.sectionTitle !== section) {
      section = r.sectionTitle;
      lines.push(md`\n**${r.sectionNo}、${r.sectionTitle}**`);
    }
    const verdict = lit(
      `<font color='${r.verdict ? COLOR[r.verdict] : "grey"}'>${verdictText(r.verdict)}</font>`,
    );
    const role = r.role === "lead" ? "（牵头）" : "";
    const note = r.note
      ? md` · ${r.note.length > NOTE_MAX ? `${r.note.slice(0, NOTE_MAX - 1)}…` : r.note}`
      : lit("");
    const evidence = r.evidence ? md` · 佐证材料：${r.evidence}` : r.verdict ? lit(" · 无佐证材料") : lit("");
    lines.push(joinRich([md`${r.taskCode} · ${r.unitName}${lit(role)} · `, verdict, note, evidence], ""));
  }
  if (result)
    lines.push(md`\n**测评结果：**${result.text}（${lit(formatCnDate(result.recordedAt, tz))}记录）`);
  return {
    template: "notice",
    data: {
      title: `任务自评汇总 · ${t.round.title}`,
      color: t.counts.missing > 0 || t.counts.not_done > 0 ? "orange" : "green",
      body: joinRich(lines, "\n"),
      note: lit(
        `自评截止${formatCnDate(t.round.dueAt, tz)}。明细见 /export 的「任务自评」表；测评后请用 /plan result 测评结果 记录。`,
      ),
    },
  };
}
