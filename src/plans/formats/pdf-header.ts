/**
 * A printed 任务分解表's header: on one line, or over several when it is set in two rows (责任单位 over
 * 牵头单位｜配合单位, the other cells merged down, so their words sit on the top line, between, or at the
 * bottom) or a narrow cell wraps its word (牵头｜单位, 序｜号). Without ruling lines nothing but the positions
 * of its words says which column each names and which word spans several columns.
 */
import { type Item, isHeader, type PrintedLine } from "./pdf-region";
import { findHeader, isHeaderWord, mayBeHeaderPiece, type TableHeader, wrappedLength } from "./task-table";

const word = (s: string) => s.replace(/\s+/g, "");

/** Lines a header may take: two rows, words wrapped in each, merged-down words centred between. */
const MAX_LINES = 6;

/** One word of the header: a printed item, or the lines of a word a narrow cell wrapped (牵头｜单位) joined. */
interface Word {
  items: Item[];
  text: string;
  /** The first and last of the header's lines it is printed on. */
  top: number;
  bottom: number;
}

const overlaps = (a: Item, b: Item) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0;
const centre = (it: Item) => it.x + it.width / 2;
const wordCentre = (w: Word) =>
  (Math.min(...w.items.map((i) => i.x)) + Math.max(...w.items.map((i) => i.x + i.width))) / 2;

/**
 * Which item goes on which, by the item below: an item goes on the nearest item printed over it, a line's
 * spacing above (words of other columns may sit on a line between), when each lies over the other alone; a
 * word over two columns (责任单位) goes on nothing. With the index of the line of the item it goes on.
 */
function linksOf(lines: PrintedLine[]): Map<Item, { over: Item; line: number }> {
  const links = new Map<Item, { over: Item; line: number }>();
  lines.forEach((l, li) => {
    for (const it of l.items) {
      let over: Item[] = [];
      let u = li - 1;
      for (; u >= 0; u--) {
        const up = lines[u];
        if (!up || up.page !== l.page || (up.items[0]?.y ?? 0) - it.y > it.fontSize * 2.2) break;
        over = up.items.filter((a) => overlaps(a, it));
        if (over.length > 0) break;
      }
      const a = over[0];
      if (over.length === 1 && a && l.items.filter((o) => overlaps(a, o)).length === 1)
        links.set(it, { over: a, line: u });
    }
  });
  return links;
}

/** The links of a document's printed lines, found once: each line is asked whether a header starts there. */
const documentLinks = new WeakMap<PrintedLine[], ReturnType<typeof linksOf>>();

/** Links among the lines from `from` to `to` only, upper item → the item going on it. */
function linksAmong(lines: PrintedLine[], from: number, to: number): Map<Item, Item> {
  let all = documentLinks.get(lines);
  if (!all) {
    all = linksOf(lines);
    documentLinks.set(lines, all);
  }
  const next = new Map<Item, Item>();
  for (const l of lines.slice(from, to))
    for (const it of l.items) {
      const link = all.get(it);
      if (link && link.line >= from) next.set(link.over, it);
    }
  return next;
}

/**
 * The header's words: each run of items going on one another is one word where its pieces make a header
 * word (wrappedLength); a unit or a date under a whole word stays a word of its own.
 */
function wordsOf(head: PrintedLine[], next = linksAmong(head, 0, head.length)): Word[] {
  const lineOf = new Map<Item, number>();
  head.forEach((l, li) => {
    for (const it of l.items) lineOf.set(it, li);
  });
  const below = (it: Item) => {
    const n = next.get(it);
    return n && lineOf.has(n) ? n : undefined;
  };
  const goesOn = new Set([...next.values()].filter((it) => lineOf.has(it)));
  const at = (i: Item | undefined) => (i ? (lineOf.get(i) ?? 0) : 0);
  const words: Word[] = [];
  for (const l of head)
    for (const it of l.items) {
      if (goesOn.has(it)) continue;
      const run = [it];
      for (let n = below(it); n; n = below(n)) run.push(n);
      for (let k = 0; k < run.length; ) {
        const n = Math.max(1, wrappedLength(run.slice(k).map((i) => i.str)));
        const items = run.slice(k, k + n);
        const text = items.map((i) => word(i.str)).join("");
        words.push({ items, text, top: at(items[0]), bottom: at(items[items.length - 1]) });
        k += n;
      }
    }
  return words;
}

const headerOf = (rows: string[][]) => findHeader({ kind: "table", rows, rowWhere: rows.map(() => "") });

/**
 * Header cells are a word or two (序号, 牵头单位), never a heading (三、任务分解) or a sentence that says 任务, and a
 * 任务分解表 has a dozen columns at most; one cell may be no header word nor a piece of one (the first row's
 * 责任分工 over the second's columns).
 */
const headerCells = (l: PrintedLine) =>
  l.cells.length <= 16 &&
  l.cells.map(word).every((c) => c.length <= 6 && !/[、.．:：]/.test(c)) &&
  l.cells.filter((c) => !mayBeHeaderPiece(c)).length <= 1;

/**
 * Whether the lines are a header: together they name the columns; a line has one word at most that names
 * none, and that one is the first row's word over the columns of the second (责任分工). A piece of a
 * wrapped word names the column its word names.
 */
