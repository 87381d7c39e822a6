import { describe, expect, it } from "vitest";
import {
  type CatalogUnit,
  closestUnits,
  editDistance,
  normalizeName,
  resolveUnit,
} from "../../src/domain/units";
import { WUHAN_GROUP, wuhanPlan } from "../fixtures/wuhan-units";

/** The Wuhan catalog as the store returns it (ids in plan order, the group last). */
function catalog(): CatalogUnit[] {
  const plan = wuhanPlan();
  const units: CatalogUnit[] = (plan.units ?? []).map((u, i) => ({
    id: i + 1,
    name: u.name,
    kind: "unit",
    aliases: u.aliases ?? [],
    ordinal: i,
    members: [],
  }));
  const districtIds = units.filter((_, i) => plan.units?.[i]?.group === WUHAN_GROUP).map((u) => u.id);
  units.push({
    id: 1000,
    name: WUHAN_GROUP,
    kind: "group",
    aliases: ["各区"],
    ordinal: 999,
    members: districtIds,
  });
  return units;
}

const names = (r: ReturnType<typeof resolveUnit>) =>
  r.kind === "found" ? [r.unit.name] : r.candidates.map((u) => u.name);

describe("unit name resolution", () => {
  const units = catalog();

  it.each([
    ["市经信局", "市经信局", "name"],
    ["经信局", "市经信局", "alias"],
    ["市 经信局 ", "市经信局", "name"],
    ["大数据局", "市政务服务大数据局", "alias"],
    ["市政务", "市政务服务大数据局", "prefix"],
    ["江岸", "江岸区人民政府", "prefix"],
    ["武汉市经信局", "市经信局", "contains"],
    ["武汉市江岸区人民政府", "江岸区人民政府", "contains"],
    ["各区", WUHAN_GROUP, "alias"],
  ])("%s → %s (%s)", (typed, expected, via) => {
    const r = resolveUnit(units, typed);
    expect(r.kind).toBe("found");
    if (r.kind === "found") {
      expect(r.unit.name).toBe(expected);
      expect(r.via).toBe(via);
    }
  });

  it("tolerates full-width letters and spaces", () => {
    const latin: CatalogUnit[] = [
      { id: 1, name: "ABC中心", kind: "unit", aliases: [], ordinal: 0, members: [] },
      { id: 2, name: "XYZ中心", kind: "unit", aliases: [], ordinal: 1, members: [] },
    ];
    const r = resolveUnit(latin, "ＡＢＣ　中心");
    expect(r.kind === "found" && r.unit.id).toBe(1);
    expect(normalizeName("ＡＢＣ　中心")).toBe("abc中心");
  });

  it("a shared prefix is ambiguous and lists the candidates (at most 5)", () => {
    const r = resolveUnit(units, "市委");
    expect(r.kind).toBe("ambiguous");
    expect(names(r)).toEqual(["市委网信办", "市委宣传部", "市委组织部"]);
    const many = resolveUnit(units, "市");
    expect(many.kind).toBe("ambiguous");
    expect(names(many)).toHaveLength(5);
  });

  it("an unknown name answers with the closest units", () => {
    const r = resolveUnit(units, "市科技厅");
    expect(r.kind).toBe("unknown");
    expect(names(r)[0]).toBe("市科技局");
    expect(names(r).length).toBeLessThanOrEqual(5);
    expect(resolveUnit(units, "完全无关的名字").kind).toBe("unknown");
    expect(resolveUnit(units, "   ").kind).toBe("unknown");
  });

  it("ranks candidates by edit distance", () => {
    expect(closestUnits(units, "市教局").map((u) => u.name)[0]).toBe("市教育局");
    expect(editDistance("市科技局", "市科技厅")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });
});
