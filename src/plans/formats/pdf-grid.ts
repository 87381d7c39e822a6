/**
 * A printed 任务分解表 read by its ruling lines. The vertical rules give the columns and the horizontal
 * rules the row boundaries, so rows are found even when no space separates them; where a boundary has no
 * rule across a column the cells above and below are one merged cell (a 牵头单位 printed once beside
 * several tasks), and its text is given to every task row it spans. A row the page break cuts in two is
 * left open at the foot of the page (its cells have no closing rule) and is joined to the first row of
 * the next page. Returns null when the pages have no usable grid, so that the caller reads the table by
 * text positions instead.
 */
import {
  type CellLine,
  ENDS_SENTENCE,
  isFoot,
  joinAcrossBreak,
  joinCellLines,
  type KnownName,
  lineWhere,
  type PrintedLine,
} from "./pdf-region";
import type { PageRules, Rule } from "./pdf-rules";
import type { Table } from "./source";
import { findHeader, type TableHeader } from "./task-table";

const TOL = 1.5;

/** Positions within TOL of each other as one (their mean), ascending. */
function cluster(values: number[]): number[] {
  const out: number[][] = [];
  for (const v of [...values].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && v - (last[last.length - 1] ?? v) <= TOL) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

const covers = (rules: Rule[], at: number, mid: number) =>
  rules.some((r) => Math.abs(r.at - at) <= TOL && r.from - TOL <= mid && r.to + TOL >= mid);

interface Grid {
  page: number;
  xs: number[];
  /** Row boundaries, top to bottom; the first and last may be open (no rule there). */
  ys: number[];
  /** Per column: the last band has no rule under it, so its cell goes on over the page. */
  openBottom: boolean[];
  /** Slot (band, column) → its merged cell's id. */
  root: number[][];
  /** Cell id → its lines. */
  cells: Map<number, (CellLine & { y: number; where: string })[]>;
  /** Lines of the region wholly outside the grid (the text after the table), given back to the page. */
  outside: PrintedLine[];
  /** Pieces of a line in the grid that stick out of it. */
  stray: { text: string; where: string }[];
}

function gridOf(page: number, lines: PrintedLine[], rules: PageRules, size: number): Grid | null {
  const ysOfLines = lines.map((l) => l.items[0]?.y ?? 0);
  const yTop = Math.max(...ysOfLines) + size;
  const yBot = Math.min(...ysOfLines) - size * 0.5;
  const vs = rules.v.filter((v) => v.from < yTop && v.to > yBot);
  const xs = cluster(vs.map((v) => v.at));
  const first = xs[0];
  const last = xs[xs.length - 1];
  if (xs.length < 3 || first === undefined || last === undefined) return null;
  const vTop = Math.max(...vs.map((v) => v.to));
  const vBot = Math.min(...vs.map((v) => v.from));
  const hs = rules.h.filter(
    (h) => h.at >= vBot - TOL && h.at <= vTop + TOL && h.to > first + TOL && h.from < last - TOL,
  );
  const ys = cluster(hs.map((h) => h.at)).reverse();
  if (!ys.length || Math.abs((ys[0] ?? 0) - vTop) > size * 0.5) ys.unshift(vTop);
  if (Math.abs((ys[ys.length - 1] ?? 0) - vBot) > size * 0.5) ys.push(vBot);
  const foot = ys[ys.length - 1] ?? 0;
  const openBottom = xs.slice(0, -1).map((x, c) => !covers(hs, foot, (x + (xs[c + 1] ?? x)) / 2));
  const bands = ys.length - 1;
  const cols = xs.length - 1;
  if (bands < 1) return null;
  // Slots joined where no rule separates them: union-find over band × column.
  const parent = Array.from({ length: bands * cols }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    parent[i] = r;
    return r;
  };
  const join = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let r = 0; r < bands; r++)
    for (let c = 0; c < cols; c++) {
      const [x0, x1, top, bot] = [xs[c] ?? 0, xs[c + 1] ?? 0, ys[r] ?? 0, ys[r + 1] ?? 0];
      if (r + 1 < bands && !covers(rules.h, bot, (x0 + x1) / 2)) join(r * cols + c, (r + 1) * cols + c);
      if (c + 1 < cols && !covers(rules.v, x1, (top + bot) / 2)) join(r * cols + c, r * cols + c + 1);
    }
  const root = Array.from({ length: bands }, (_, r) =>
    Array.from({ length: cols }, (_, c) => find(r * cols + c)),
  );
  const cells: Grid["cells"] = new Map();
  const outside: PrintedLine[] = [];
  const stray: Grid["stray"] = [];
  for (const l of lines) {
    const out: string[] = [];
    for (const it of l.items) {
      const cx = it.x + it.width / 2;
      const cy = it.y + it.fontSize * 0.35;
      const r = ys.findIndex((y, k) => k + 1 < ys.length && cy <= y + TOL && cy > (ys[k + 1] ?? 0) - TOL);
      const c = xs.findIndex((x, k) => k + 1 < xs.length && cx >= x && cx < (xs[k + 1] ?? 0));
      const id = root[r]?.[c];
      if (id === undefined) {
        out.push(it.str);
        continue;
      }
      const ls = cells.get(id) ?? [];
      cells.set(id, ls);
      const same = ls.find((x) => Math.abs(x.y - it.y) < size * 0.5);
      if (same) {
        same.text += it.str;
        same.x1 = it.x + it.width;
      } else ls.push({ y: it.y, x1: it.x + it.width, text: it.str, where: lineWhere(l) });
    }
    if (out.length === l.items.length) outside.push(l);
    else if (out.join("").trim()) stray.push({ text: out.join("").trim(), where: lineWhere(l) });
  }
  for (const ls of cells.values()) ls.sort((a, b) => b.y - a.y);
  return { page, xs, ys, openBottom, root, cells, outside, stray };
}