function isHeaderLines(head: PrintedLine[], links: Map<Item, Item>): boolean {
  const first = head[0];
  if (!first) return false;
  const words = wordsOf(head, links);
  const wrapped = words.filter((w) => w.items.length > 1);
  const pieces = new Set(wrapped.flatMap((w) => w.items));
  const unnamed = (l: PrintedLine) => l.items.filter((it) => !pieces.has(it) && !isHeaderWord(word(it.str)));
  const inWrapped = (l: PrintedLine) =>
    new Set(l.items.filter((it) => pieces.has(it)).map((it) => word(it.str)));
  const oneUnnamed = head.every((l) => {
    const own = inWrapped(l);
    return l.cells.filter((c) => !isHeaderWord(c) && !own.has(word(c))).length <= 1;
  });
  if (head.length > 1 && !oneUnnamed) return false;
  const named =
    head.length === 1
      ? isHeader(first)
      : headerOf([[...head.flatMap((l) => l.cells), ...wrapped.map((w) => w.text)]]) !== null;
  if (!named) return false;
  const spanning = spanningOf(head, words);
  return head.flatMap((l) => (isHeader(l) ? [] : unnamed(l))).every((it) => spanning.has(it));
}

/**
 * How many printed lines the header starting at lines[i] takes; 0 when none starts there. A header in two
 * rows, or with wrapped words, takes up to six lines of header words, close together, which together name
 * the columns; a line of them right under a complete header line (the second row, the first one set at the
 * top) is the header's too. A word naming no column is the header's only as the first row's word spanning
 * the second's columns (主办 under a complete header line is a row's).
 */
export function headerLength(lines: PrintedLine[], i: number): number {
  const first = lines[i];
  if (!first) return 0;
  let run = 0;
  for (let k = i; k < Math.min(lines.length, i + MAX_LINES); k++) {
    const l = lines[k];
    const prev = lines[k - 1];
    if (!l || l.page !== first.page || !headerCells(l)) break;
    if (k > i && prev && (prev.items[0]?.y ?? 0) - (l.items[0]?.y ?? 0) > first.size * 2.5) break;
    run++;
  }
  const links = linksAmong(lines, i, i + run);
  for (let n = run; n > 0; n--) if (isHeaderLines(lines.slice(i, i + n), links)) return n;
  return isHeader(first) ? 1 : 0;
}

export const isHeaderStart = (lines: PrintedLine[], i: number): boolean => headerLength(lines, i) > 0;

/**
 * The words of the header's first row that span the columns of its second (责任单位): above the bottom
 * line, with column words reaching that line nearest it on either side (牵头单位 to its left, 配合单位 to its
 * right), printed below it. A word merged down (序号, 重点任务) has another merged-down word or nothing on one
 * side.
 */
export const spanningWords = (head: PrintedLine[]): Set<Item> => spanningOf(head, wordsOf(head));

function spanningOf(head: PrintedLine[], words: Word[]): Set<Item> {
  const last = head.length - 1;
  const out = new Set<Item>();
  const tol = (head[last]?.size ?? 0) * 0.5;
  if (last < 1) return out;
  const centres = words.map(wordCentre);
  for (const w of words) {
    const it = w.items[0];
    if (!it || w.bottom === last || w.items.length > 1) continue;
    const c = centre(it);
    // The nearest word on either side, by centre; the first of equals, in reading order.
    let left = -1;
    let right = -1;
    centres.forEach((x, k) => {
      if (words[k] === w) return;
      if (x < c - tol && (left < 0 || x > (centres[left] ?? 0))) left = k;
      if (x > c + tol && (right < 0 || x < (centres[right] ?? 0))) right = k;
    });
    const under = (o: Word | undefined) =>
      o !== undefined && o.bottom === last && o.top > w.top && isHeaderWord(o.text);
    if (under(words[left]) && under(words[right])) out.add(it);
  }
  return out;
}

/**
 * The header as the table reader takes it, given the columns: each column's words top to bottom (a word
 * wrapped in a narrow column joins up); a spanning word heads the columns whose words reach the bottom line
 * between the merged-down words either side of it, as a first row over theirs.
 */
export function readHeader(
  head: PrintedLine[],
  spans: [number, number][],
): { header: TableHeader | null; labels: string[] } {
  const spanning = spanningWords(head);
  const last = head.length - 1;
  const words = wordsOf(head).filter((w) => !w.items.some((it) => spanning.has(it)));
  const own = spans.map(([a, b]) =>
    words
      .filter((w) => wordCentre(w) >= a && wordCentre(w) <= b)
      .sort((p, q) => (q.items[0]?.y ?? 0) - (p.items[0]?.y ?? 0) || wordCentre(p) - wordCentre(q)),
  );
  const labels = own.map((ws) => ws.map((w) => w.text).join(""));
  if (spanning.size === 0) return { header: headerOf([labels]), labels };
  const merged = own.flatMap((ws) => ws.filter((w) => w.bottom !== last).map(wordCentre));
  const top = own.map((ws, col) => {
    const first = ws[0];
    const label = labels[col] ?? "";
    if (!first || first.bottom !== last) return label;
    for (const it of spanning) {
      const c = centre(it);
      const from = Math.max(-Infinity, ...merged.filter((m) => m < c));
      const to = Math.min(Infinity, ...merged.filter((m) => m > c));
      if (wordCentre(first) > from && wordCentre(first) < to) return word(it.str);
    }
    return label;
  });
  const header = headerOf([top, labels]);
  return { header, labels: header?.labels ?? labels };
}
