import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importLinear, linearize } from "../../src/plans/formats/import-file";
import { readPdfFile } from "../../src/plans/formats/pdf-file";
import { joinAcrossBreak, joinCellLines } from "../../src/plans/formats/pdf-region";

// A printed 任务分解表 is read by its ruling lines when it has them, and by the positions of its text when
// it has none: the two must agree wherever the text alone is enough to go on.
const bytes = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url)));

async function tasks(name: string, rules: boolean) {
  const plan = importLinear(linearize(await readPdfFile(bytes(name), { rules })), {});
  return plan.sections.flatMap((s) =>
    s.tasks.map((t) => [t.id, t.text, t.lead, t.support, t.deadlines[0]?.text ?? null]),
  );
}

describe("a printed 任务分解表 without its ruling lines", () => {
  it("joins a row without 序号 that the page break cut, its 配合单位 running on over the break too", async () => {
    const ruled = await tasks("genre-no-number-page-break.pdf", true);
    expect(ruled).toHaveLength(16);
    expect(await tasks("genre-no-number-page-break.pdf", false)).toEqual(ruled);
  });
});

describe("a unit column's lines in a printed 任务分解表", () => {
  // Seven characters a line: each line but the last runs to the column's right edge.
  const cell = (...texts: string[]) => texts.map((text, i) => ({ text, x1: i < texts.length - 1 ? 70 : 30 }));
  const known = (name: string) => ["区委宣传部", "区委"].includes(name);

  it("ends a name at a line that ends in 局, 委, 社 … when the next line starts another", () => {
    expect(joinCellLines(cell("区财政局、区报社", "区文旅局"), 70, true, 10)).toBe(
      "区财政局、区报社\n区文旅局",
    );
    expect(joinCellLines(cell("区财政局、区委", "宣传部"), 70, true, 10)).toBe("区财政局、区委\n宣传部");
  });

  it("goes on with a name whose tail alone opens the next line, 局 after 区人社 included", () => {
    expect(joinCellLines(cell("团区委、区人社", "局、区财政局"), 70, true, 10)).toBe(
      "团区委、区人社局、区财政局",
    );
    expect(joinCellLines(cell("区妇联、区政府", "办公室"), 70, true, 10)).toBe("区妇联、区政府办公室");
    expect(joinAcrossBreak("区司法局、区人社", "局", true)).toBe("区司法局、区人社局");
  });

  it("goes on with a name the document writes whole elsewhere, and only then", () => {
    expect(joinCellLines(cell("区数据局、区委", "宣传部"), 70, true, 10, known)).toBe("区数据局、区委宣传部");
    expect(joinCellLines(cell("区数据局、区委", "区政府办公室"), 70, true, 10, known)).toBe(
      "区数据局、区委\n区政府办公室",
    );
    expect(joinAcrossBreak("区数据局、区委", "宣传部", true, known)).toBe("区数据局、区委宣传部");
  });

  it("reads the same without its ruling lines as with them", async () => {
    const ruled = await tasks("genre-unit-wrap-printed.pdf", true);
    expect(ruled.map((t) => t[2])).toContainEqual(["团区委", "区人社局"]);
    expect(await tasks("genre-unit-wrap-printed.pdf", false)).toEqual(ruled);
  });
});

describe("a printed 任务分解表 whose header words wrap in narrow cells (序｜号, 牵头｜单位)", () => {
  it("reads the same without its ruling lines as with them, the header repeated on the next page dropped", async () => {
    const ruled = await tasks("genre-wrapped-header-printed.pdf", true);
    expect(ruled).toHaveLength(12);
    expect(ruled[0]?.slice(2)).toEqual([["区大数据中心"], ["区财政局", "区委网信办"], "2024年9月底前"]);
    expect(await tasks("genre-wrapped-header-printed.pdf", false)).toEqual(ruled);
  });
});
