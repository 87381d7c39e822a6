/**
 * The outline of a 工作方案 body: 一、 (level 1) > (一)/（一） (level 2) > 1./1．/1、 (level 3) >
 * (1)/（1）/① (level 4). Lines without a marker continue the item above them; unit label lines and
 * carry-forward clauses are kept apart so the task reader can use them.
 */
import type { Line, Warnings } from "./lines";
import { cjkToNumber } from "./text";
import { hasLabelSpec, isLabelLine, parseCarryForward } from "./unit-specs";

export type Level = 1 | 2 | 3 | 4;

export interface Heading {
  kind: "heading";
  level: Level;
  /** The number as written: "二", "3". */
  label: string;
  /** Its value: 2, 3. */
  no: number;
  line: number;
  /** The heading line without its marker, then the lines that continue it. */
  lines: Line[];
  /** Unit label lines that follow the item ("牵头单位：…"). */
  labelLines: Line[];
  /** 完成时限/时间节点 lines that follow the item, as the deadline text only. */
  deadlineLines: Line[];
  children: Item[];
}

export interface Clause {
  kind: "clause";
  line: number;
  text: string;
}

export type Item = Heading | Clause;

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

export interface Marker {
  level: Level;
  label: string;
  no: number;
  rest: string;
}

export function headingOf(text: string): Marker | null {
  let m = /^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.*)$/.exec(text);
  if (m?.[1]) return { level: 1, label: m[1], no: cjkToNumber(m[1]), rest: m[2] ?? "" };
  m = /^[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*[、.．]?\s*(.*)$/.exec(text);
  if (m?.[1]) return { level: 2, label: m[1], no: cjkToNumber(m[1]), rest: m[2] ?? "" };
  m = /^(\d{1,2})\s*[.．、](?![\d%％])\s*(.*)$/.exec(text);
  if (m?.[1]) return { level: 3, label: m[1], no: Number(m[1]), rest: m[2] ?? "" };
  m = /^[(（]\s*(\d{1,2})\s*[)）]\s*(.*)$/.exec(text);
  if (m?.[1]) return { level: 4, label: m[1], no: Number(m[1]), rest: m[2] ?? "" };
  const c = CIRCLED.indexOf(text.charAt(0));
  if (c >= 0) return { level: 4, label: text.charAt(0), no: c + 1, rest: text.slice(1).trim() };
  return null;
}

/** A task's deadline on its own line: "完成时限：2023年6月底前", "【时间节点】每季度末". */
export const DEADLINE_LINE =
  /^[(（【[〔]?\s*(?:完成时限|完成时间|时间节点|时限要求|进度要求)\s*[)）】\]〕]?\s*[:：]?\s*(.+?)[)）]?$/;

/** Numbering this reader does not know: 第一章, (甲), A., 一是… is prose and is not flagged. */
const UNKNOWN_HEADING =
  /^(?:第[一二三四五六七八九十\d]+[章节部分篇]|[(（][甲乙丙丁戊][)）]|[A-Za-z][.．、](?!\d))/;

/**
 * "4.121人才梯队项目" is task 4 whose title starts with a number, not the decimal 4.121: read so when 4 is
 * the number the next task would carry (restarting or running on).
 */
function numberedTitle(text: string, expected: number[]): Marker | null {
  const m = /^(\d{1,2})\s*[.．、]\s*(\d.*)$/.exec(text);
  if (!m?.[1] || !expected.includes(Number(m[1]))) return null;
  return { level: 3, label: m[1], no: Number(m[1]), rest: m[2] ?? "" };
}

/** Numbers a level-3 item could carry here: the next under its parent, or the next across the document. */
function expectedTaskNumbers(stack: Heading[], lastNo: Map<Level, number>): number[] {
  const parent = [...stack].reverse().find((h) => h.level < 3);
  const siblings = parent ? childHeadings(parent).filter((h) => h.level === 3) : [];
  const prev = siblings[siblings.length - 1];
  return prev ? [prev.no + 1] : [1, (lastNo.get(3) ?? 0) + 1];
}

