import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/domain/plan-format";
import { importPlanFile } from "../../src/plans/formats/import-file";
import { MAX_FILE_BYTES } from "../../src/plans/formats/source";

// Whatever the office sends, the importer answers with a plan and its warnings: it never throws, and a
// file it cannot read says so rather than coming back empty and silent.
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url)));

function wellFormed(plan: Plan): void {
  expect(Array.isArray(plan.sections)).toBe(true);
  expect(Array.isArray(plan.warnings)).toBe(true);
  for (const w of plan.warnings ?? []) expect(typeof w.message).toBe("string");
}

const MAGIC = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37],
  docx: [0x50, 0x4b, 0x03, 0x04],
  doc: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
};

describe("importing any bytes at all", () => {
  it("answers random bytes, and random bytes behind a PDF/Word signature, with a plan and warnings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<(keyof typeof MAGIC | null)[]>(null, "pdf", "docx", "doc"),
        fc.uint8Array({ maxLength: 2048 }),
        async (kind, tail) => {
          const bytes = new Uint8Array([...(kind ? MAGIC[kind] : []), ...tail]);
          const plan = await importPlanFile(bytes, "x");
          wellFormed(plan);
          if (kind) expect(plan.warnings?.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("answers truncated Word and PDF files with a warning, never an exception", async () => {
    const files = [
      "wuhan-2022-proposal-1.docx",
      "wuhan-2022-proposal-1.pdf",
      "wuhan-2022-task-table.docx",
      "genre-task-table-wrapped.pdf",
      "genre-district-44-table.docx",
      "genre-rowspan-lead.pdf",
      "genre-no-number-page-break.pdf",
    ].map(fixture);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: files.length - 1 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        async (i, cut) => {
          const whole = files[i] ?? new Uint8Array();
          const plan = await importPlanFile(whole.subarray(0, Math.floor(whole.length * cut)), "cut");
          wellFormed(plan);
          expect(plan.warnings?.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 24 },
    );
  });

  it("reads any text made of the genre's own pieces without throwing", async () => {
    const piece = fc.constantFrom(
      "一、",
      "（一）",
      "1.",
      "（1）",
      "①",
      "4.121",
      "牵头单位：",
      "责任单位:",
      "完成时限：",
      "市发改委",
      "各区人民政府〈含",
      "（试行）",
      "[",
      "]",
      "（",
      "）",
      "2023年6月底前",
      "每季度末",
      "。",
      "，",
      "\n",
      "以下各项任务均需于每月5日前报送进展",
      "组长:",
      "  ",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 200 }),
        async (parts) => {
          wellFormed(await importPlanFile(new TextEncoder().encode(parts.join("")), "t.txt"));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses a file over the documented size cap before reading it, naming the cap", async () => {
    const plan = await importPlanFile(new Uint8Array(MAX_FILE_BYTES + 1), "big.pdf");
    expect(plan.sections).toEqual([]);
    expect(plan.warnings?.[0]?.message).toContain(`${MAX_FILE_BYTES / 1024 / 1024} MB`);
  });
});
