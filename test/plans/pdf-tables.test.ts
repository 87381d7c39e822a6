import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importLinear, linearize } from "../../src/plans/formats/import-file";
import { readPdfFile } from "../../src/plans/formats/pdf-file";

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
