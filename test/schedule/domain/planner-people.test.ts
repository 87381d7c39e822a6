import { describe, expect, it } from "vitest";
import { localTime } from "../../../src/domain/time";
import { planTick } from "../../../src/schedule/domain/planner";
import type { RoundRow } from "../../../src/schedule/domain/types";
import { at, cal, of, snapshot, TZ } from "./snapshot";

describe("planner: deputies", () => {
  const withDeputies = () => {
    const snap = snapshot();
    snap.members = [
      ...snap.members,
      { id: 4, planId: "p", openId: "ou_dep1", name: "甲副", role: "deputy", unitId: 1 },
      { id: 5, planId: "p", openId: "ou_dep3", name: "丙副", role: "deputy", unitId: 3 },
    ];
    return snap;
  };

  it("a unit with only a deputy is nudged through the deputy, not reported to the office as unbound", () => {
    const { actions } = planTick(withDeputies(), at("2022-06-21", "09:45"), cal);
    expect(of(actions, "nudge").map((n) => [n.key, n.to])).toEqual([
      ["nudge:7:1:remind", { openId: "ou_a" }], // the liaison only, not the deputy
      ["nudge:7:2:remind", { openId: "ou_b" }],
      ["nudge:7:3:remind", { openId: "ou_dep3" }],
    ]);
    expect(of(actions, "nudge_office")).toEqual([]);
  });

  it("sends the overdue step to each person directly, buzzes them, and lists the units in the group once", () => {
    const { actions } = planTick(withDeputies(), at("2022-06-27", "09:45"), cal);
    const overdue = of(actions, "nudge").filter((n) => n.step === "overdue");
    expect(overdue.map((n) => [n.unit.id, n.liaison.openId, n.to, n.urgent])).toEqual([
      [1, "ou_a", { openId: "ou_a" }, true],
      [2, "ou_b", { openId: "ou_b" }, true],
      [3, "ou_dep3", { openId: "ou_dep3" }, true],
    ]);
    // One digest for the group, naming the units whose person is in it (ou_dep3 is in no group the bot knows).
    const digests = of(actions, "digest");
    expect(digests.map((d) => [d.chatId, d.lines.map((l) => l.unit.id)])).toEqual([["oc_group", [1, 2]]]);
  });
});

describe("planner: a unit the office reopened the round for", () => {
  const UNTIL = at("2022-07-06", "18:00");
  const STAMP = `r${Math.floor(UNTIL.getTime() / 1000).toString(36)}`;
  const reopened = (round: Partial<RoundRow> = {}) => {
    const snap = snapshot({}, round);
    snap.missingGroups = snap.missingGroups.map((g) => (g.unitId === 2 ? { ...g, reopenedUntil: UNTIL } : g));
    return snap;
  };

  it("is neither @-ed as overdue nor escalated before its own due date", () => {
    const overdue = of(planTick(reopened(), at("2022-06-27", "09:45"), cal).actions, "nudge");
    expect(overdue.map((n) => n.unit.id)).toEqual([1]); // unit 3 has no liaison: the office's note
    const esc = of(planTick(reopened(), at("2022-06-29", "10:15"), cal).actions, "escalate");
    expect(esc.map((e) => [e.key, e.overdue.map((o) => o.unit.id)])).toEqual([
      ["esc:7:office", [1, 3]],
      ["esc:7:lead:1", [3]],
    ]);
  });

  it("gets its own ladder against the new date, even after it had the round's nudges and the round closed", () => {
    const ledger = new Map([
      [
        "c:7",
        new Map([
          ["u2:remind", "sent"],
          ["u2:due", "sent"],
        ]),
      ],
    ]);
    const remind = of(planTick({ ...reopened(), ledger }, at("2022-07-01", "09:45"), cal).actions, "nudge");
    expect(remind.map((n) => [n.key, n.round.reopened, localTime(n.round.dueAt, TZ).day])).toEqual([
      [`nudge:7:2:remind:${STAMP}`, true, "2022-07-06"],
    ]);
    expect(remind[0]?.ledger).toEqual([{ scope: "c:7", entry: `u2:remind:${STAMP}`, outcome: "sent" }]);

    const closed = reopened({ state: "closed" });
    const due = of(planTick(closed, at("2022-07-06", "09:45"), cal).actions, "nudge");
    expect(due.map((n) => n.key)).toEqual([`nudge:7:2:due:${STAMP}`]);
    const late = of(planTick(closed, at("2022-07-07", "09:45"), cal).actions, "nudge");
    expect(late.map((n) => [n.key, n.to, n.urgent])).toEqual([
      [`nudge:7:2:overdue:${STAMP}`, { openId: "ou_b" }, true],
    ]);
    const esc = of(planTick(closed, at("2022-07-11", "10:15"), cal).actions, "escalate");
    expect(esc.map((e) => [e.key, e.overdue.map((o) => o.unit.id)])).toEqual([
      [`esc:7:office:${STAMP}`, [2]],
      [`esc:7:lead:1:${STAMP}`, [2]],
    ]);
  });

  it("the rest of a closed round is left alone", () => {
    const snap = snapshot({}, { state: "closed" });
    expect(planTick(snap, at("2022-06-29", "10:15"), cal).actions.filter((a) => a.type !== "skip")).toEqual(
      [],
    );
  });
});

describe("planner: the office", () => {
  it("is DUBAN_ADMINS when the plan has neither an office chat nor office members", () => {
    const snap = snapshot({
      chats: [],
      members: snapshot().members.filter((m) => m.role !== "office"),
      admins: ["ou_admin"],
    });
    const office = of(planTick(snap, at("2022-06-21", "09:45"), cal).actions, "nudge_office");
    expect(office[0]?.office.chatId).toBeNull();
    expect(office[0]?.office.members.map((m) => m.openId)).toEqual(["ou_admin"]);
    expect(office[0]?.office.members[0]?.tag).toMatch(/^a[0-9a-z]+$/);
  });
});
