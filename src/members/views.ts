/** Read-only views: /who, /units, /audit, /whoami. */
import type { Grant } from "../domain/permissions";
import { bindableUnits, groupMembers, resolveUnit } from "../domain/units";
import { type CardRef, joinRich, md, plain, type RichText } from "../kernel/messages";
import { Refusal } from "../kernel/refusal";
import { listCard } from "./cards";
import { deputiesOf, liaisonOf, type PlanView, roleLabel, unitName } from "./plan-view";
import type { AuditEntry } from "./ports";
import { loadPlanView, type MembersDeps, officeIds } from "./service";

export const AUDIT_PAGE_SIZE = 15;

function unitLine(view: PlanView, unitId: number, label: RichText): RichText {
  const liaison = liaisonOf(view, unitId);
  const deputies = deputiesOf(view, unitId).map((d) => plain(d.name));
  const dep = deputies.length > 0 ? md`（副：${joinRich(deputies, "、")}）` : md``;
  return liaison ? md`${label} — ${liaison.name}${dep}` : md`${label} — **「未指定」**${dep}`;
}

/** /who: who speaks for a unit (or each unit of a group), or the whole map. */
export async function who(deps: MembersDeps, planId: string, query: string): Promise<CardRef> {
  const view = await loadPlanView(deps, planId);
  const q = query.trim();
  if (q) {
    const r = resolveUnit(view.units, q);
    if (r.kind !== "found") {
      const names = r.candidates.map((u) => u.name).join("、");
      throw new Refusal(
        names ? `没有唯一匹配「${q}」的单位。您是不是要找：${names}？` : `没有名为「${q}」的单位。`,
      );
    }
    const units = r.unit.kind === "group" ? groupMembers(view.units, r.unit) : [r.unit];
    return listCard("who", {
      title: `${r.unit.name} · 联络员`,
      subtitle: view.title,
      ...(r.unit.kind === "group"
        ? { summary: md`单位组「${r.unit.name}」共 ${units.length} 个单位。` }
        : {}),
      lines: units.map((u) => unitLine(view, u.id, md`**${u.name}**`)),
    });
  }
  const names = (role: "office" | "leader") => {
    const ids =
      role === "office"
        ? officeIds(deps, view)
        : view.members.filter((m) => m.role === "leader").map((m) => m.openId);
    return ids.map((id) =>
      plain(
        view.members.find((m) => m.openId === id)?.name || (deps.admins.includes(id) ? "系统管理员" : id),
      ),
    );
  };
  const office = names("office");
  const leaders = names("leader");
  const units = bindableUnits(view.units);
  const filled = units.filter((u) => liaisonOf(view, u.id) || deputiesOf(view, u.id).length > 0);
  const gaps = units.length - units.filter((u) => liaisonOf(view, u.id)).length;
  return listCard("who", {
    title: "联络员一览",
    subtitle: view.title,
    summary: md`办公室：${office.length > 0 ? joinRich(office, "、") : md`（无）`}\n领导小组：${leaders.length > 0 ? joinRich(leaders, "、") : md`（未指定）`}`,
    lines:
      filled.length > 0
        ? filled.map((u) => unitLine(view, u.id, md`**${u.name}**`))
        : [md`尚无单位指定联络员。`],
    note: md`${gaps} 个单位未指定联络员，发送 /units 查看。`,
    color: "blue",
  });
}

/** /units: the catalog with each unit's liaison or a gap, the number of gaps first. */
export async function unitsOverview(deps: MembersDeps, planId: string): Promise<CardRef> {
  const view = await loadPlanView(deps, planId);
  const units = bindableUnits(view.units);
  const gaps = units.filter((u) => !liaisonOf(view, u.id));
  const groups = view.units.filter((u) => u.kind === "group");
  const summary =
    gaps.length > 0
      ? md`共 ${units.length} 个单位，**${gaps.length}** 个未指定联络员：${joinRich(
          gaps.map((g) => plain(g.name)),
          "、",
        )}`
      : md`共 ${units.length} 个单位，均已指定联络员。`;
  return listCard("units", {
    title: gaps.length > 0 ? `单位一览 · 缺 ${gaps.length} 个联络员` : "单位一览",
    subtitle: view.title,
    summary,
    lines: [
      ...units.map((u, i) => unitLine(view, u.id, md`${i + 1}. ${u.name}`)),
      ...groups.map(
        (g) => md`单位组 ${g.name}：含 ${groupMembers(view.units, g).length} 个单位（不能直接绑定）`,
      ),
    ],
    note: md`绑定：/bind <单位>（本人），办公室可 /bind @某人 <单位> [联络员|副联络员]`,
    color: gaps.length > 0 ? "orange" : "green",
  });
}

const actionNames: Record<string, string> = {
  bind: "绑定",
  unbind: "解除",
  grant: "授予",
  revoke: "撤销",
  bind_request: "申请绑定",
  bind_reject: "驳回申请",
  chat_join: "机器人入群",
  chat_plan: "群绑定方案",
  chat_disbanded: "群解散",
  chat_bot_removed: "机器人被移出群",
};

