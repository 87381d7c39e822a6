/**
 * Proposes who in a chat speaks for which unit, from the plan's roster (领导小组名单) and from unit
 * names people put in their display names ("张三(市经信局)", "市科技局-李四"). Pure; the office confirms.
 */
import { type CatalogUnit, normalizeName, resolveUnit } from "../../domain/units";

export interface RosterPerson {
  name: string;
  title: string;
  unitId: number | null;
  role: "leader" | "deputy_leader" | "member";
}

export interface ChatPerson {
  openId: string;
  name: string;
}

/** A role somebody already holds in the plan (so we do not propose it again). */
export interface HeldRole {
  openId: string;
  role: "office" | "leader" | "liaison" | "deputy" | "member";
  unitId: number | null;
}

export interface Proposal {
  openId: string;
  /** The display name in the chat. */
  name: string;
  role: "leader" | "liaison" | "deputy";
  /** The unit; for a leader, the unit they head (null for the 组长/副组长), shown but not bound. */
  unitId: number | null;
  /** roster: the name is on the roster (rosterTitle says as what); name_hint: the display name names a unit. */
  source: "roster" | "name_hint";
  rosterTitle?: string;
  rosterRole?: RosterPerson["role"];
}

export interface MappingProposals {
  proposals: Proposal[];
  /** People with no proposal and no unit role yet. */
  unmatched: ChatPerson[];
  /** Display names matching more than one roster entry, or one entry matched by several people. */
  ambiguous: { person: ChatPerson; rosterNames: string[] }[];
}

