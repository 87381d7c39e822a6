/**
 * A 任务分解表 printed to PDF: pdf.js gives text items with positions, not cells. Long cells wrap over
 * several lines and short cells are often centred beside the middle of a tall row, so a printed line holds
 * pieces of different rows. The table is rebuilt from positions: columns are the x ranges that text fills
 * (the gutters between cells stay empty), a cell is a run of lines in one column at line spacing, and a
 * row is a 工作任务 cell with the other columns' cells that lie beside it.
 */

import { readRuledTable } from "./pdf-grid";
import { headerLength, isHeaderStart, readHeader, spanningWords } from "./pdf-header";
import {
  ENDS_SENTENCE,
  type Item,
  isFoot,
  joinAcrossBreak,
  joinCellLines,
  type KnownName,
  knownNames,
  lineWhere,
  type PrintedLine,
  regionOf,
  tasksEndSentences,
} from "./pdf-region";
import type { PageRules } from "./pdf-rules";
import type { Table } from "./source";

/** Columns: the x ranges covered by text, the rare line across a gutter (a section row) aside. */
function columnSpans(items: Item[], headers: Item[]): [number, number][] {
  const max = Math.ceil(Math.max(...items.map((i) => i.x + i.width), 1)) + 2;
  const cover = new Array<number>(max + 1).fill(0);
  const threshold = Math.max(1, Math.floor(items.length * 0.04));
  const add = (i: Item, w: number) => {
    for (let x = Math.floor(i.x); x <= Math.ceil(i.x + i.width) && x <= max; x++)
      cover[x] = (cover[x] ?? 0) + w;
  };
  for (const i of items) add(i, 1);
  for (const h of headers) add(h, threshold + 1);
  const spans: [number, number][] = [];
  let from: number | null = null;
  for (let x = 0; x <= max; x++) {
    const on = (cover[x] ?? 0) > threshold;
    if (on && from === null) from = x;
    if (!on && from !== null) {
      spans.push([from, x]);
      from = null;
    }
  }
  if (from !== null) spans.push([from, max]);
  return spans;
}

interface Cell {
  page: number;
  lines: { y: number; x1: number; text: string; where: string }[];
  col: number;
}

const top = (c: Cell) => (c.lines[0]?.y ?? 0) + 1;
const bottom = (c: Cell, size: number) => (c.lines[c.lines.length - 1]?.y ?? 0) - size * 0.3;

function overlap(a: Cell, b: Cell, size: number): number {
  if (a.page !== b.page) return -Infinity;
  const o = Math.min(top(a) + size, top(b) + size) - Math.max(bottom(a, size), bottom(b, size));
  if (o > 0) return o;
  const mid = (c: Cell) => (top(c) + bottom(c, size)) / 2;
  return -Math.abs(mid(a) - mid(b));
}

const SECTION = /^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])/;

