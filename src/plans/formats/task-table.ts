/**
 * 任务分解表: a table whose header row names its columns (序号, 工作任务/重点任务/具体任务, 牵头单位,
 * 责任单位/配合单位, 完成时限/时间节点). Each row becomes a numbered task line the plan reader already
 * understands ("3、任务（牵头单位：X；责任单位：Y）"); a row merged across the whole width, or a change in
 * a category column, starts a section. The 完成时限 cell is handed back separately, by output line.
 */
import type { Table } from "./source";

type Column = "no" | "section" | "task" | "measure" | "lead" | "responsible" | "deadline" | "note";

const COLUMN_WORDS: [Column, RegExp][] = [
  ["no", /^(?:序号|编号|序)$/],
  // 主办单位 over 协办单位: the unit that answers for the task, as 牵头单位 does.
  ["lead", /牵头|主办/],
  ["responsible", /责任单位|责任部门|配合|协办|参与单位|主责|承办/],
  ["deadline", /完成时限|时间节点|完成时间|时限|进度安排|时间要求/],
  ["section", /^(?:类别|分类|领域|板块|方向|任务类别|工作类别|重点领域|项目类别)$/],
  // What to do under a task (重点任务｜具体措施): joined to the task's text; the task column when there is no other.
  [
    "measure",
    /具体措施|工作措施|主要措施|主要举措|具体举措|工作举措|推进措施|实施措施|具体内容|任务内容|工作内容/,
  ],
  ["task", /工作任务|重点任务|具体任务|主要任务|任务名称|任务/],
  ["note", /备注|说明/],
];

function columnOf(cell: string): Column | null {
  const c = cell.replace(/\s+/g, "");
  for (const [col, re] of COLUMN_WORDS) if (re.test(c)) return col;
  return null;
}

/** A header cell's words (序号, 牵头单位 …): what a printed header split over several lines is made of. */
export const isHeaderWord = (cell: string): boolean => columnOf(cell) !== null;

/** How a header word ends: what the last line of one wrapped in a narrow cell (牵头｜单位, 序｜号) ends with. */
const WORD_END =
  /(?:号|单位|部门|任务|时限|时间|节点|措施|举措|内容|安排|要求|名称|类别|分类|领域|板块|方向|备注|说明)$/;
const whole = (w: string) => WORD_END.test(w) && isHeaderWord(w);

/** The characters header words are written with. */
const HEADER_CHARS = new Set(COLUMN_WORDS.flatMap(([, re]) => re.source.match(/\p{Script=Han}/gu) ?? []));

/**
 * Whether a cell may be a header word or a line of one a narrow cell wrapped (牵头, 单位, 序): written with
 * header words' characters only. A name (张三, 区财政局) or a date may not.
 */
export const mayBeHeaderPiece = (cell: string): boolean =>
  isHeaderWord(cell) || [...cell.replace(/\s+/g, "")].every((ch) => HEADER_CHARS.has(ch));

/**
 * How many of the pieces, top to bottom, are the lines of one header word wrapped in a narrow cell
 * (牵头｜单位, 完成｜时限, 序｜号, 完｜成时｜限): they join into a word that ends as header words end, and none
 * of them before the last ends one already, so a unit or a date under a whole word (牵头单位｜区委) never joins
 * it. 0 when they are not.
 */
export function wrappedLength(pieces: string[]): number {
  let joined = "";
  for (let k = 0; k < pieces.length && k < 4; k++) {
    if (k > 0 && whole(joined)) return 0;
    joined += (pieces[k] ?? "").replace(/\s+/g, "");
    if (k > 0 && joined.length <= 8 && whole(joined)) return k + 1;
  }
  return 0;
}

export interface TableHeader {
  row: number;
  columns: (Column | null)[];
  labels: string[];
}

/**
 * Rows from `r` on that are one header row whose words a narrow column wrapped onto the rows below (序｜号,
 * 牵头｜单位 as rows of their own, as text copied from a printed table comes): each column's pieces, top to
 * bottom, are one word or a word merged down (the same in each row); at least one word is wrapped.
 */