const SEPARATORS =
  /^[()（）[\]【】<>〈〉《》{}\-—–_|/\\:：,，·・@#\s]+|[()（）[\]【】<>〈〉《》{}\-—–_|/\\:：,，·・@#\s]+$/g;
const TITLE_WORDS =
  /(局长|主任|部长|区长|市长|巡视员|书记|委员|经理|工程师|主席|处长|科长|科员|秘书|联络员|同志|干部|调研员|主管|助理|组长|行长)$/;

/**
 * Titles of a unit's head or deputy heads (局长, 副区长, 主任 of a 委/办, 书记 …). A desk officer (处长, 科长, the
 * 主任 of an office inside a unit, 科员) is who usually reports, so only heads are kept off the liaison slot.
 */
const HEAD_TITLE =
  /(局长|区长|市长|县长|主任|书记|秘书长|行长|总经理|董事长|总工程师|总经济师|巡视员|常委|社长|院长|校长)$/;
const DESK_HEAD = /(处|科|股|室|站|所|队|中心)(副)?(处长|科长|主任|站长|所长|队长)$/;

/** Whether a title (名单 or a display name's suffix) marks a head of a unit rather than a desk officer. */
export function isUnitHead(title: string): boolean {
  const t = title
    .normalize("NFKC")
    .split(/[()（）[\]【】<>〈〉《》{}\-—–_|/\\:：,，、;；·・@#\s]+/)
    .filter(Boolean);
  return t.some((part) => HEAD_TITLE.test(part) && !DESK_HEAD.test(part));
}

/**
 * Whether a chat display name is this roster name, tolerating a unit or title appended or prepended:
 * "张三", "张三(市经信局)", "张三 副局长", "市经信局-张三". Returns the unit the display name mentions, if any.
 */
export function matchDisplayName(
  displayName: string,
  rosterName: string,
  catalog: readonly CatalogUnit[],
): { matches: boolean; hintUnit: CatalogUnit | undefined } {
  const n = normalizeName(displayName);
  const r = normalizeName(rosterName);
  if (!r || !n) return { matches: false, hintUnit: undefined };
  if (n === r) return { matches: true, hintUnit: undefined };
  let rest: string | undefined;
  let attachedRaw = "";
  if (n.startsWith(r)) {
    rest = n.slice(r.length);
    attachedRaw = rest;
  } else if (n.endsWith(r)) {
    rest = n.slice(0, n.length - r.length);
    attachedRaw = rest;
  }
  if (rest === undefined) return { matches: false, hintUnit: undefined };
  const startsWithSeparator = /^[()（）[\]【】<>〈〉《》{}\-—–_|/\\:：,，·・@#]/.test(attachedRaw);
  const endsWithSeparator = /[()（）[\]【】<>〈〉《》{}\-—–_|/\\:：,，·・@#]$/.test(attachedRaw);
  const core = rest.replace(SEPARATORS, "");
  const hintUnit = unitHint(core, catalog);
  const separated = n.startsWith(r) ? startsWithSeparator : endsWithSeparator;
  const matches = separated || hintUnit !== undefined || TITLE_WORDS.test(core);
  return { matches, hintUnit: matches ? hintUnit : undefined };
}

/** The unit a fragment such as "市经信局副局长" or "经信局" names, if it names exactly one. */
export function unitHint(fragment: string, catalog: readonly CatalogUnit[]): CatalogUnit | undefined {
  const core = fragment
    .replace(SEPARATORS, "")
    .replace(TITLE_WORDS, "")
    .replace(/副$|二级$/, "");
  if (normalizeName(core).length < 2) return undefined;
  const r = resolveUnit(catalog, core);
  return r.kind === "found" && r.unit.kind === "unit" ? r.unit : undefined;
}

/**
 * Proposes roles for the people in a chat:
 * - a roster 组长/副组长 → leader (plan-wide);
 * - a roster 成员 whose title marks a head of the unit (局长, 副区长 …) → leader, shown with the unit they head:
 *   heads read status, they do not fill forms, so the unit's liaison slot stays open;
 * - another roster 成员 of a unit → liaison of that unit when it has none (held or proposed), else deputy;
 * - someone off the roster whose display name names a unit → the same (a head, by the title in the name, → leader).
 * Roles already held are not proposed again. Roster order first, then the chat's order.
 */
export function proposeMapping(
  people: readonly ChatPerson[],
  roster: readonly RosterPerson[],
  catalog: readonly CatalogUnit[],
  held: readonly HeldRole[],
): MappingProposals {
  const proposals: Proposal[] = [];
  const ambiguous: MappingProposals["ambiguous"] = [];
  const liaisonTaken = new Set(
    held.filter((h) => h.role === "liaison" && h.unitId !== null).map((h) => h.unitId),
  );
  const holds = (openId: string, role: HeldRole["role"], unitId: number | null) =>
    held.some((h) => h.openId === openId && h.role === role && h.unitId === unitId);
  const hasUnitRole = (openId: string) =>
    held.some((h) => h.openId === openId && (h.role === "liaison" || h.role === "deputy"));

  // Roster entry → the people whose display names match it.
  const matchesOf = new Map<number, { person: ChatPerson; hint: CatalogUnit | undefined }[]>();
  const entriesOf = new Map<string, number[]>();
  roster.forEach((entry, i) => {
    for (const person of people) {
      const m = matchDisplayName(person.name, entry.name, catalog);
      if (!m.matches) continue;
      // "张三(市科技局)" is not the roster's 张三 of 市经信局: a namesake.
      if (m.hintUnit && entry.unitId !== null && m.hintUnit.id !== entry.unitId) continue;
      matchesOf.set(i, [...(matchesOf.get(i) ?? []), { person, hint: m.hintUnit }]);
      entriesOf.set(person.openId, [...(entriesOf.get(person.openId) ?? []), i]);
    }
  });

  const settled = new Set<string>();
  const proposeUnit = (
    person: ChatPerson,
    unitId: number,
    extra: Pick<Proposal, "source" | "rosterTitle" | "rosterRole">,
  ) => {
    if (!catalog.some((u) => u.id === unitId && u.kind === "unit")) return;
    if (holds(person.openId, "liaison", unitId) || holds(person.openId, "deputy", unitId)) return;
    const role = liaisonTaken.has(unitId) ? "deputy" : "liaison";
    if (role === "liaison") liaisonTaken.add(unitId);
    proposals.push({ openId: person.openId, name: person.name, role, unitId, ...extra });
  };

  const proposeHead = (
    person: ChatPerson,
    unitId: number,
    extra: Pick<Proposal, "source" | "rosterTitle" | "rosterRole">,
  ) => {
    if (holds(person.openId, "leader", null)) return;
    proposals.push({ openId: person.openId, name: person.name, role: "leader", unitId, ...extra });
  };

  roster.forEach((entry, i) => {
    const found = matchesOf.get(i) ?? [];
    const unique = found.filter((f) => (entriesOf.get(f.person.openId) ?? []).length === 1);
    if (found.length === 0) return;
    if (found.length > 1 || unique.length === 0) {
      for (const f of found) {
        if (settled.has(f.person.openId)) continue;
        settled.add(f.person.openId);
        const names = (entriesOf.get(f.person.openId) ?? []).map((j) => roster[j]?.name ?? "");
        ambiguous.push({ person: f.person, rosterNames: [...new Set(names)] });
      }
      return;
    }
    const { person } = unique[0] as { person: ChatPerson };
    settled.add(person.openId);
    const extra = { source: "roster" as const, rosterTitle: entry.title, rosterRole: entry.role };
    if (entry.role === "leader" || entry.role === "deputy_leader") {
      if (!holds(person.openId, "leader", null))
        proposals.push({ openId: person.openId, name: person.name, role: "leader", unitId: null, ...extra });
      return;
    }
    if (entry.unitId === null) return;
    if (isUnitHead(entry.title)) proposeHead(person, entry.unitId, extra);
    else proposeUnit(person, entry.unitId, extra);
  });

  for (const person of people) {
    if (settled.has(person.openId) || hasUnitRole(person.openId)) continue;
    const hint = nameHint(person.name, catalog);
    if (!hint) continue;
    settled.add(person.openId);
    if (isUnitHead(person.name)) proposeHead(person, hint.id, { source: "name_hint" });
    else proposeUnit(person, hint.id, { source: "name_hint" });
  }

  const proposed = new Set(proposals.map((p) => p.openId));
  const ambiguousIds = new Set(ambiguous.map((a) => a.person.openId));
  const unmatched = people.filter(
    (p) =>
      !proposed.has(p.openId) &&
      !ambiguousIds.has(p.openId) &&
      !held.some((h) => h.openId === p.openId && h.role !== "member"),
  );
  return { proposals, unmatched, ambiguous };
}

/** A unit named inside a display name: "李四(市科技局)", "市科技局-李四", "李四 江岸区". */
export function nameHint(displayName: string, catalog: readonly CatalogUnit[]): CatalogUnit | undefined {
  const raw = displayName.normalize("NFKC");
  const bracket = /[(（[【<〈《]([^)）\]】>〉》]+)[)）\]】>〉》]/.exec(raw);
  if (bracket?.[1]) return unitHint(bracket[1], catalog);
  const parts = raw.split(/[\s\-—–_|/\\:：,，·・@#]+/).filter(Boolean);
  if (parts.length < 2) return undefined;
  const hints = parts.map((p) => unitHint(p, catalog)).filter((u): u is CatalogUnit => u !== undefined);
  const ids = new Set(hints.map((h) => h.id));
  return ids.size === 1 ? hints[0] : undefined;
}
