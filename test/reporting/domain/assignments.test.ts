import { describe, expect, it } from "vitest";
import { figureOwner, normalizeTaskCode, requestSeeds } from "../../../src/reporting/domain/assignments";

describe("who is asked", () => {
  const a = [
    { taskId: 1, unitId: 10, role: "lead" as const },
    { taskId: 1, unitId: 11, role: "responsible" as const },
    { taskId: 1, unitId: 10, role: "responsible" as const }, // also via a group
    { taskId: 1, unitId: 12, role: "support" as const },
    { taskId: 2, unitId: 11, role: "responsible" as const },
  ];

  it("monthly: one request per unit and task, lead wins over responsible, support not asked", () => {
    expect(requestSeeds(a, "task")).toEqual([
      { unitId: 10, taskId: 1, role: "lead" },
      { unitId: 11, taskId: 1, role: "responsible" },
      { unitId: 11, taskId: 2, role: "responsible" },
    ]);
  });

  it("summary kinds: one request per unit", () => {
    expect(requestSeeds(a, "unit")).toEqual([
      { unitId: 10, taskId: null, role: null },
      { unitId: 11, taskId: null, role: null },
    ]);
  });

  it("the figures belong to the first lead, else the first responsible unit; nobody when that is a group", () => {
    const isGroup = (n: string) => n === "各区人民政府";
    expect(figureOwner({ lead: ["市经信局"], responsible: ["各区人民政府"] }, isGroup)).toBe("市经信局");
    expect(figureOwner({ lead: [], responsible: ["市经信局", "市科技局"] }, isGroup)).toBe("市经信局");
    expect(figureOwner({ lead: [], responsible: ["各区人民政府"] }, isGroup)).toBeNull();
  });

  it("reads task ids as people type them", () => {
    for (const t of ["二.3", "二、3", "二3", "(二)3", "（二）3", "二．3", "2.3"])
      expect(normalizeTaskCode(t)).toBe("二.3");
    expect(normalizeTaskCode("十.12")).toBe("十.12");
    expect(normalizeTaskCode("市经信局")).toBeUndefined();
  });
});
