import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headerLength, readHeader } from "../../src/plans/formats/pdf-header";
import type { Item, PrintedLine } from "../../src/plans/formats/pdf-region";
import { findHeader, renderTaskTable } from "../../src/plans/formats/task-table";

// A header cell too narrow for its word wraps it (牵头｜单位, 序｜号, 完成｜时限): in a table converted from a PDF each
// line may even be a row of its own, and in print each is a line of its own. However a word is cut, the
// header names the same columns; the rows under it, however short their cells, are never taken into it.

const COLUMNS = [
  ["序号", "编号"],
  ["工作任务", "重点任务", "具体任务", "主要任务"],
  ["牵头单位", "牵头部门", "主办单位"],
  ["责任单位", "配合单位", "协办单位", "责任部门"],
  ["完成时限", "时间节点", "完成时间"],
];

/** A header word and where it is cut: pieces of it top to bottom. */
const cutWord = (words: string[]) =>
  fc.tuple(fc.constantFrom(...words), fc.array(fc.nat(), { maxLength: 2 })).map(([w, cuts]) => {
    const at = [...new Set(cuts.map((c) => 1 + (c % (w.length - 1))))].sort((a, b) => a - b);
    return [0, ...at].map((from, i) => w.slice(from, at[i] ?? w.length));
  });
const header = fc.tuple(...COLUMNS.map(cutWord));

// Collective names end as header words do (有关单位), and a row's first printed line may hold its unit cells
// alone (its task text centred lower down).
const UNITS = ["区委", "区人社局", "区财政局", "团区委", "有关单位", "相关部门", "各街道办事处"];
const WHEN = ["每季度末", "长期坚持", "6月底前", "2024年"];
const maybe = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: "", freq: 2 });
const bodyRow = fc.tuple(
  maybe(fc.integer({ min: 1, max: 30 }).map(String)),
  fc.constantFrom("推进政务服务“一网通办”。", "加强", "建设城市大脑", "优化"),
  fc.constantFrom(...UNITS),
  maybe(fc.constantFrom(...UNITS)),
  maybe(fc.constantFrom(...WHEN)),
);

/** The pieces as rows: each column's pieces at the top of the header or at its foot, the other rows empty. */
const asRows = (pieces: string[][], foot = false) => {
  const height = Math.max(...pieces.map((p) => p.length));
  const at = (p: string[], r: number) => (foot ? p[r - (height - p.length)] : p[r]) ?? "";
  return Array.from({ length: height }, (_, r) => pieces.map((p) => at(p, r)));
};

describe("a table header whose words a narrow column wrapped onto rows of their own", () => {
  it("names the same columns as the words whole, and reads each row under it as a task", () => {
    fc.assert(
      fc.property(
        header,
        fc.boolean(),
        fc.array(bodyRow, { minLength: 1, maxLength: 4 }),
        (pieces, foot, body) => {
          const whole = pieces.map((p) => p.join(""));
          const rows = [...asRows(pieces, foot), ...body];
          const table = { kind: "table" as const, rows, rowWhere: rows.map((_, i) => `第${i + 1}行`) };
          const found = findHeader(table);
          const plain = findHeader({ kind: "table", rows: [whole, ...body], rowWhere: [] });
          expect(found?.columns).toEqual(plain?.columns);
          expect(found?.labels).toEqual(whole);
          expect(found?.row).toBe(asRows(pieces).length - 1);
          if (!found) return;
          const { lines, unread } = renderTaskTable(table, found);
          expect(unread).toEqual([]);
          expect(lines.map((l) => l.task)).toEqual(body.map((b) => b[1]));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

const SIZE = 12;
const X = [40, 80, 260, 360, 470];
const WIDTH = [30, 170, 90, 100, 80];

/** A printed line of the given cells, each centred in its column; "" leaves the column empty. */
function printed(no: number, y: number, cells: string[]): PrintedLine {
  const items: Item[] = cells.flatMap((str, c) => {
    const width = str.length * SIZE;
    const x = (X[c] ?? 0) + ((WIDTH[c] ?? 0) - width) / 2;
    return str ? [{ str, x, y, width, fontSize: SIZE }] : [];
  });
  const last = items[items.length - 1];
  return {
    page: 1,
    no,
    text: items.map((i) => i.str).join("\t"),
    x0: items[0]?.x ?? 0,
    x1: last ? last.x + last.width : 0,
    size: SIZE,
    columns: items.length > 1,
    items,
    cells: items.map((i) => i.str),
  };
}

describe("a printed header whose words wrap in narrow cells", () => {
  it("takes exactly the header's lines, whatever short unit names and dates the rows under it print", () => {
    fc.assert(
      fc.property(
        header,
        fc.boolean(),
        fc.array(bodyRow, { minLength: 1, maxLength: 3 }),
        (pieces, foot, body) => {
          const head = asRows(pieces, foot).map((cells, i) => printed(i + 1, 700 - i * SIZE * 1.5, cells));
          // The rows' lines a cell's padding below the header, each a line of short cells (the task text lower).
          const top = 700 - head.length * SIZE * 1.5 - SIZE * 0.6;
          const rows = body.map((cells, i) =>
            printed(head.length + i + 1, top - i * SIZE * 1.5, [cells[0], "", ...cells.slice(2)]),
          );
          const lines = [...head, ...rows];
          expect(headerLength(lines, 0)).toBe(head.length);
          const spans = X.map((x, c): [number, number] => [x, x + (WIDTH[c] ?? 0)]);
          expect(readHeader(head, spans).labels).toEqual(pieces.map((p) => p.join("")));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