function wrappedRows(table: Table, r: number): { last: number; labels: string[] } | null {
  const width = table.rows[r]?.length ?? 0;
  for (let n = 2; n <= 4 && r + n <= table.rows.length; n++) {
    const rows = table.rows.slice(r, r + n).map((row) => row.map((c) => c.replace(/\s+/g, "")));
    if (rows.some((row) => row.length !== width || row.some((c) => c.length > 6))) return null;
    let wraps = false;
    const labels: string[] = [];
    for (let c = 0; c < width; c++) {
      const pieces = rows.map((row) => row[c] ?? "").filter((p, i, all) => p && p !== all[i - 1]);
      if (pieces.length > 1 && wrappedLength(pieces) !== pieces.length) {
        labels.length = 0;
        break;
      }
      wraps ||= pieces.length > 1;
      labels.push(pieces.join(""));
    }
    if (wraps && labels.length === width) return { last: r + n - 1, labels };
  }
  return null;
}

/** The columns a header row names; a 具体措施 column is the task column when there is no other. */
function columnsOf(labels: string[]): (Column | null)[] | null {
  const columns = labels.map(columnOf);
  const measure = columns.indexOf("measure");
  if (!columns.includes("task") && measure >= 0) columns[measure] = "task";
  const names = columns.includes("task") && (columns.includes("lead") || columns.includes("responsible"));
  return names ? columns : null;
}

/** The header row: within the first three rows, one naming a task column and a unit or number column. */
export function findHeader(table: Table): TableHeader | null {
  for (let r = 0; r < Math.min(3, table.rows.length); r++) {
    const own = { last: r, labels: (table.rows[r] ?? []).map((c) => c.replace(/\s+/g, "")) };
    for (const head of [wrappedRows(table, r), own]) {
      const columns = head && columnsOf(head.labels);
      if (head && columns) return subHeader(table, { row: head.last, columns, labels: head.labels });
    }
  }
  return null;
}

/**
 * A header in two rows: 「责任单位」 over 「牵头单位｜配合单位」, the other cells merged down. The second row names
 * the columns where it says something; the first row names the rest.
 */
function subHeader(table: Table, top: TableHeader): TableHeader {
  const wrapped = wrappedRows(table, top.row + 1);
  const next = wrapped?.labels ?? (table.rows[top.row + 1] ?? []).map((c) => c.replace(/\s+/g, ""));
  if (next.length !== top.labels.length) return top;
  const columns = next.map(columnOf);
  const names = columns.filter((c, i) => c !== null && next[i] !== top.labels[i]);
  const isLabels = next.every((l, i) => l === "" || columns[i] !== null);
  if (!isLabels || !names.some((c) => c === "lead" || c === "responsible")) return top;
  return {
    row: wrapped?.last ?? top.row + 1,
    columns: columns.map((c, i) => c ?? top.columns[i] ?? null),
    labels: next.map((l, i) => l || (top.labels[i] ?? "")),
  };
}

export interface RenderedLine {
  text: string;
  where: string;
  /** The task cell as written (for matching the deadline back to the task). */
  task: string;
  /** The row's 完成时限, for the task this line starts. */
  deadline?: string;
  /** The row's units as a label spec ("牵头单位：X；责任单位：Y"), for a task row. */
  spec?: string;
  /** The row's 序号 as written, for a task row. */
  no?: number;
}

const CJK = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
function cjk(n: number): string {
  if (n <= 10) return CJK[n] ?? String(n);
  if (n < 20) return `十${CJK[n - 10]}`;
  return `${CJK[Math.floor(n / 10)]}十${CJK[n % 10]}`;
}

const SECTION_MARKER =
  /^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）])\s*/;

/** A label cell's text ("牵头 单位") as the plan reader's label word. */
function labelWord(label: string, col: "lead" | "responsible"): string {
  if (col === "lead") return "牵头单位";
  if (/配合|协办|参与/.test(label)) return "配合单位";
  return "责任单位";
}

