/**
 * PDF through pdf.js (unpdf) text items with positions. Print wraps a paragraph over several lines; they
 * are joined back: a line continues the paragraph above when that one ran to the right margin and this
 * one starts at the left margin (no first-line indent, not centred). Items on one line separated by a
 * wide gap are table columns and are kept apart (as tab-separated cells for the table reader).
 */
import { isHeaderStart } from "./pdf-header";
import { type Item, type PrintedLine, regionOf } from "./pdf-region";
import { ensureTransferToFixedLength, type Ops, type PageRules, pageRules } from "./pdf-rules";
import { rebuildTables } from "./pdf-table";
import { type Block, type SourceDoc, splitTabRows } from "./source";

function joinItems(items: Item[]): { text: string; columns: boolean; cells: string[] } {
  let text = "";
  let columns = false;
  let prevEnd: number | null = null;
  for (const it of items) {
    if (prevEnd !== null) {
      const gap = it.x - prevEnd;
      if (gap > it.fontSize * 2.5) {
        text += "\t";
        columns = true;
      } else if (gap > it.fontSize * 0.6) text += " ";
      else if (gap > it.fontSize * 0.2 && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(it.str))
        text += " ";
    }
    text += it.str;
    prevEnd = it.x + it.width;
  }
  return { text, columns, cells: text.split("\t").map((c) => c.trim()) };
}

function pageLines(page: number, items: Item[]): PrintedLine[] {
  const sorted = items.filter((i) => i.str.trim().length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Item[][] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    const head = g?.[0];
    if (g && head && Math.abs(head.y - it.y) < Math.max(head.fontSize, 1) * 0.5) g.push(it);
    else groups.push([it]);
  }
  return groups.map((g, i) => {
    g.sort((a, b) => a.x - b.x);
    const { text, columns, cells } = joinItems(g);
    const last = g[g.length - 1];
    return {
      page,
      no: i + 1,
      text,
      x0: g[0]?.x ?? 0,
      x1: last ? last.x + last.width : 0,
      size: Math.max(...g.map((t) => t.fontSize), 1),
      columns,
      items: g,
      cells,
    };
  });
}

function counts(values: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of values) out.set(Math.round(v), (out.get(Math.round(v)) ?? 0) + 1);
  return out;
}

/**
 * The body's left margin: the leftmost start of a line. Indented first lines can outnumber the lines at
 * the margin in a short document, so the most common start would be the indent, not the margin.
 */
function leftMargin(xs: number[]): number {
  return xs.length > 0 ? Math.min(...xs) : 0;
}

/** The right margin: where most of the long lines end (justified print ends full lines at one x). */
function rightMargin(ends: number[]): number {
  const max = Math.max(...ends, 0);
  let best = max;
  let bestN = 0;
  for (const [v, n] of counts(ends.filter((e) => e >= max * 0.8)))
    if (n > bestN || (n === bestN && v > best)) [best, bestN] = [v, n];
  return best;
}

export function joinPrintedLines(lines: PrintedLine[]): Block[] {
  const prose = lines.filter((l) => !l.columns && !l.table);
  const left = leftMargin(prose.map((l) => l.x0));
  const right = rightMargin(prose.map((l) => l.x1));
  const bodySize = [...counts(prose.map((l) => l.size))].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const out: Block[] = [];
  let prev: PrintedLine | null = null;
  for (const line of lines) {
    if (line.table) {
      out.push(line.table);
      prev = null;
      continue;
    }
    const where = `第${line.page}页第${line.no}行`;
    const last = out[out.length - 1];
    const centre = (left + right) / 2;
    const centred = (l: PrintedLine) => Math.abs((l.x0 + l.x1) / 2 - centre) < l.size;
    // A long title (larger than the body text) wraps onto a second centred line of the same size.
    const titleGoesOn =
      prev !== null &&
      centred(prev) &&
      centred(line) &&
      prev.size === line.size &&
      line.size > bodySize * 1.1 &&
      prev.x1 - prev.x0 > (right - left) * 0.6;
    const continues =
      titleGoesOn ||
      (prev !== null &&
        last !== undefined &&
        !line.columns &&
        !prev.columns &&
        Math.abs(prev.size - line.size) < 0.5 &&
        prev.x1 >= right - prev.size * 1.5 &&
        Math.abs(line.x0 - left) < line.size * 0.5);
    if (continues && last?.kind === "para") last.text += line.text;
    else out.push({ kind: "para", text: line.text, where });
    prev = line;
  }
  return out;
}

/** The ruling lines of the given pages; a page whose drawing pdf.js cannot list has none. */
async function rulesOfPages(
  pdf: { getPage(n: number): Promise<Parameters<typeof pageRules>[0]> },
  pages: Set<number>,
  OPS: Ops,
): Promise<Map<number, PageRules>> {
  const out = new Map<number, PageRules>();
  ensureTransferToFixedLength();
  for (const p of pages) {
    try {
      out.set(p, await pageRules(await pdf.getPage(p), OPS));
    } catch {
      // Its table is read by text positions instead.
    }
  }
  return out;
}

/** The pages a printed table runs over: only they are worth the cost of listing their drawing. */
function tablePages(lines: PrintedLine[]): Set<number> {
  const pages = new Set<number>();
  lines.forEach((_, i) => {
    if (!isHeaderStart(lines, i)) return;
    for (const t of lines.slice(i, regionOf(lines, i))) pages.add(t.page);
  });
  return pages;
}

/** `rules: false` reads tables by text positions alone, as for a PDF drawn without ruling lines. */
export async function readPdfFile(bytes: Uint8Array, opts: { rules?: boolean } = {}): Promise<SourceDoc> {
  const { extractTextItems, getDocumentProxy, getResolvedPDFJS } = await import("unpdf");
  // pdf.js takes ownership of the buffer it is given; pass a copy so the caller's bytes stay usable.
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const { items } = await extractTextItems(pdf);
    const lines = items.flatMap((pageItems, p) => pageLines(p + 1, pageItems));
    const problems =
      lines.length === 0
        ? [{ where: "文档", message: "PDF 中没有可读的文字（可能是扫描件），请提供 Word 或文字版" }]
        : [];
    const pages = opts.rules === false ? new Set<number>() : tablePages(lines);
    const rules = pages.size ? await rulesOfPages(pdf, pages, (await getResolvedPDFJS()).OPS) : new Map();
    const blocks = joinPrintedLines(rebuildTables(lines, (p) => rules.get(p)));
    return { format: "pdf", blocks: splitTabRows(blocks), problems };
  } finally {
    await pdf.destroy();
  }
}
