/**
 * Roles and the one authorization table that decides every command and card action.
 *
 * office  领导小组办公室: runs the plan (bootstrapped by DUBAN_ADMINS, then granted by the office)
 * leader  组长/副组长: reads status and bulletins
 * liaison 联络员 / deputy 副联络员: reports for their unit
 * member  anyone else in the chat
 */
export type Role = "office" | "leader" | "liaison" | "deputy" | "member";

export interface Grant {
  role: Role;
  /** The unit for liaison/deputy grants; null for plan-wide roles. */
  unitId: number | null;
}

export const actions = [
  "help",
  "whoami",
  "bind_self",
  "bind_other",
  "unbind_self",
  "unbind_other",
  "bind_decide",
  "mapping_confirm",
  "grant_role",
  "who",
  "units",
  "plan_use",
  "plan_list",
  "plan_import",
  "plan_close",
  "plan_result",
  "round_open",
  "round_reopen",
  "report_view_own",
  "report_submit",
  "lead_view",
  "status",
  "missing",
  "remind",
  "bulletin_draft",
  "bulletin_publish",
  "summary",
  "export",
  "audit",
  "goals",
  "goal_set",
  "goal_report",
  "coord",
  "coord_assign",
  "coord_answer",
  "coord_close",
  "milestone_mark",
] as const;
export type Action = (typeof actions)[number];

/**
 * Who may do what. "unit" scope: a liaison or deputy may do it only for their own unit (the caller passes
 * the target unit); the office may do it for any unit. "writes": the action changes the plan's record of
 * work (reports, rounds, bindings, items, marks), so it is refused once the plan is archived (/plan close);
 * everything else (reading, exporting, choosing another plan) stays open.
 */
export const permissionTable: Record<Action, { roles: readonly Role[]; scope?: "unit"; writes?: true }> = {
  help: { roles: ["office", "leader", "liaison", "deputy", "member"] },
  whoami: { roles: ["office", "leader", "liaison", "deputy", "member"] },
  bind_self: { roles: ["office", "leader", "liaison", "deputy", "member"], writes: true },
  bind_other: { roles: ["office"], writes: true },
  unbind_self: { roles: ["office", "leader", "liaison", "deputy", "member"], writes: true },
  unbind_other: { roles: ["office"], writes: true },
  bind_decide: { roles: ["office"], writes: true },
  mapping_confirm: { roles: ["office"], writes: true },
  grant_role: { roles: ["office"], writes: true },
  who: { roles: ["office", "leader", "liaison", "deputy", "member"] },
  units: { roles: ["office", "leader", "liaison", "deputy", "member"] },
  plan_use: { roles: ["office"] },
  plan_list: { roles: ["office", "leader"] },
  plan_import: { roles: ["office"] },
  plan_close: { roles: ["office"], writes: true },
  // The 满意度测评 may come after the plan is closed: its result is recorded on the archived plan too.
  plan_result: { roles: ["office"] },
  round_open: { roles: ["office"], writes: true },
  round_reopen: { roles: ["office"], writes: true },
  // The unit's overview card is where reporting starts (its buttons open the forms).
  report_view_own: { roles: ["office", "liaison", "deputy"], scope: "unit", writes: true },
  report_submit: { roles: ["office", "liaison", "deputy"], scope: "unit", writes: true },
  lead_view: { roles: ["office", "leader", "liaison", "deputy"], scope: "unit" },
  status: { roles: ["office", "leader", "liaison", "deputy"] },
  missing: { roles: ["office", "leader"] },
  remind: { roles: ["office"], writes: true },
  bulletin_draft: { roles: ["office"], writes: true },
  bulletin_publish: { roles: ["office"], writes: true },
  summary: { roles: ["office"] },
  export: { roles: ["office", "leader"] },
  audit: { roles: ["office"] },
  goals: { roles: ["office", "leader", "liaison", "deputy"] },
  goal_set: { roles: ["office"], writes: true },
  goal_report: { roles: ["office", "liaison", "deputy"], scope: "unit", writes: true },
  coord: { roles: ["office", "leader"] },
  coord_assign: { roles: ["office"], writes: true },
  coord_answer: { roles: ["office", "liaison", "deputy"], scope: "unit", writes: true },
  coord_close: { roles: ["office"], writes: true },
  milestone_mark: { roles: ["office"], writes: true },
};

/**
 * Why an action is refused on an archived plan (undefined when it is not): the one check every command and
 * card action passes through (the router, and the context's `can`). `archivedOn` is the archive's date in
 * words (2022年12月31日（星期六）).
 */
export function archivedRefusal(action: Action, archivedOn: string | undefined): string | undefined {
  if (archivedOn === undefined || !permissionTable[action].writes) return undefined;
  return `本方案已于${archivedOn}办结归档，现为只读，不再接受报送、交办和修改；查阅请用 /status、/export。`;
}

/** Every person holds at least the member role. */
export function effectiveRoles(grants: readonly Grant[]): Set<Role> {
  return new Set<Role>(["member", ...grants.map((g) => g.role)]);
}

/**
 * Decides an action. For unit-scoped actions pass the target unit: a liaison/deputy is allowed only for a
 * unit they hold; the office for any. Without a target, unit-scoped actions ask whether the caller could do it
 * for some unit (used by /help).
 */
export function can(grants: readonly Grant[], action: Action, target?: { unitId: number }): boolean {
  const rule = permissionTable[action];
  const roles = effectiveRoles(grants);
  if (!rule.roles.some((r) => roles.has(r))) return false;
  if (rule.scope !== "unit" || roles.has("office")) return true;
  const unitRoles = grants.filter((g) => (g.role === "liaison" || g.role === "deputy") && g.unitId !== null);
  if (!target)
    return rule.roles.some((r) => r !== "liaison" && r !== "deputy" && roles.has(r)) || unitRoles.length > 0;
  if (unitRoles.some((g) => g.unitId === target.unitId)) return true;
  // Plan-wide readers (leader) may read any unit when the rule lists them.
  return rule.roles.some((r) => r !== "liaison" && r !== "deputy" && r !== "member" && roles.has(r));
}

/** The units a person may act for as liaison or deputy. */
export function unitsOf(grants: readonly Grant[]): number[] {
  return [
    ...new Set(
      grants
        .filter((g) => (g.role === "liaison" || g.role === "deputy") && g.unitId !== null)
        .map((g) => g.unitId ?? 0),
    ),
  ];
}

export const roleNames: Record<Role, string> = {
  office: "办公室",
  leader: "领导小组",
  liaison: "联络员",
  deputy: "副联络员",
  member: "成员",
};