/** Renders a recognised task table as plan lines; rows it cannot read come back as `unread`. */
export function renderTaskTable(
  table: Table,
  header: TableHeader,
): { lines: RenderedLine[]; unread: { where: string; text: string; message?: string }[] } {
  const lines: RenderedLine[] = [];
  const unread: { where: string; text: string; message?: string }[] = [];
  const idx = (c: Column) => header.columns.indexOf(c);
  const [iNo, iSec, iTask, iMeasure, iDl] = (["no", "section", "task", "measure", "deadline"] as const).map(
    idx,
  );
  // Every unit column, in order: a table may have 牵头单位, 责任单位 and 配合单位 side by side.
  const unitColumns = header.columns.flatMap((c, i) =>
    c === "lead" || c === "responsible" ? [{ c, i }] : [],
  );
  // A column this reader does not know is named once, never dropped unsaid.
  const unknown = new Set(
    header.columns.flatMap((c, i) => ((c === null || c === "note") && header.labels[i] ? [i] : [])),
  );
  let sections = 0;
  let lastSection: string | null = null;
  let counter = 0;
  const startSection = (title: string, where: string) => {
    sections++;
    counter = 0;
    lastSection = title;
    lines.push({ text: `（${cjk(sections)}）${title.replace(SECTION_MARKER, "")}`, where, task: "" });
  };
  for (let r = header.row + 1; r < table.rows.length; r++) {
    const row = table.rows[r] ?? [];
    const where = table.rowWhere[r] ?? `第${r + 1}行`;
    const cell = (i: number | undefined) => (i === undefined || i < 0 ? "" : (row[i] ?? "").trim());
    const filled = row.map((c) => c.trim()).filter((c) => c.length > 0);
    if (filled.length === 0) continue;
    // A row merged across the table, or with one cell only at its start or in its task column: a section
    // heading. A lone unit or date (a row with nothing else) is no heading: it is reported as unread.
    const lone = filled.length === 1 ? row.findIndex((c) => c.trim()) : -1;
    const across = filled.length > 1 && new Set(filled).size === 1;
    const heading = lone === 0 || lone === iTask || (lone >= 0 && lone === iSec);
    if ((across || heading) && (row.length > 2 || !cell(iTask))) {
      const only = filled[0] ?? "";
      if (only !== lastSection) startSection(only, where);
      continue;
    }
    const sec = cell(iSec);
    if (sec && sec !== lastSection) startSection(sec, where);
    const measure = cell(iMeasure).replace(/\n+/g, "");
    const task = [cell(iTask).replace(/\n+/g, ""), measure]
      .filter(Boolean)
      .map((t, i, all) => (i < all.length - 1 && !/[。；;！？]$/.test(t) ? `${t}。` : t))
      .join("");
    for (const i of unknown)
      if (cell(i)) {
        unknown.delete(i);
        unread.push({
          where,
          text: cell(i),
          message: `表格的「${header.labels[i]}」列未读入（如「${cell(i).slice(0, 30)}」）`,
        });
      }
    if (!task) {
      unread.push({ where, text: filled.join(" ") });
      continue;
    }
    counter++;
    const noCell = cell(iNo).replace(/[.．、\s]/g, "");
    const no = /^\d{1,3}$/.test(noCell) ? Number(noCell) : counter;
    const units = (i: number, col: "lead" | "responsible") => {
      const names = cell(i).replace(/\n+/g, "、").replace(/、+$/, "");
      return names ? `${labelWord(header.labels[i] ?? "", col)}：${names}` : "";
    };
    const spec = unitColumns
      .map(({ c, i }) => units(i, c))
      .filter(Boolean)
      .join("；");
    const deadline = cell(iDl).replace(/\n+/g, "");
    lines.push({
      text: `${no}、${task}${spec ? `（${spec}）` : ""}`,
      where,
      task,
      spec,
      ...(/^\d{1,3}$/.test(noCell) ? { no } : {}),
      ...(deadline ? { deadline } : {}),
    });
  }
  return { lines, unread };
}
