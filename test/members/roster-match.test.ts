import { describe, expect, it } from "vitest";
import type { CatalogUnit } from "../../src/domain/units";
import {
  isUnitHead,
  matchDisplayName,
  nameHint,
  proposeMapping,
  type RosterPerson,
} from "../../src/members/domain/roster-match";

const unit = (id: number, name: string, aliases: string[] = []): CatalogUnit => ({
  id,
  name,
  kind: "unit",
  aliases,
  ordinal: id,
  members: [],
});
const units = [unit(1, "市经信局", ["经信局"]), unit(2, "市科技局"), unit(3, "江岸区人民政府", ["江岸区"])];
const roster: RosterPerson[] = [
  { name: "党蓁", title: "市人民政府副市长", unitId: null, role: "leader" },
  { name: "杨相卫", title: "市经信局局长", unitId: 1, role: "deputy_leader" },
  { name: "明文龙", title: "市经信局信息化推进处处长", unitId: 1, role: "member" },
  { name: "胡军", title: "市科技局副局长", unitId: 2, role: "member" },
];
const p = (openId: string, name: string) => ({ openId, name });

describe("display name ↔ roster name", () => {
  it.each([
    ["明文龙", true],
    ["明文龙(市经信局)", true],
    ["明文龙（市经信局）", true],
    ["明文龙-经信局", true],
    ["市经信局-明文龙", true],
    ["明文龙 总工程师", true],
    ["明文龙副局长", true],
    ["明文龙飞", false],
    ["小明文龙", false],
    ["文龙", false],
  ])("%s matches 明文龙: %s", (display, expected) => {
    expect(matchDisplayName(display, "明文龙", units).matches).toBe(expected);
  });

  it("reads the unit a display name mentions", () => {
    expect(matchDisplayName("胡军(市科技局)", "胡军", units).hintUnit?.name).toBe("市科技局");
    expect(nameHint("李四(江岸区)", units)?.name).toBe("江岸区人民政府");
    expect(nameHint("经信局-王五", units)?.name).toBe("市经信局");
    expect(nameHint("王五", units)).toBeUndefined();
  });
});

describe("mapping proposals", () => {
  it("proposes leaders, liaisons from the roster and from display names, and lists the rest", () => {
    const people = [
      p("ou_1", "党蓁"),
      p("ou_2", "明文龙(市经信局)"),
      p("ou_3", "胡军"),
      p("ou_4", "王五(江岸区)"),
      p("ou_5", "赵六"),
    ];
    const r = proposeMapping(people, roster, units, []);
    expect(r.proposals.map((x) => `${x.openId}:${x.role}:${x.unitId}:${x.source}`)).toEqual([
      "ou_1:leader:null:roster",
      "ou_2:liaison:1:roster",
      "ou_3:leader:2:roster",
      "ou_4:liaison:3:name_hint",
    ]);
    expect(r.unmatched.map((x) => x.name)).toEqual(["赵六"]);
  });

  it("a second person for a unit is proposed as deputy; held roles are not proposed again", () => {
    const people = [p("ou_2", "明文龙"), p("ou_7", "钱七(市经信局)")];
    const r = proposeMapping(people, roster, units, []);
    expect(r.proposals.map((x) => `${x.openId}:${x.role}`)).toEqual(["ou_2:liaison", "ou_7:deputy"]);
    const held = proposeMapping(people, roster, units, [{ openId: "ou_9", role: "liaison", unitId: 1 }]);
    expect(held.proposals.map((x) => `${x.openId}:${x.role}`)).toEqual(["ou_2:deputy", "ou_7:deputy"]);
    const mine = proposeMapping(people, roster, units, [{ openId: "ou_2", role: "liaison", unitId: 1 }]);
    expect(mine.proposals.map((x) => x.openId)).toEqual(["ou_7"]);
    expect(mine.unmatched).toEqual([]);
  });

  it.each([
    ["市经信局局长", true],
    ["市科技局副局长", true],
    ["市发改委副主任", true],
    ["江岸区人民政府副区长", true],
    ["青山区委常委、区人民政府副区长", true],
    ["市经信局总工程师", true],
    ["市城建局建筑业管理和发展办公室主任", false],
    ["市经信局信息化推进处处长", false],
    ["市科技局办公室副主任", false],
    ["科员", false],
    ["联络员", false],
  ])("title %s marks a head of unit: %s", (title, expected) => {
    expect(isUnitHead(title)).toBe(expected);
  });

  it("a head of unit is proposed as its leader, never as liaison; the liaison slot stays open for a desk officer", () => {
    const people = [p("ou_3", "胡军"), p("ou_9", "孙九(市科技局)"), p("ou_h", "周一 副局长(市经信局)")];
    const r = proposeMapping(people, roster, units, []);
    expect(r.proposals.map((x) => `${x.openId}:${x.role}:${x.unitId}`)).toEqual([
      "ou_3:leader:2",
      "ou_9:liaison:2",
      "ou_h:leader:1",
    ]);
    const held = proposeMapping([p("ou_3", "胡军")], roster, units, [
      { openId: "ou_3", role: "leader", unitId: null },
    ]);
    expect(held.proposals).toEqual([]);
  });

  it("a namesake from another unit is not the roster person", () => {
    const r = proposeMapping([p("ou_8", "胡军(市经信局)")], roster, units, []);
    expect(r.proposals).toEqual([
      expect.objectContaining({ openId: "ou_8", unitId: 1, source: "name_hint", role: "liaison" }),
    ]);
  });

  it("two people matching one roster entry are left to the office", () => {
    const r = proposeMapping([p("ou_a", "胡军"), p("ou_b", "胡军(市科技局)")], roster, units, []);
    expect(r.proposals).toEqual([]);
    expect(r.ambiguous.map((a) => a.person.openId)).toEqual(["ou_a", "ou_b"]);
  });
});
