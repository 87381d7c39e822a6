import { describe, expect, it } from "vitest";
import { type Ops, pageRules } from "../../src/plans/formats/pdf-rules";

// Table borders reach pdf.js as paths: browsers fill thin rectangles, Word and others stroke lines and
// rectangles, often under a transform. Each way must give the same rules in page coordinates.
const OPS: Ops = {
  save: 10,
  restore: 11,
  transform: 12,
  constructPath: 91,
  stroke: 20,
  closeStroke: 21,
  fill: 22,
  eoFill: 23,
  fillStroke: 24,
  eoFillStroke: 25,
  closeFillStroke: 26,
  closeEOFillStroke: 27,
};
const [MOVE, LINE, CURVE, CLOSE] = [0, 1, 2, 4];

function page(ops: [number, unknown][]) {
  return {
    getOperatorList: async () => ({ fnArray: ops.map((o) => o[0]), argsArray: ops.map((o) => o[1]) }),
  };
}
const path = (paint: number, ...data: number[]): [number, unknown] => [
  OPS.constructPath,
  [paint, [new Float32Array(data)], null],
];

describe("ruling lines from a page's drawing", () => {
  it("reads a thin filled rectangle under a scaling, flipping transform as a rule in page coordinates", async () => {
    const rules = await pageRules(
      page([
        [OPS.save, null],
        [OPS.transform, [0.5, 0, 0, -0.5, 0, 800]],
        path(OPS.fill, MOVE, 100, 200, LINE, 300, 200, LINE, 300, 202, LINE, 100, 202, CLOSE),
        [OPS.restore, null],
        path(OPS.fill, MOVE, 10, 10, LINE, 11, 10, LINE, 11, 90, LINE, 10, 90, CLOSE),
      ]),
      OPS,
    );
    expect(rules.h).toEqual([{ at: 699.5, from: 50, to: 150 }]);
    expect(rules.v).toEqual([{ at: 10.5, from: 10, to: 90 }]);
  });

  it("reads stroked lines and the four sides of a stroked rectangle; a curve or a thick block is no rule", async () => {
    const rules = await pageRules(
      page([
        path(OPS.stroke, MOVE, 0, 50, LINE, 100, 50, MOVE, 40, 0, LINE, 40, 100),
        path(OPS.closeStroke, MOVE, 200, 0, LINE, 260, 0, LINE, 260, 30, LINE, 200, 30, CLOSE),
        path(OPS.stroke, MOVE, 0, 0, CURVE, 10, 10, 20, 10, 30, 0),
        path(OPS.fill, MOVE, 0, 0, LINE, 50, 0, LINE, 50, 20, LINE, 0, 20, CLOSE),
      ]),
      OPS,
    );
    expect(rules.h.map((r) => [r.at, r.from, r.to])).toEqual([
      [50, 0, 100],
      [0, 200, 260],
      [30, 200, 260],
    ]);
    expect(rules.v.map((r) => [r.at, r.from, r.to])).toEqual([
      [40, 0, 100],
      [260, 0, 30],
      [200, 0, 30],
    ]);
  });

  it("gives no rules for arguments of a shape it does not know, rather than failing", async () => {
    const rules = await pageRules(
      page([
        [
          OPS.constructPath,
          [
            [1, 2],
            [0, 0, 1, 1],
          ],
        ],
        [OPS.transform, "x"],
      ]),
      OPS,
    );
    expect(rules).toEqual({ h: [], v: [] });
  });
});