interface Row {
  cells: string[];
  /** Cell ids per column (to carry a merged cell over a page break). */
  ids: number[][];
  where: string;
  page: number;
}

/** The grid's rows: one per 工作任务 cell, with the text of every cell beside it (merged cells repeated). */
function rowsOf(g: Grid, taskCol: number, text: (id: number, col: number) => string): Row[] {
  const rows: Row[] = [];
  const cols = g.xs.length - 1;
  let r = 0;
  while (r < g.root.length) {
    const anchor = g.root[r]?.[taskCol];
    let r1 = r;
    while (r1 + 1 < g.root.length && g.root[r1 + 1]?.[taskCol] === anchor) r1++;
    const ids = Array.from({ length: cols }, (_, c) => [
      ...new Set(g.root.slice(r, r1 + 1).map((band) => band[c] ?? -1)),
    ]);
    const cells = ids.map((list, c) =>
      list
        .map((id) => text(id, c))
        .filter(Boolean)
        .join("\n"),
    );
    const firstLine = [anchor ?? -1, ...ids.flat()].map((id) => g.cells.get(id)?.[0]?.where).find(Boolean);
    rows.push({ cells, ids, where: firstLine ?? `第${g.page}页`, page: g.page });
    r = r1 + 1;
  }
  return rows;
}

