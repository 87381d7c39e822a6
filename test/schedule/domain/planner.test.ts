import { describe, expect, it } from "vitest";
import { localTime } from "../../../src/domain/time";
import { planTick } from "../../../src/schedule/domain/planner";
import { at, cal, of, snapshot, TZ } from "./snapshot";

describe("planner: the ladder of an open round", () => {
  it("reminds each liaison directly 3 working days before, and lists units without one to the office", () => {
    const { actions } = planTick(snapshot(), at("2022-06-21", "09:45"), cal);
    const nudges = of(actions, "nudge");
    expect(nudges.map((n) => [n.key, n.to, n.missing.length])).toEqual([
      ["nudge:7:1:remind", { openId: "ou_a" }, 1],
      ["nudge:7:2:remind", { openId: "ou_b" }, 2],
    ]);
    for (const n of nudges) {
      const t = localTime(n.notBefore, TZ);
      expect(t.day).toBe("2022-06-21");
      expect(t.minutes).toBeGreaterThanOrEqual(9 * 60 + 31);
      expect(t.minutes).toBeLessThanOrEqual(9 * 60 + 39);
    }
    const office = of(actions, "nudge_office");
    expect(office).toHaveLength(1);
    expect(office[0]?.key).toBe("nudge:7:office:remind");
    expect(office[0]?.units.map((u) => u.unit.name)).toEqual(["江汉区人民政府"]);
    expect(office[0]?.office.chatId).toBe("oc_office");
  });

  it("does nothing before the step's time, and nothing twice once the ledger has it", () => {
    expect(of(planTick(snapshot(), at("2022-06-21", "09:29"), cal).actions, "nudge")).toEqual([]);
    const ledger = new Map([
      [
        "c:7",
        new Map([
          ["u1:remind", "sent"],
          ["u3:remind", "office"],
        ]),
      ],
    ]);
    const { actions } = planTick(snapshot({ ledger }), at("2022-06-21", "09:45"), cal);
    expect(of(actions, "nudge").map((n) => n.key)).toEqual(["nudge:7:2:remind"]);
    expect(of(actions, "nudge_office")).toEqual([]);
  });

  it("a unit that has reported is not nudged", () => {
    const snap = snapshot();
    snap.missingGroups = snap.missingGroups.filter((g) => g.unitId !== 2);
    const { actions } = planTick(snap, at("2022-06-24", "09:45"), cal);
    expect(of(actions, "nudge").map((n) => n.key)).toEqual(["nudge:7:1:due"]);
  });

  it("tells the overdue liaison directly with an urgent buzz, and the group once in a digest", () => {
    const { actions } = planTick(snapshot(), at("2022-06-27", "09:45"), cal);
    const overdue = of(actions, "nudge").filter((n) => n.step === "overdue");
    expect(overdue.map((n) => [n.key, n.to, n.urgent])).toEqual([
      ["nudge:7:1:overdue", { openId: "ou_a" }, true],
      ["nudge:7:2:overdue", { openId: "ou_b" }, true],
    ]);
    expect(of(actions, "digest").map((d) => [d.chatId, d.lines.map((l) => l.unit.id)])).toEqual([
      ["oc_group", [1, 2]],
    ]);
    // The remind and due steps (06-21, 06-24) were missed: skipped, not sent late.
    expect(of(actions, "skip").map((s) => [s.reason, s.ledger.length])).toEqual([
      ["stale", 3],
      ["stale", 3],
    ]);
  });

  it("escalates 3 working days after: the whole list to the office, the lead unit's part to its liaison", () => {
    const ledger = new Map([
      [
        "c:7",
        new Map(
          ["remind", "due", "overdue"].flatMap((s) =>
            [1, 2, 3].map((u) => [`u${u}:${s}`, "sent"] as [string, string]),
          ),
        ),
      ],
    ]);
    const { actions } = planTick(snapshot({ ledger }), at("2022-06-29", "10:15"), cal);
    const esc = of(actions, "escalate");
    expect(esc.map((e) => [e.key, e.audience])).toEqual([
      ["esc:7:office", "office"],
      ["esc:7:lead:1", "lead"],
    ]);
    expect(esc[0]?.overdue.map((o) => [o.unit.name, o.liaison?.openId ?? null, o.missing.length])).toEqual([
      ["市经信局", "ou_a", 1],
      ["市科技局", "ou_b", 2],
      ["江汉区人民政府", null, 1],
    ]);
    // 市经信局 leads 一.1: it hears about the units late on 一.1 only.
    expect(esc[1]?.overdue.map((o) => [o.unit.name, o.missing.map((m) => m.taskCode)])).toEqual([
      ["市科技局", ["一.1"]],
      ["江汉区人民政府", ["一.1"]],
    ]);
    expect(of(planTick(snapshot({ ledger }), at("2022-06-28", "10:15"), cal).actions, "escalate")).toEqual(
      [],
    );
  });

  it("sends nothing outside working hours or on a day off", () => {
    const evening = planTick(snapshot(), at("2022-06-21", "19:00"), cal).actions;
    expect(of(evening, "nudge")).toEqual([]);
    const override = planTick(
      snapshot({ calendarOverrides: [{ day: "2022-06-21", workday: false }] }),
      at("2022-06-21", "09:45"),
      cal,
    );
    expect(of(override.actions, "nudge")).toEqual([]);
  });

  it("sends a missed nudge late on the same working day, and skips it on the next", () => {
    expect(of(planTick(snapshot(), at("2022-06-21", "16:00"), cal).actions, "nudge")).toHaveLength(2);
    const nextDay = planTick(snapshot(), at("2022-06-22", "09:20"), cal).actions;
    expect(of(nextDay, "nudge")).toEqual([]);
    expect(of(nextDay, "skip").map((s) => [s.reason, s.ledger.map((m) => m.entry)])).toEqual([
      ["stale", ["u1:remind", "u2:remind", "u3:remind"]],
    ]);
  });

  it("with a plan's grace window, sends a missed nudge late within it, and skips it after", () => {
    const narrow = () => {
      const snap = snapshot();
      snap.plans = snap.plans.map((p) => ({ ...p, settings: { schedule: { graceMinutes: 120 } } }));
      return snap;
    };
    expect(of(planTick(narrow(), at("2022-06-21", "11:20"), cal).actions, "nudge")).toHaveLength(2);
    const late = planTick(narrow(), at("2022-06-21", "11:50"), cal).actions;
    expect(of(late, "nudge")).toEqual([]);
    expect(of(late, "skip").map((s) => [s.reason, s.ledger.map((m) => m.entry)])).toEqual([
      ["stale", ["u1:remind", "u2:remind", "u3:remind"]],
    ]);
  });

  it("skips steps that came before a round opened late", () => {
    const { actions } = planTick(
      snapshot({}, { openedAt: at("2022-06-22", "10:00") }),
      at("2022-06-22", "10:01"),
      cal,
    );
    expect(of(actions, "nudge")).toEqual([]);
    expect(of(actions, "skip").map((s) => s.reason)).toEqual(["before_open"]);
  });

  it("sends the office's and the escalation's messages to each office member when there is no office chat", () => {
    const snap = snapshot({ chats: [] });
    const { actions } = planTick(snap, at("2022-06-21", "09:45"), cal);
    expect(of(actions, "nudge_office")[0]?.office).toEqual({
      chatId: null,
      members: [{ tag: "m3", openId: "ou_office", name: "办" }],
    });
    // Overdue without any group chat: the liaison is @-ed in a direct message instead.
    const overdue = of(planTick(snap, at("2022-06-27", "09:45"), cal).actions, "nudge");
    expect(overdue[0]?.to).toEqual({ openId: "ou_a" });
  });

  it("with no office at all, units without a liaison are skipped as no_recipient (and remembered)", () => {
    const snap = snapshot({ chats: [], members: snapshot().members.filter((m) => m.role !== "office") });
    const skips = of(planTick(snap, at("2022-06-21", "09:45"), cal).actions, "skip");
    expect(skips.map((s) => [s.reason, s.ledger])).toEqual([
      ["no_recipient", [{ scope: "c:7", entry: "u3:remind", outcome: "no_recipient" }]],
    ]);
  });
});

