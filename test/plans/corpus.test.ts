import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/domain/plan-format";
import { importPlanFile } from "../../src/plans/formats/import-file";
import { parsePlan } from "../../src/plans/load";
import { importFixture } from "./helpers";

// The corpus under test/fixtures/plans: the Wuhan sample in every format an office receives it in,
// and documents of the genre written for these tests, each beside the plan it must read as.
const dir = new URL("../fixtures/plans/", import.meta.url);
const read = (name: string) => importPlanFile(new Uint8Array(readFileSync(new URL(name, dir))), name);
const text = importFixture("wuhan-2022-proposal-1.txt");

function tasks(plan: Plan) {
  return plan.sections.flatMap((s) =>
    s.tasks.map((t) => ({
      id: t.id,
      text: t.text,
      lead: t.lead,
      responsible: t.responsible,
      support: t.support,
    })),
  );
}

describe("the Wuhan sample as a Word document and as a browser-printed PDF", () => {
  for (const file of [
    "wuhan-2022-proposal-1.docx",
    "wuhan-2022-proposal-1.doc",
    "wuhan-2022-proposal-1.pdf",
  ]) {
    it(`${file} reads as the plain text does: header, goals, tasks, units, phases, roster, no warnings`, async () => {
      const plan = await read(file);
      expect(plan.warnings).toEqual([]);
      expect([plan.title, plan.issuer, plan.date]).toEqual([text.title, text.issuer, text.date]);
      expect(plan.sections.map((s) => [s.no, s.title, s.tasks.length])).toEqual([
        ["一", "夯实数字新基建", 4],
        ["二", "做大做强数字经济核心产业", 8],
        ["三", "深化数字经济与实体经济融合发展", 7],
        ["四", "完善超大城市数字治理体系", 4],
      ]);
      expect(tasks(plan)).toEqual(tasks(text));
      expect(plan.goals).toEqual(text.goals);
      expect(plan.units).toEqual(text.units);
      expect(plan.phases).toEqual(text.phases);
      expect(plan.roster.map((p) => [p.name, p.unit])).toEqual(text.roster.map((p) => [p.name, p.unit]));
      expect(() => parsePlan(plan)).not.toThrow();
    });
  }
});

describe("the Wuhan sample's tasks as a 任务分解表 in a Word table", () => {
  it("reads every task with its lead and responsible units, merged 牵头单位 cells carried down", async () => {
    const plan = await read("wuhan-2022-task-table.docx");
    expect(tasks(plan)).toEqual(tasks(text));
    expect(plan.sections.map((s) => s.title)).toEqual(text.sections.map((s) => s.title));
    expect(() => parsePlan(plan)).not.toThrow();
  });

  it("gives each task the 完成时限 of its row: a date where there is one, the words where there is not", async () => {
    const plan = await read("wuhan-2022-task-table.docx");
    const byId = new Map(plan.sections.flatMap((s) => s.tasks.map((t) => [t.id, t.deadlines])));
    const kinds = new Set(plan.sections.flatMap((s) => s.tasks.map((t) => t.deadlines[0]?.text)));
    expect(kinds).toEqual(
      new Set(["2022年6月底前", "每季度末", "2022年9月30日前", "长期坚持", "2022年12月底前"]),
    );
    for (const deadlines of byId.values()) {
      const d = deadlines[0];
      expect(deadlines).toHaveLength(1);
      const expected = {
        "2022年6月底前": "2022-06-30",
        "2022年9月30日前": "2022-09-30",
        "2022年12月底前": "2022-12-31",
      }[d?.text ?? ""];
      expect(d?.date).toBe(expected ?? null);
    }
  });

  it("points its one warning at the paragraph it came from", async () => {
    const plan = await read("wuhan-2022-task-table.docx");
    for (const w of plan.warnings ?? []) expect(w.where).toMatch(/^第\d+段$|^表\d+第\d+行$/);
  });
});

interface Expected {
  title?: string;
  sections: {
    no: string;
    title: string;
    tasks: {
      id: string;
      text?: string;
      lead?: string[];
      responsible?: string[];
      support?: string[];
      deadline?: string | null;
    }[];
  }[];
  units?: string[];
  rhythm?: string[];
  goalIndicators?: number;
  warnings?: { where: string; contains: string }[];
  /** How many warnings there are in all, when the listed ones are all there should be. */
  warningCount?: number;
  noWarnings?: boolean;
}

const genre = readdirSync(dir).filter(
  (f) => /^genre-.*\.(?:txt|docx|pdf|doc)$/.test(f) && !f.endsWith(".src.txt"),
);

describe("documents of the genre the importer has not seen before", () => {
  it("has genre documents in the corpus", () => expect(genre.length).toBeGreaterThan(0));
  for (const file of genre) {
    it(`${file} reads as its expected plan`, async () => {
      const expected = JSON.parse(
        readFileSync(new URL(file.replace(/\.[a-z]+$/, ".expected.json"), dir), "utf8"),
      ) as Expected;
      const plan = await read(file);
      if (expected.title) expect(plan.title).toBe(expected.title);
      expect(plan.sections.map((s) => [s.no, s.title, s.tasks.map((t) => t.id)])).toEqual(
        expected.sections.map((s) => [s.no, s.title, s.tasks.map((t) => t.id)]),
      );
      for (const s of expected.sections)
        for (const want of s.tasks) {
          const got = plan.sections.flatMap((x) => x.tasks).find((t) => t.id === want.id);
          const { deadline, ...rest } = want;
          expect(got, want.id).toMatchObject(rest);
          if (deadline !== undefined) expect(got?.deadlines[0]?.text ?? null, want.id).toBe(deadline);
        }
      if (expected.units) expect(plan.units.map((u) => u.name).sort()).toEqual([...expected.units].sort());
      for (const w of expected.warnings ?? [])
        expect(plan.warnings ?? [], JSON.stringify(w)).toContainEqual(
          expect.objectContaining({ where: w.where, message: expect.stringContaining(w.contains) }),
        );
      if (expected.rhythm) expect(plan.rhythm.map((r) => r.kind)).toEqual(expected.rhythm);
      if (expected.goalIndicators !== undefined)
        expect(plan.goals.flatMap((g) => g.indicators)).toHaveLength(expected.goalIndicators);
      if (expected.noWarnings) expect(plan.warnings).toEqual([]);
      if (expected.warningCount !== undefined) expect(plan.warnings).toHaveLength(expected.warningCount);
    });
  }
});