/** Rebuilds the table whose header is lines[start]; returns it and the index after its last line. */
function rebuild(lines: PrintedLine[], start: number, end: number, known: KnownName): Table {
  const headLines = lines.slice(start, start + Math.max(1, headerLength(lines, start)));
  const head = headLines[0] as PrintedLine;
  const size = head.size;
  // The header, and the header repeated on the pages the table runs onto, are not rows.
  const repeated = new Set<number>();
  for (let k = start + headLines.length; k < end; k++)
    for (let n = headerLength(lines, k); n > 0; n--) repeated.add(k + n - 1);
  const region = lines
    .slice(start + headLines.length, end)
    .filter((l, i, all) => !repeated.has(start + headLines.length + i) && !isFoot(l, all[i + 1]));
  // A word spanning two columns (责任单位 over 牵头单位｜配合单位) would join them: it does not mark a column.
  const spanning = spanningWords(headLines);
  // A section row (一、…) runs across the gutters; in a short table there are enough of them to bridge one.
  const spans = columnSpans(
    region.flatMap((l) => (l.items.length === 1 && SECTION.test(l.text) ? [] : l.items)),
    headLines.flatMap((l) => l.items).filter((it) => !spanning.has(it)),
  );
  const colOf = (x0: number, x1: number): number[] =>
    spans.flatMap(([a, b], i) => (Math.min(b, x1) - Math.max(a, x0) > 0 ? [i] : []));
  const { header, labels } = readHeader(headLines, spans);
  const taskCol = header?.columns.indexOf("task") ?? -1;
  const noCol = header?.columns.indexOf("no") ?? -1;
  // Section rows (merged across), and each column's lines.
  const sections: Cell[] = [];
  const colLines: { page: number; y: number; x1: number; text: string; where: string }[][] = spans.map(
    () => [],
  );
  for (const l of region) {
    const where = lineWhere(l);
    const first = l.items[0];
    const last = l.items[l.items.length - 1];
    if (l.items.length === 1 && first && last && colOf(first.x, last.x + last.width).length > 1) {
      sections.push({ page: l.page, col: -1, lines: [{ y: first.y, x1: 0, text: l.text, where }] });
      continue;
    }
    const byCol = new Map<number, Item[]>();
    for (const it of l.items) {
      const mid = it.x + it.width / 2;
      let c = spans.findIndex(([a, b]) => mid >= a && mid <= b);
      if (c < 0)
        c = spans.reduce(
          (best, [a], i) => (Math.abs(a - mid) < Math.abs((spans[best]?.[0] ?? 0) - mid) ? i : best),
          0,
        );
      byCol.set(c, [...(byCol.get(c) ?? []), it]);
    }
    for (const [c, its] of byCol) {
      const lastIt = its[its.length - 1] as Item;
      colLines[c]?.push({
        page: l.page,
        y: its[0]?.y ?? 0,
        x1: lastIt.x + lastIt.width,
        text: its.map((i) => i.str).join(""),
        where,
      });
    }
  }
  // Line spacing: the common small gap between a column's consecutive lines.
  const gaps = colLines
    .flatMap((ls) => ls.slice(1).map((l, i) => (ls[i]?.page === l.page ? (ls[i]?.y ?? 0) - l.y : 0)))
    .filter((g) => g > size * 0.5)
    .sort((a, b) => a - b);
  const lineGap = gaps[Math.floor(gaps.length / 4)] ?? size * 1.5;
  const cells: Cell[] = [];
  colLines.forEach((ls, col) => {
    let cell: Cell | null = null;
    for (const l of ls) {
      const prev: Cell["lines"][number] | undefined = cell?.lines[cell.lines.length - 1];
      if (cell && prev && cell.page === l.page && prev.y - l.y <= lineGap * 1.25) cell.lines.push(l);
      else {
        cell = { page: l.page, col, lines: [l] };
        cells.push(cell);
      }
    }
  });
  const right = spans.map((_, c) => Math.max(...(colLines[c] ?? []).map((l) => l.x1), 0));
  const unitCol = spans.map((_, c) => ["lead", "responsible"].includes(header?.columns[c] ?? ""));
  const textOf = (c: Cell) => joinCellLines(c.lines, right[c.col] ?? 0, unitCol[c.col] === true, size, known);
  // Rows: each 工作任务 cell (or each section row), with every other cell beside it.
  const anchors = [...cells.filter((c) => c.col === taskCol), ...sections].sort(
    (a, b) => a.page - b.page || top(b) - top(a),
  );
  const rows = anchors.map((a) => ({ anchor: a, cells: new Map<number, Cell[]>() }));
  const sentences = tasksEndSentences(anchors.filter((a) => a.col === taskCol).map(textOf));
  const orphans: Cell[] = [];
  for (const c of cells) {
    if (c.col === taskCol) continue;
    let best = -1;
    let score = -Infinity;
    rows.forEach((r, i) => {
      if (r.anchor.col === -1) return;
      const s = overlap(r.anchor, c, size);
      if (s > score) [best, score] = [i, s];
    });
    // Above every row of its page and beside none: the end of the last page's last row, cut by the break.
    const firstOnPage = rows.findIndex((r) => r.anchor.page === c.page);
    const above = rows[firstOnPage];
    if (firstOnPage > 0 && above && best === firstOnPage && score <= 0 && top(c) > top(above.anchor))
      best = firstOnPage - 1;
    // A page holding only the spill of the last row.
    if (firstOnPage < 0) best = rows.findLastIndex((r) => r.anchor.page < c.page && r.anchor.col !== -1);
    const row = rows[best];
    if (row) row.cells.set(c.col, [...(row.cells.get(c.col) ?? []), c]);
    else orphans.push(c);
  }
  const table: Table = { kind: "table", rows: [labels], rowWhere: [lineWhere(head)] };
  for (const r of rows) {
    const where = r.anchor.lines[0]?.where ?? "";
    if (r.anchor.col === -1) {
      table.rows.push(spans.map(() => r.anchor.lines[0]?.text ?? ""));
      table.rowWhere.push(where);
      continue;
    }
    const row = spans.map((_, c) =>
      c === taskCol
        ? textOf(r.anchor)
        : (r.cells.get(c) ?? [])
            .map(textOf)
            .reduce((acc, t) => joinAcrossBreak(acc, t, unitCol[c] === true, known), ""),
    );
    const filled = row.filter((t) => t.trim());
    const prev = table.rows[table.rows.length - 1];
    // A row the page break cut in two: its second part opens the page with no 序号 (or, in a table
    // without 序号, with nothing beside its task text, or after a task cell that stopped mid-sentence
    // where the others end theirs) and does not start a section.
    const firstOnPage = !rows.some((o) => o.anchor.page === r.anchor.page && top(o.anchor) > top(r.anchor));
    const midSentence = sentences && !ENDS_SENTENCE.test((prev?.[taskCol] ?? "").trim());
    const cut =
      noCol >= 0
        ? !row[noCol] && Boolean(prev?.[noCol])
        : (filled.length === 1 || midSentence) && !SECTION.test(row[taskCol] || filled[0] || "");
    const prevIsTask = prev !== undefined && table.rows.length > 1 && new Set(prev).size > 1;
    if (cut && firstOnPage && prev && prevIsTask) {
      row.forEach((t, c) => {
        if (t) prev[c] = joinAcrossBreak(prev[c] ?? "", t, unitCol[c] === true, known);
      });
      continue;
    }
    if (filled.length === 1 && SECTION.test(filled[0] ?? ""))
      table.rows.push(spans.map(() => filled[0] ?? ""));
    else table.rows.push(row);
    table.rowWhere.push(where);
  }
  // Text beside no 工作任务 cell stays in the table as a row of its own, which the table reader reports.
  for (const c of orphans) {
    table.rows.push(spans.map((_, i) => (i === c.col ? textOf(c) : "")));
    table.rowWhere.push(c.lines[0]?.where ?? "");
  }
  return table;
}

/**
 * Lines with every printed 任务分解表 replaced by one line carrying the rebuilt table: read by its ruling
 * lines when the pages have them, else by the positions of its text.
 */
export function rebuildTables(
  lines: PrintedLine[],
  rulesOf: (page: number) => PageRules | undefined = () => undefined,
): PrintedLine[] {
  const out: PrintedLine[] = [];
  const known = knownNames(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as PrintedLine;
    if (!isHeaderStart(lines, i)) {
      out.push(line);
      continue;
    }
    const end = regionOf(lines, i);
    const ruled = readRuledTable(lines.slice(i, end), rulesOf, known);
    out.push({ ...line, table: ruled?.table ?? rebuild(lines, i, end, known) }, ...(ruled?.outside ?? []));
    i = end - 1;
  }
  return out;
}
