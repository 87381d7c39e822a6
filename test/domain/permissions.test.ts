import { describe, expect, it } from "vitest";
import {
  type Action,
  actions,
  archivedRefusal,
  can,
  type Grant,
  type Role,
} from "../../src/domain/permissions";

const asRole: Record<Role, Grant[]> = {
  office: [{ role: "office", unitId: null }],
  leader: [{ role: "leader", unitId: null }],
  liaison: [{ role: "liaison", unitId: 7 }],
  deputy: [{ role: "deputy", unitId: 7 }],
  member: [],
};

// The authorization table as the office would read it: Y allowed, - refused.
// columns: office leader liaison deputy member
const expected: Record<Action, string> = {
  help: "YYYYY",
  whoami: "YYYYY",
  bind_self: "YYYYY",
  bind_other: "Y----",
  unbind_self: "YYYYY",
  unbind_other: "Y----",
  bind_decide: "Y----",
  mapping_confirm: "Y----",
  grant_role: "Y----",
  who: "YYYYY",
  units: "YYYYY",
  plan_use: "Y----",
  plan_list: "YY---",
  plan_import: "Y----",
  plan_close: "Y----",
  plan_result: "Y----",
  round_open: "Y----",
  round_reopen: "Y----",
  report_view_own: "Y-YY-",
  report_submit: "Y-YY-",
  lead_view: "YYYY-",
  status: "YYYY-",
  missing: "YY---",
  remind: "Y----",
  bulletin_draft: "Y----",
  bulletin_publish: "Y----",
  summary: "Y----",
  export: "YY---",
  audit: "Y----",
  goals: "YYYY-",
  goal_set: "Y----",
  goal_report: "Y-YY-",
  coord: "YY---",
  coord_assign: "Y----",
  coord_answer: "Y-YY-",
  coord_close: "Y----",
  milestone_mark: "Y----",
};

const roles: Role[] = ["office", "leader", "liaison", "deputy", "member"];

describe("authorization table", () => {
  it("covers every action", () => {
    expect(Object.keys(expected).sort()).toEqual([...actions].sort());
  });

  for (const action of actions) {
    roles.forEach((role, i) => {
      const allowed = expected[action][i] === "Y";
      it(`${role} ${allowed ? "may" : "may not"} ${action}`, () => {
        expect(can(asRole[role], action, { unitId: 7 })).toBe(allowed);
      });
    });
  }

  it("a liaison may submit only for their own unit; the office for any", () => {
    expect(can(asRole.liaison, "report_submit", { unitId: 7 })).toBe(true);
    expect(can(asRole.liaison, "report_submit", { unitId: 8 })).toBe(false);
    expect(can(asRole.deputy, "report_submit", { unitId: 8 })).toBe(false);
    expect(can(asRole.office, "report_submit", { unitId: 8 })).toBe(true);
    expect(can(asRole.leader, "report_submit", { unitId: 7 })).toBe(false);
  });

  it("an archived plan refuses what writes and lets reading and exporting through", () => {
    const on = "2023年1月31日（星期二）";
    expect(archivedRefusal("report_submit", on)).toContain("已于2023年1月31日（星期二）办结归档");
    expect(archivedRefusal("report_view_own", on)).toBeDefined();
    expect(archivedRefusal("coord_answer", on)).toBeDefined();
    for (const read of ["status", "export", "summary", "plan_use", "plan_list", "who"] as const)
      expect(archivedRefusal(read, on)).toBeUndefined();
    expect(archivedRefusal("report_submit", undefined)).toBeUndefined();
  });

  it("a leader may read any unit's lead view, a liaison only their own", () => {
    expect(can(asRole.leader, "lead_view", { unitId: 8 })).toBe(true);
    expect(can(asRole.liaison, "lead_view", { unitId: 8 })).toBe(false);
  });
});
