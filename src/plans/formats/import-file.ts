/**
 * A plan document in any supported format → the plan format. The document's paragraphs and recognised
 * task tables become the lines the plan reader reads; each line remembers where it came from, so that a
 * warning names the paragraph, page line or table row. Never throws.
 */
import type { Plan } from "../../domain/plan-format";
import { importPlanDocument } from "../import";
import { findDates } from "../import/dates";
import { describeDeadline } from "../import/deadline-kind";
import { bodyTaskText, matchAnnex } from "./annex";
import { readDocument } from "./read";
import { MAX_TEXT_CHARS, type SourceDoc } from "./source";
import { findHeader, renderTaskTable } from "./task-table";

interface Linear {
  text: string;
  where: string[];
  /** The task cell's text (normalised) → the row's 完成时限 cell. */
  deadlines: Map<string, string>;
  warnings: { line: number; message: string; where: string }[];
}

/** Task text compared without spaces and closing punctuation (the reader may add a 。). */
function normal(s: string): string {
  return s.replace(/[\s\u3000]+/g, "").replace(/[。；;，,.]+$/, "");
}

const CJK = "一二三四五六七八九十";
const LEVEL1 = /^[一二三四五六七八九十]{1,3}\s*[、.．]/;
const TASK_PART = /任务|分解|重点工作|主要工作|工作措施|主要举措/;
const NUMBERED = /^\s*(?:\d{1,3}\s*[.．、]|[(（][一二三四五六七八九十]{1,3}[)）])/;

/** The document as numbered lines. */
export function linearize(doc: SourceDoc): Linear {
  const lines: string[] = [];
  const where: string[] = [];
  const deadlines = new Map<string, string>();
  const warnings: Linear["warnings"] = [];
  let chars = 0;
  const push = (text: string, at: string) => {
    for (const piece of text.split("\n")) {
      lines.push(piece);
      where.push(at);
      chars += piece.length + 1;
    }
  };
  for (const p of doc.problems) warnings.push({ line: 1, message: p.message, where: p.where });
  let parts = 0;
  let taskPartOpen = false;
  for (const block of doc.blocks) {
    if (chars > MAX_TEXT_CHARS) {
      warnings.push({
        line: lines.length,
        message: `文字超过 ${MAX_TEXT_CHARS} 字，其后内容未读入`,
        where: "文档",
      });
      break;
    }
    if (block.kind === "para") {
      if (LEVEL1.test(block.text)) {
        parts++;
        // "二、任务分解" with the table below it and no numbered tasks of its own: the table is its list.
        taskPartOpen = TASK_PART.test(block.text) && !/目标|要求|原则|思路/.test(block.text);
      } else if (NUMBERED.test(block.text)) taskPartOpen = false;
      push(block.text, block.where);
      continue;
    }
    const header = findHeader(block);
    if (!header) {
      block.rows.forEach((row, r) => {
        const text = row.filter((c) => c.trim()).join(" ");
        if (text)
          warnings.push({
            line: lines.length + 1,
            message: `表格行未读入：「${text.slice(0, 60)}」`,
            where: block.rowWhere[r] ?? "表格",
          });
      });
      continue;
    }
    const { lines: rendered, unread } = renderTaskTable(block, header);
    const annex = taskPartOpen ? null : matchAnnex(lines, rendered);
    if (annex) {
      rendered.forEach((l, k) => {
        const at = annex[k] ?? -1;
        if (!l.task) return;
        if (at < 0) {
          warnings.push({
            line: lines.length,
            message: `附件任务分解表中的任务在正文中找不到，未读入：「${l.task.slice(0, 60)}」`,
            where: l.where,
          });
          return;
        }
        if (l.deadline) deadlines.set(normal(bodyTaskText(lines[at] ?? "")), l.deadline);
        if (l.spec) lines[at] = `${lines[at]}（${l.spec}）`;
      });
    }
    for (const u of unread)
      warnings.push({
        line: lines.length,
        message: u.message ?? `表格行没有任务内容，未读入：「${u.text.slice(0, 60)}」`,
        where: u.where,
      });
    if (annex) continue;
    // The table is the task list: give it a part of its own after the document's last 一、二、… part.
    if (!taskPartOpen) {
      parts++;
      taskPartOpen = true;
      push(`${CJK[parts - 1] ?? parts}、工作任务`, block.rowWhere[header.row] ?? "表格");
    }
    for (const l of rendered) {
      if (l.deadline) deadlines.set(normal(l.task), l.deadline);
      push(l.text, l.where);
    }
  }
  return { text: lines.join("\n"), where, deadlines, warnings };
}

function emptyPlan(message: string): Plan {
  return {
    title: "（无法读取）",
    issuer: "（未知）",
    date: null,
    timezone: "Asia/Shanghai",
    goals: [],
    sections: [],
    units: [],
    unitGroups: [],
    phases: [],
    rhythm: [],
    liaisonsPerUnit: 1,
    officeUnit: null,
    roster: [],
    warnings: [{ line: 1, message, where: "文档" }],
  };
}

export function importLinear(linear: Linear, opts: { id?: string }): Plan {
  let plan: Plan;
  try {
    plan = importPlanDocument(linear.text, opts);
  } catch (err) {
    return emptyPlan(`方案无法解析：${err instanceof Error ? err.message : String(err)}`);
  }
  const year = plan.date ? Number(plan.date.slice(0, 4)) : null;
  for (const s of plan.sections)
    for (const t of s.tasks) {
      const dl = linear.deadlines.get(normal(t.text));
      if (dl) t.deadlines = [describeDeadline(dl, findDates(dl, year)[0]?.period?.to ?? null)];
    }
  const warnings = [...linear.warnings, ...(plan.warnings ?? [])].map((w) => ({
    ...w,
    where: "where" in w && w.where ? w.where : (linear.where[w.line - 1] ?? `第${w.line}行`),
  }));
  return { ...plan, warnings };
}

export async function importPlanFile(
  bytes: Uint8Array,
  name: string,
  opts: { id?: string } = {},
): Promise<Plan> {
  try {
    return importLinear(linearize(await readDocument(bytes, name)), opts);
  } catch (err) {
    return emptyPlan(`方案无法解析：${err instanceof Error ? err.message : String(err)}`);
  }
}
