/**
 * The ruling lines a PDF draws: table borders come out of pdf.js's operator list as thin filled rectangles
 * (browsers, Word) or stroked lines. They are collected per page as horizontal and vertical rules in the
 * page's coordinates (the same as the text items'), so that a table can be cut into rows and cells by its
 * own borders rather than guessed from gaps between lines.
 */

/** A horizontal rule at y from x0 to x1, or a vertical one at x from y0 to y1 (page units, y up). */
export interface Rule {
  at: number;
  from: number;
  to: number;
}

export interface PageRules {
  h: Rule[];
  v: Rule[];
}

/** The part of pdf.js's page proxy this module uses. */
export interface OperatorPage {
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[] }>;
}

/** pdf.js's operator codes that matter here (src/shared/util.js OPS). */
export interface Ops {
  save: number;
  restore: number;
  transform: number;
  constructPath: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** A rule is at most this thick (a filled border); anything thicker is a shaded area, not a line. */
const MAX_THICKNESS = 2.5;
/** And at least this long, so that glyph-like marks and dots are not rules. */
const MIN_LENGTH = 4;

/** pdf.js path ops inside a constructPath (DrawOPS): moveTo, lineTo, curveTo, quadraticCurveTo, closePath. */
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

/** The subpaths of one constructPath as polylines (curves mark their subpath as not a rule). */
function subpaths(data: ArrayLike<number>): { pts: [number, number][]; curved: boolean; closed: boolean }[] {
  const out: { pts: [number, number][]; curved: boolean; closed: boolean }[] = [];
  let cur: { pts: [number, number][]; curved: boolean; closed: boolean } | null = null;
  for (let i = 0; i < data.length; ) {
    const op = data[i] ?? -1;
    const at = (k: number): [number, number] => [data[i + k] ?? 0, data[i + k + 1] ?? 0];
    if (op === MOVE) {
      cur = { pts: [at(1)], curved: false, closed: false };
      out.push(cur);
      i += 3;
    } else if (op === LINE) {
      cur?.pts.push(at(1));
      i += 3;
    } else if (op === CURVE) {
      if (cur) cur.curved = true;
      cur?.pts.push(at(5));
      i += 7;
    } else if (op === QUAD) {
      if (cur) cur.curved = true;
      cur?.pts.push(at(3));
      i += 5;
    } else if (op === CLOSE) {
      if (cur) cur.closed = true;
      i += 1;
    } else break; // an op this reader does not know: the rest of the path is not read
  }
  return out;
}

function addSegment(rules: PageRules, a: [number, number], b: [number, number], thick: number): void {
  const dx = Math.abs(a[0] - b[0]);
  const dy = Math.abs(a[1] - b[1]);
  if (dy <= thick && dx >= MIN_LENGTH)
    rules.h.push({ at: (a[1] + b[1]) / 2, from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]) });
  else if (dx <= thick && dy >= MIN_LENGTH)
    rules.v.push({ at: (a[0] + b[0]) / 2, from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]) });
}

/** A filled rectangle that is thin in one direction is a rule along the other. */
function addFilled(rules: PageRules, pts: [number, number][]): void {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (y1 - y0 <= MAX_THICKNESS && x1 - x0 >= MIN_LENGTH)
    rules.h.push({ at: (y0 + y1) / 2, from: x0, to: x1 });
  else if (x1 - x0 <= MAX_THICKNESS && y1 - y0 >= MIN_LENGTH)
    rules.v.push({ at: (x0 + x1) / 2, from: y0, to: y1 });
}

/**
 * The page's rules. Only the path format of the pdf.js that unpdf bundles is read (a paint op, then the
 * path as DrawOPS numbers); any other shape of arguments yields no rules and the caller reads the table
 * by text positions alone.
 */
export async function pageRules(page: OperatorPage, OPS: Ops): Promise<PageRules> {
  const rules: PageRules = { h: [], v: [] };
  const { fnArray, argsArray } = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const strokes = new Set([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
  ]);
  const fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke]);
  fnArray.forEach((fn, i) => {
    const args = argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && Array.isArray(args) && args.length === 6)
      ctm = multiply(ctm, args.map(Number) as Matrix);
    else if (fn === OPS.constructPath && Array.isArray(args)) {
      const [paint, paths] = args as [unknown, unknown];
      if (typeof paint !== "number" || !Array.isArray(paths)) return;
      const pt = ([x, y]: [number, number]): [number, number] => [
        ctm[0] * x + ctm[2] * y + ctm[4],
        ctm[1] * x + ctm[3] * y + ctm[5],
      ];
      for (const data of paths) {
        if (!data || typeof (data as ArrayLike<number>).length !== "number") continue;
        for (const sp of subpaths(data as ArrayLike<number>)) {
          if (sp.curved || sp.pts.length < 2) continue;
          const pts = sp.pts.map(pt);
          if (fills.has(paint) && pts.length >= 4) addFilled(rules, pts);
          else if (strokes.has(paint)) {
            const ring = sp.closed ? [...pts, pts[0] as [number, number]] : pts;
            for (let k = 1; k < ring.length; k++)
              addSegment(rules, ring[k - 1] as [number, number], ring[k] as [number, number], 1);
          }
        }
      }
    }
  });
  return rules;
}

/**
 * pdf.js compiles fonts with ArrayBuffer.prototype.transferToFixedLength, which Node has from 21 on; on
 * Node 20 the operator list stops at the page's first text and the rules after it are lost. A copy does
 * what pdf.js needs from it.
 */
export function ensureTransferToFixedLength(): void {
  if ("transferToFixedLength" in ArrayBuffer.prototype) return;
  Object.defineProperty(ArrayBuffer.prototype, "transferToFixedLength", {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length?: number) {
      const copy = new ArrayBuffer(length ?? this.byteLength);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(this.byteLength, copy.byteLength)));
      return copy;
    },
  });
}