const reasonNames: Record<string, string> = {
  replaced: "被替换",
  left_chat: "退群",
  removed_from_chat: "被移出群",
  chat_disbanded: "群解散",
  bootstrap: "添加机器人者自动成为办公室",
  mapping: "对应卡片",
  proposal: "新成员建议",
};

/** /audit [unit] [page]: mapping and role changes, latest first. */
export async function auditView(
  deps: MembersDeps & { timezone: string },
  planId: string,
  input: { unitQuery: string; page: number },
): Promise<CardRef> {
  const view = await loadPlanView(deps, planId);
  let unitId: number | undefined;
  let unitLabel = "";
  if (input.unitQuery.trim()) {
    const r = resolveUnit(view.units, input.unitQuery);
    if (r.kind !== "found") {
      const names = r.candidates.map((u) => u.name).join("、");
      throw new Refusal(
        `没有唯一匹配「${input.unitQuery.trim()}」的单位。${names ? `您是不是要找：${names}？` : ""}`,
      );
    }
    unitId = r.unit.id;
    unitLabel = r.unit.name;
  }
  const page = Math.max(1, Math.floor(input.page));
  const { entries, total } = await deps.audit.list(planId, {
    ...(unitId !== undefined ? { unitId } : {}),
    limit: AUDIT_PAGE_SIZE,
    offset: (page - 1) * AUDIT_PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const fmt = new Intl.DateTimeFormat("zh-CN", {
    timeZone: deps.timezone,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  const names = new Map(view.members.map((m) => [m.openId, m.name]));
  const lines = entries.map((e) => auditLine(deps, view, e, fmt.format(e.at), names));
  const next =
    page < pages ? `发送 /audit ${unitLabel ? `${unitLabel} ` : ""}${page + 1} 查看下一页` : "已是最后一页";
  return listCard("audit", {
    title: unitLabel ? `变更记录 · ${unitLabel}` : "变更记录",
    subtitle: view.title,
    summary: md`共 ${total} 条，第 ${page}/${pages} 页（最新在前）`,
    lines: lines.length > 0 ? lines : [md`暂无记录。`],
    note: md`${next}`,
    color: "grey",
  });
}

function auditLine(
  deps: MembersDeps,
  view: PlanView,
  e: AuditEntry,
  when: string,
  names: Map<string, string>,
): RichText {
  const state = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : undefined);
  const before = state(e.before);
  const after = state(e.after);
  const byName = after?.byName ?? before?.byName;
  const actor =
    e.actor === "system"
      ? "系统"
      : (typeof byName === "string" && byName) ||
        names.get(e.actor) ||
        (deps.admins.includes(e.actor) ? "管理员" : e.actor.slice(-6));
  const describe = (s: Record<string, unknown> | undefined) => {
    if (!s) return "";
    if (typeof s.planId === "string" && !s.role) return `方案 ${s.planId}`;
    const unit = typeof s.unitId === "number" ? unitName(view, s.unitId) : "";
    const role = typeof s.role === "string" ? roleLabel(s.role as never, unit) : "";
    const who = typeof s.name === "string" ? s.name : "";
    return [who, role].filter(Boolean).join(" ");
  };
  const what = actionNames[e.action] ?? e.action;
  const reasonKey = String(after?.reason ?? before?.reason ?? "");
  const reason =
    reasonNames[reasonKey] ?? (reasonKey.startsWith("request #") ? `申请#${reasonKey.slice(9)}` : reasonKey);
  const change =
    before && after
      ? `${describe(before)} → ${describe(after)}`
      : after
        ? describe(after)
        : before
          ? describe(before)
          : "";
  return md`${when} · ${actor} · ${what} ${change}${reason ? `（${reason}）` : ""}`;
}

/** /whoami: the caller's roles in the plan and pending requests. */
export async function whoami(
  deps: MembersDeps,
  planId: string,
  person: { openId: string },
  grants: readonly Grant[],
  /** "您" for oneself, the person's name otherwise. */
  subject = "您",
): Promise<string> {
  const view = await loadPlanView(deps, planId);
  const parts = grants.map((g) => {
    if (
      g.role === "office" &&
      deps.admins.includes(person.openId) &&
      !view.members.some((m) => m.openId === person.openId && m.role === "office")
    )
      return "办公室（系统配置）";
    return roleLabel(g.role, g.unitId !== null ? unitName(view, g.unitId) : undefined);
  });
  const unique = [...new Set(parts)];
  const pending = await deps.members.pendingBindRequests(planId, person.openId);
  const lines = [
    `方案：${view.title}`,
    `${subject}的身份：${unique.length > 0 ? unique.join("、") : "普通成员（尚未绑定单位，可发送 /bind <单位>）"}`,
  ];
  if (pending.length > 0)
    lines.push(`待审批的申请：${pending.map((p) => unitName(view, p.unitId)).join("、")}`);
  return lines.join("\n");
}