export function parseOutline(lines: Line[], warnings: Warnings): { roots: Heading[]; loose: Line[] } {
  const roots: Heading[] = [];
  const loose: Line[] = [];
  const stack: Heading[] = [];
  const lastNo = new Map<Level, number>();
  let pendingLabel: Line | null = null;
  for (const line of lines) {
    const marker = headingOf(line.text) ?? numberedTitle(line.text, expectedTaskNumbers(stack, lastNo));
    // "牵头单位：" alone on its line: the names are on the next one.
    if (!marker && pendingLabel && !isLabelLine(line.text) && !DEADLINE_LINE.test(line.text)) {
      pendingLabel.text += line.text;
      pendingLabel = null;
      continue;
    }
    pendingLabel = null;
    if (marker) {
      while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= marker.level) stack.pop();
      const node: Heading = {
        kind: "heading",
        level: marker.level,
        label: marker.label,
        no: marker.no,
        line: line.no,
        lines: marker.rest ? [{ no: line.no, text: marker.rest }] : [],
        labelLines: [],
        deadlineLines: [],
        children: [],
      };
      const parent = stack[stack.length - 1];
      const siblings = parent ? parent.children : roots;
      checkNumbering(siblings, node, lastNo, warnings);
      lastNo.set(node.level, node.no);
      siblings.push(node);
      stack.push(node);
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) {
      loose.push(line);
      continue;
    }
    if (UNKNOWN_HEADING.test(line.text)) {
      warnings.push({ line: line.no, message: `无法识别的标题「${line.text}」，未读入` });
      continue;
    }
    const deadline = DEADLINE_LINE.exec(line.text);
    if (deadline) {
      top.deadlineLines.push({ no: line.no, text: (deadline[1] ?? "").trim() });
    } else if (isLabelLine(line.text)) {
      const copy = { ...line };
      top.labelLines.push(copy);
      if (/[:：]\s*$/.test(line.text)) pendingLabel = copy;
    } else if (parseCarryForward(line.text)) {
      const container = [...stack].reverse().find((h) => h.level <= 2) ?? top;
      container.children.push({ kind: "clause", line: line.no, text: line.text });
    } else if (closed(top)) {
      // A task whose units were already given (its text ended with them, or they followed on a line of
      // their own) is complete; a paragraph after it belongs to no task and is not read into one.
      warnings.push({ line: line.no, message: `段落不属于任何任务，未读入：「${line.text.slice(0, 60)}」` });
    } else top.lines.push(line);
  }
  return { roots, loose };
}

/** A task item that has stated its units: "…。（牵头单位：X）" or a 牵头单位/完成时限 line below it. */
function closed(h: Heading): boolean {
  if (h.level < 3) return false;
  if (h.labelLines.length > 0 || h.deadlineLines.length > 0) return true;
  const last = h.lines[h.lines.length - 1]?.text ?? "";
  const bracket = /[(（[【]([^()（）[\]【】]*)[)）\]】][。；;]?$/.exec(last);
  return bracket !== null && hasLabelSpec(bracket[1] ?? "");
}

function checkNumbering(
  siblings: Item[],
  node: Heading,
  lastNo: Map<Level, number>,
  warnings: Warnings,
): void {
  const prev = [...siblings]
    .reverse()
    .find((s): s is Heading => s.kind === "heading" && s.level === node.level);
  const expected = prev ? prev.no + 1 : 1;
  // Task numbers may run on across sections (一、1–3 二、4–6) instead of restarting.
  // So may (一)… items that are tasks: 二、 holds (一)(二), 三、 holds (三)(四).
  const runsOn = !prev && node.level >= 2 && node.no === (lastNo.get(node.level) ?? 0) + 1;
  if (node.no !== expected && !runsOn)
    warnings.push({
      line: node.line,
      message: `编号「${node.label}」不连续：此处应为第 ${expected} 项`,
    });
}

/** The item's own text: its heading line and continuation lines, joined. */
export function ownText(h: Heading): string {
  return h.lines.map((l) => l.text).join("");
}

export function childHeadings(h: Heading): Heading[] {
  return h.children.filter((c): c is Heading => c.kind === "heading");
}

/** Its own text followed by every descendant's, each descendant with its marker, in document order. */
export function fullText(h: Heading): string {
  let text = ownText(h);
  for (const c of childHeadings(h)) {
    const marker = c.level === 4 ? (/^\d+$/.test(c.label) ? `(${c.label})` : c.label) : `${c.label}.`;
    text += marker + fullText(c);
  }
  return text;
}

/** The heading's title: its first line up to the first 。 or colon ("动员部署阶段(2022年3月底之前)"). */
export function headTitle(h: Heading): string {
  const first = h.lines[0]?.text ?? "";
  const cut = first.search(/[。:：]/);
  return (cut < 0 ? first : first.slice(0, cut)).trim();
}

/** What follows the title: the rest of the first line, continuation lines, and descendants. */
export function headBody(h: Heading): string {
  const first = h.lines[0]?.text ?? "";
  const cut = first.search(/[。:：]/);
  const rest = cut < 0 ? "" : first.slice(cut + 1);
  const copy: Heading = { ...h, lines: [{ no: h.line, text: rest }, ...h.lines.slice(1)] };
  return fullText(copy);
}