export function readRuledTable(
  region: PrintedLine[],
  rulesOf: (page: number) => PageRules | undefined,
  known: KnownName,
): { table: Table; outside: PrintedLine[] } | null {
  const head = region[0];
  if (!head) return null;
  const size = head.size;
  const pages = [...new Set(region.map((l) => l.page))];
  const grids: Grid[] = [];
  for (const page of pages) {
    const lines = region.filter((l, i) => l.page === page && !isFoot(l, region[i + 1]));
    const rules = rulesOf(page);
    const g = rules && lines.length ? gridOf(page, lines, rules, size) : null;
    if (!g) return null;
    const cols = grids[0]?.xs;
    // One table keeps its columns over its pages; other columns mean another table or no grid at all.
    if (cols && (cols.length !== g.xs.length || cols.some((x, i) => Math.abs(x - (g.xs[i] ?? 0)) > 2)))
      return null;
    grids.push(g);
  }
  const first = grids[0];
  if (!first) return null;
  const headerOf = (cells: string[]): TableHeader | null =>
    findHeader({ kind: "table", rows: [cells.map((c) => c.replace(/\n/g, ""))], rowWhere: [""] });
  const raw = (g: Grid, id: number) =>
    g.cells
      .get(id)
      ?.map((l) => l.text)
      .join("") ?? "";
  const headBand = first.root.findIndex((band) => headerOf(band.map((id) => raw(first, id))) !== null);
  // A header in two bands (责任单位 over 牵头单位｜配合单位): the second names the columns it splits.
  const bandText = (b: number) => (first.root[b] ?? []).map((id) => raw(first, id).replace(/\n/g, ""));
  const header =
    headBand >= 0
      ? findHeader({ kind: "table", rows: [bandText(headBand), bandText(headBand + 1)], rowWhere: ["", ""] })
      : null;
  if (!header) return null;
  const taskCol = header.columns.indexOf("task");
  const noCol = header.columns.indexOf("no");
  const unitCol = header.columns.map((c) => c === "lead" || c === "responsible");
  // A column's right edge: where its longest lines end (a wrapped line ran to it).
  const right = header.columns.map((_, c) =>
    Math.max(
      0,
      ...grids.flatMap((g) =>
        [...g.cells.entries()].flatMap(([id, ls]) =>
          g.root.some((b) => b[c] === id && b[c + 1] !== id) ? ls.map((l) => l.x1) : [],
        ),
      ),
    ),
  );
  const table: Table = { kind: "table", rows: [header.labels], rowWhere: [lineWhere(head)] };
  const stray: { text: string; where: string }[] = [];
  let prev: Row | null = null;
  let carry: { col: number; text: string }[] = [];
  let prevOpen = false;
  for (const g of grids) {
    const text = (id: number, col: number) =>
      joinCellLines(g.cells.get(id) ?? [], right[col] ?? 0, unitCol[col] === true, size, known);
    const rows = rowsOf(g, taskCol, text).filter((r) => r.cells.some((t) => t.trim()) && !headerOf(r.cells));
    stray.push(...g.stray);
    rows.forEach((row, k) => {
      // Rows at the top of a page inside a merged cell that began on the page before: its text goes on.
      for (const { col, text: t } of carry)
        if (!row.cells[col] && row.ids[col]?.[0] === rows[0]?.ids[col]?.[0]) row.cells[col] = t;
      const filled = row.cells.filter((t) => t.trim());
      const before = prev?.cells[taskCol] ?? "";
      const cut =
        k === 0 &&
        prev !== null &&
        (prevOpen ||
          (noCol >= 0
            ? !row.cells[noCol] && Boolean(prev.cells[noCol]) && Boolean(row.cells[taskCol])
            : filled.length === 1 && Boolean(row.cells[taskCol]) && !ENDS_SENTENCE.test(before)));
      const last = table.rows[table.rows.length - 1];
      if (cut && last) {
        row.cells.forEach((t, c) => {
          if (t && t !== last[c]) last[c] = joinAcrossBreak(last[c] ?? "", t, unitCol[c] === true, known);
        });
        return;
      }
      table.rows.push(row.cells);
      table.rowWhere.push(row.where);
      prev = row;
    });
    prevOpen = g.openBottom[taskCol] === true;
    const lastRow = rows[rows.length - 1];
    carry = (lastRow?.cells ?? []).flatMap((t, col) =>
      col !== taskCol && t && g.openBottom[col] ? [{ col, text: t }] : [],
    );
  }
  // Text sticking out of a cell is a row with no task, which the table reader reports as unread.
  const spare = header.columns.length - 1 === taskCol ? header.columns.length - 2 : header.columns.length - 1;
  for (const s of stray) {
    table.rows.push(header.columns.map((_, c) => (c === spare ? s.text : "")));
    table.rowWhere.push(s.where);
  }
  return { table, outside: grids.flatMap((g) => g.outside) };
}
