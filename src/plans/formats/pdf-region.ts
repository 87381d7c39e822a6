/**
 * What the two ways of rebuilding a printed 任务分解表 share: the printed lines, which of them belong to
 * the table (it runs on over page breaks, its header repeated or not), and how the lines of one cell are
 * joined back (a wrapped line runs on; a unit column's line that ends a name ends there).
 */
import type { Table } from "./source";
import { findHeader } from "./task-table";

export interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

export interface PrintedLine {
  page: number;
  no: number;
  text: string;
  x0: number;
  x1: number;
  size: number;
  columns: boolean;
  items: Item[];
  /** Cells of the line: items apart by a wide gap. */
  cells: string[];
  /** A table rebuilt from the lines it replaces. */
  table?: Table;
}

const PAGE_NO = /^[-—–－\s]*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?)[-—–－\s]*$/;

/** A page number at the foot of a page (a lone 序号 cell is also a bare number, but not the page's last line). */
export function isFoot(line: PrintedLine, next: PrintedLine | undefined): boolean {
  return line.cells.length === 1 && PAGE_NO.test(line.text) && next?.page !== line.page;
}

export function isHeader(line: PrintedLine): boolean {
  return line.cells.length >= 2 && findHeader({ kind: "table", rows: [line.cells], rowWhere: [""] }) !== null;
}

export const lineWhere = (l: { page: number; no: number }) => `第${l.page}页第${l.no}行`;

/**
 * Whether the lines from `at` on, on a page the table may have run onto, are still the table: a line of
 * cells comes before the first wide gap (a paragraph after the table has none). A row cut by the break
 * opens the page with its task column's text alone, at the table's left edge.
 */
function runsOnHere(lines: PrintedLine[], at: number, size: number): boolean {
  const page = lines[at]?.page;
  for (let k = at; k < lines.length && k < at + 12; k++) {
    const l = lines[k];
    const prev = lines[k - 1];
    if (!l || l.page !== page) return false;
    if (k > at && prev && (prev.items[0]?.y ?? 0) - (l.items[0]?.y ?? 0) > size * 3.4) return false;
    if (l.columns || isHeader(l)) return true;
  }
  return false;
}

/** The lines of the table that starts at `start` (its header line): it runs on over page breaks. */
export function regionOf(lines: PrintedLine[], start: number): number {
  const head = lines[start];
  if (!head) return start;
  let left = head.x0;
  let end = start + 1;
  for (; end < lines.length; end++) {
    const prev = lines[end - 1];
    const line = lines[end];
    if (!prev || !line) break;
    if (line.size > head.size * 1.3) break;
    if (line.page === prev.page) {
      const gap = (prev.items[0]?.y ?? 0) - (line.items[0]?.y ?? 0);
      if (!isFoot(line, lines[end + 1]) && gap > head.size * 3.4) break;
      left = Math.min(left, line.x0);
      continue;
    }
    // A new page: the table had run to the foot of the last one; it goes on if this page opens with a
    // repeated header, a line of cells, a line inside the table rather than at its left edge, or the rest
    // of a cut row at the left edge with the table's cells following.
    const inside = line.x0 > left + head.size * 0.5;
    const atEdge = Math.abs(line.x0 - left) < head.size * 0.5 && runsOnHere(lines, end, head.size);
    if (!(isHeader(line) || line.columns || inside || atEdge)) break;
  }
  return end;
}

/** The last character of a unit's name: a full line in a unit column that ends so ended a name. */
const UNIT_END = /(?:局|委|办|府|会|部|院|公司|中心|行|队|所|厅|处|室|站|馆|社|团|组)$/;

/**
 * What a unit's name ends with and no name starts with: a unit line opening with it alone goes on the name
 * the line before ended mid-way, though that line ended in a character names end in too (区人社｜局).
 */
const NAME_TAIL =
  /^(?:局|厅|委|办|府|会|部|院|处|室|站|馆|社|团|组|所|队|行|署|中心|公司|集团|分局|支队|大队|分行|支行|办公室|办公厅|委员会|管委会|办事处)(?=$|[、，,；;（(])/;

/** Whether the document writes a name whole on one line (in its text or in another cell). */
export type KnownName = (name: string) => boolean;

/** The names the document's lines hold: each line's runs of text, one to a line, to look a name up in. */
export function knownNames(lines: PrintedLine[]): KnownName {
  const text = lines.flatMap((l) => l.text.split(/\s+/)).join("\n");
  return (name) => name.length >= 3 && text.includes(name);
}

const NAME_SEP = /[、，,；;\n]/;

/**
 * Whether a unit column's line ended a name where the next line goes on. Ending in 局, 社 … it did, unless
 * the next line opens with only a name's tail (区人社｜局), or the two pieces make a name the document
 * writes whole elsewhere (区委｜宣传部, with 区委宣传部 on another line).
 */
function endsName(before: string, after: string, known: KnownName): boolean {
  if (!UNIT_END.test(before) || NAME_TAIL.test(after)) return false;
  const last = before.split(NAME_SEP).pop() ?? "";
  const first = after.split(NAME_SEP)[0] ?? "";
  return !(last && first && known(last + first));
}

export interface CellLine {
  x1: number;
  text: string;
}

const noNames: KnownName = () => false;

/**
 * A cell's lines as its text: a line that stops short of the column's right edge ended there and a full
 * one wrapped. In a unit column a full line that ends a unit's name (…局, …委) and has no 、 after it
 * also ended there (endsName); 、 may not open a line, so a unit line can stop a character or two short
 * and go on, and a line that opens with a name's tail alone goes on the line before, short or not.
 */
export function joinCellLines(
  lines: CellLine[],
  right: number,
  unitCol: boolean,
  size: number,
  known: KnownName = noNames,
): string {
  return lines
    .map((l, i) => {
      const prev = lines[i - 1];
      if (!prev) return l.text;
      if (unitCol && NAME_TAIL.test(l.text)) return l.text;
      const short = prev.x1 < right - size * (unitCol ? 2.5 : 1.5);
      const unitEnds = unitCol && endsName(prev.text, l.text, known);
      const runsOn = /[、，,]$/.test(prev.text);
      return ((short && !runsOn) || unitEnds ? "\n" : "") + l.text;
    })
    .join("");
}

/** A task cell that ends so ended; one that does not, where the others do, was cut by the page break. */
export const ENDS_SENTENCE = /[。；;！？!?]$/;

/** Whether the table's task cells end their sentences (most do, so one that does not was cut). */
export function tasksEndSentences(tasks: string[]): boolean {
  const filled = tasks.filter((t) => t.trim());
  return (
    filled.length > 0 && filled.filter((t) => ENDS_SENTENCE.test(t.trim())).length >= filled.length * 0.8
  );
}

/** A cell split by a page break goes on mid-name unless a name had ended. */
export function joinAcrossBreak(
  before: string,
  after: string,
  unitCol: boolean,
  known: KnownName = noNames,
): string {
  if (!before) return after;
  if (!after) return before;
  return `${before}${unitCol && !endsName(before, after, known) ? "" : "\n"}${after}`;
}
