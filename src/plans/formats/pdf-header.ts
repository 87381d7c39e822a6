/**
 * A printed 任务分解表's header: on one line, or over two or three when it is set in two rows (责任单位 over
 * 牵头单位｜配合单位, the other cells merged down, so their words sit on the top line, between, or at the
 * bottom). Without ruling lines nothing but the positions of its words says which column each names and
 * which word spans several columns.
 */
import { type Item, isHeader, type PrintedLine } from "./pdf-region";
import { findHeader, isHeaderWord, type TableHeader } from "./task-table";

const word = (s: string) => s.replace(/\s+/g, "");

/**
 * Header cells are a word or two (序号, 牵头单位), never a heading (三、任务分解) or a sentence that says 任务.
 * One of them may name no column: the first row's word over the columns of the second (责任分工).
 */
function headerWordsOnly(l: PrintedLine): boolean {
  const cells = l.cells.map(word);
  return (
    cells.every((c) => c.length <= 6 && !/[、.．:：]/.test(c)) &&
    cells.filter((c) => !isHeaderWord(c)).length <= 1
  );
}

const headerOf = (rows: string[][]) => findHeader({ kind: "table", rows, rowWhere: rows.map(() => "") });

/**
 * How many printed lines the header starting at lines[i] takes; 0 when none starts there. A header in two
 * rows takes up to three lines of header words, close together, which together name the columns; a line of
 * them right under a complete header line (the second row, the first one set at the top) is the header's
 * too. A word naming no column is the header's only as the first row's word spanning the second's columns.
 */
export function headerLength(lines: PrintedLine[], i: number): number {
  const first = lines[i];
  if (!first) return 0;
  const words: string[] = [];
  let n = isHeader(first) ? 1 : 0;
  for (let k = i; k < Math.min(lines.length, i + 3); k++) {
    const l = lines[k];
    const prev = lines[k - 1];
    if (!l || l.page !== first.page || !headerWordsOnly(l)) break;
    if (k > i && prev && (prev.items[0]?.y ?? 0) - (l.items[0]?.y ?? 0) > first.size * 2.5) break;
    words.push(...l.cells);
    if (n > 0 || headerOf([words])) n = k - i + 1;
  }
  // Fewer lines, when a word naming no column spans none (主办 under a complete header line is a row's).
  for (; n > 0; n--) {
    const head = lines.slice(i, i + n);
    const named = n === 1 ? isHeader(first) : headerOf([head.flatMap((l) => l.cells)]) !== null;
    const spanning = spanningWords(head);
    const unnamed = head
      .flatMap((l) => (isHeader(l) ? [] : l.items))
      .filter((it) => !isHeaderWord(word(it.str)));
    if (named && unnamed.every((it) => spanning.has(it))) return n;
  }
  return 0;
}

export const isHeaderStart = (lines: PrintedLine[], i: number): boolean => headerLength(lines, i) > 0;

const centre = (it: Item) => it.x + it.width / 2;

/**
 * The words of the header's first row that span the columns of its second (责任单位): above the bottom
 * line, with column words of that line nearest it on either side (牵头单位 to its left, 配合单位 to its right).
 * A word merged down (序号, 重点任务) has another merged-down word or nothing on one side.
 */
export function spanningWords(head: PrintedLine[]): Set<Item> {
  const bottom = head[head.length - 1];
  const out = new Set<Item>();
  if (!bottom || head.length < 2) return out;
  const all = head.flatMap((l) => l.items);
  const tol = bottom.size * 0.5;
  for (const l of head.slice(0, -1))
    for (const it of l.items) {
      const c = centre(it);
      const others = all.filter((o) => o !== it);
      const left = others.filter((o) => centre(o) < c - tol).sort((a, b) => centre(b) - centre(a))[0];
      const right = others.filter((o) => centre(o) > c + tol).sort((a, b) => centre(a) - centre(b))[0];
      const under = (o: Item | undefined) =>
        o !== undefined && bottom.items.includes(o) && isHeaderWord(word(o.str));
      if (under(left) && under(right)) out.add(it);
    }
  return out;
}

/**
 * The header as the table reader takes it, given the columns: each column's words top to bottom (a word
 * wrapped in a narrow column joins up); a spanning word heads the columns whose words sit on the bottom
 * line between the merged-down words either side of it, as a first row over theirs.
 */
export function readHeader(
  head: PrintedLine[],
  spans: [number, number][],
): { header: TableHeader | null; labels: string[] } {
  const spanning = spanningWords(head);
  const bottom = head[head.length - 1];
  const own = spans.map(([a, b]) =>
    head
      .flatMap((l) => l.items)
      .filter((it) => !spanning.has(it) && centre(it) >= a && centre(it) <= b)
      .sort((p, q) => q.y - p.y || p.x - q.x),
  );
  const labels = own.map((items) => items.map((i) => word(i.str)).join(""));
  if (spanning.size === 0) return { header: headerOf([labels]), labels };
  const merged = own.flatMap((items) => items.filter((it) => !bottom?.items.includes(it)).map(centre));
  const top = own.map((items, col) => {
    const first = items[0];
    const label = labels[col] ?? "";
    if (!first || !bottom?.items.includes(first)) return label;
    for (const it of spanning) {
      const c = centre(it);
      const from = Math.max(-Infinity, ...merged.filter((m) => m < c));
      const to = Math.min(Infinity, ...merged.filter((m) => m > c));
      if (centre(first) > from && centre(first) < to) return word(it.str);
    }
    return label;
  });
  const header = headerOf([top, labels]);
  return { header, labels: header?.labels ?? labels };
}