describe("planner: rounds", () => {
  it("opens a scheduled round in working hours after its time, closes it after its close time", () => {
    const scheduled = snapshot({}, { state: "scheduled", openedAt: null });
    expect(
      of(planTick(scheduled, at("2022-06-17", "09:45"), cal).actions, "open_round").map((o) => o.roundId),
    ).toEqual([7]);
    expect(of(planTick(scheduled, at("2022-06-18", "09:45"), cal).actions, "open_round")).toEqual([]); // Saturday
    expect(of(planTick(scheduled, at("2022-06-17", "08:00"), cal).actions, "open_round")).toEqual([]);
    const closing = planTick(snapshot(), at("2022-07-01", "18:01"), cal).actions;
    expect(of(closing, "close_round")).toEqual([
      { type: "close_round", roundId: 7, planId: "p", title: "2022年6月 月调度", opened: true },
    ]);
    expect(of(closing, "nudge")).toEqual([]);
  });

  it("creates the plan's rounds that do not exist yet (current and future only) and moves scheduled ones", () => {
    const snap = snapshot({ rounds: [] });
    snap.plans = snap.plans.map((p) => ({
      ...p,
      settings: { schedule: { monthly: { from: "2022-05", to: "2022-07" } } },
    }));
    const created = of(planTick(snap, at("2022-06-10", "08:00"), cal).actions, "create_round");
    expect(created.map((c) => c.spec.period)).toEqual(["2022-06", "2022-07"]); // May's round is over
    const moved = snapshot({}, { state: "scheduled", openedAt: null, dueAt: at("2022-06-20", "18:00") });
    const r = of(planTick(moved, at("2022-06-10", "08:00"), cal).actions, "reschedule_round");
    expect(r.map((x) => [x.roundId, x.spec.dueAt.toISOString()])).toEqual([[7, "2022-06-24T10:00:00.000Z"]]);
  });

  it("stops scheduling a plan whose settings are invalid, and says why", () => {
    const snap = snapshot();
    snap.plans = snap.plans.map((p) => ({ ...p, settings: { schedule: { graceMinutes: -5 } } }));
    const { actions, warnings } = planTick(snap, at("2022-06-21", "09:45"), cal);
    expect(actions).toEqual([]);
    expect(warnings.join("\n")).toMatch(/方案 p：调度设置无效.*graceMinutes/);
  });

  it("one plan with a broken time zone does not stop another plan's reminders", () => {
    const snap = snapshot();
    snap.plans = [
      ...snap.plans.map((p) => ({ ...p, id: "broken", timezone: "Mars/Olympus" })),
      ...snap.plans,
    ];
    const { actions, warnings } = planTick(snap, at("2022-06-21", "09:45"), cal);
    expect(of(actions, "nudge").map((n) => n.key)).toEqual(["nudge:7:1:remind", "nudge:7:2:remind"]);
    expect(warnings.join("\n")).toContain("方案 broken：调度失败");
  });

  it("warns when a date lies beyond the calendar data", () => {
    const year = cal.lastYear + 2;
    const snap = snapshot({ rounds: [] });
    snap.plans = snap.plans.map((p) => ({
      ...p,
      settings: { schedule: { monthly: { from: `${year}-06`, to: `${year}-06` } } },
    }));
    const { warnings } = planTick(snap, at(`${year}-01-10`, "09:45"), cal);
    expect(warnings.join("\n")).toContain(`日历数据未覆盖 ${year} 年`);
  });
});
