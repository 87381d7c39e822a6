import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importPlanFile } from "../../src/plans/formats/import-file";
import { parsePlan } from "../../src/plans/load";
import { importFixture } from "../plans/helpers";

const dir = new URL("../fixtures/plans/", import.meta.url);
const deadlinesOf = (plan: { sections: Array<{ tasks: Array<{ deadlines: unknown[] }> }> }) =>
  plan.sections.flatMap((s) => s.tasks.flatMap((t) => t.deadlines));

describe("the importer writes what each 完成时限 is", () => {
  it("a district plan's deadline lines: dated, 每季度末 recurring, 长期坚持 and 持续推进 ongoing, none warned", () => {
    const plan = importFixture("genre-district-mixed.txt");
    const byText = new Map(deadlinesOf(plan).map((d) => [(d as { text: string }).text, d]));
    expect(byText.get("2023年6月底前")).toEqual({ text: "2023年6月底前", date: "2023-06-30", kind: "dated" });
    expect(byText.get("每季度末")).toEqual({
      text: "每季度末",
      date: null,
      kind: "recurring",
      every: "quarter",
    });
    expect(byText.get("长期坚持")).toEqual({ text: "长期坚持", date: null, kind: "ongoing" });
    expect(byText.get("持续推进")).toEqual({ text: "持续推进", date: null, kind: "ongoing" });
    expect(plan.warnings?.map((w) => w.message).join()).not.toContain("时限");
    expect(() => parsePlan(plan)).not.toThrow();
  });

  it("a 任务分解表's 完成时限 column the same way", async () => {
    const bytes = new Uint8Array(readFileSync(new URL("wuhan-2022-task-table.docx", dir)));
    const plan = await importPlanFile(bytes, "wuhan-2022-task-table.docx");
    const kinds = new Map(
      deadlinesOf(plan).map((d) => [(d as { text: string }).text, (d as { kind: string }).kind]),
    );
    expect(Object.fromEntries(kinds)).toEqual({
      "2022年6月底前": "dated",
      每季度末: "recurring",
      "2022年9月30日前": "dated",
      长期坚持: "ongoing",
      "2022年12月底前": "dated",
    });
  });
});
