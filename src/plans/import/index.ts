/**
 * `duban plan import`: a 工作方案 document (plain text) → the plan format (docs/contract.md).
 * Pure: text in, plan out; what cannot be read becomes a warning with its line number.
 */
import type { Plan } from "../../domain/plan-format";
import { type Catalog, UnitRegistry } from "./catalog";
import { findDates } from "./dates";
import { describeDeadline } from "./deadline-kind";
import { findGoals, goalsInGuidance, readGoals } from "./goals";
import { readHeader, splitLayout } from "./header";
import { childHeadings, type Heading, headTitle, parseOutline } from "./headings";
import { findIndicators } from "./indicators";
import { type Line, toLines, type Warnings } from "./lines";
import {
  readClosingClause,
  readFilingRequirement,
  readLiaisons,
  readOfficeHost,
  readRhythm,
} from "./mechanisms";
import { milestoneOf, readPhases } from "./phases";
import { parseRoster, type RawRosterEntry } from "./roster";
import { carriesUnits } from "./task-level";
import { type RawSection, readSections } from "./tasks";
import { hasLabelSpec, parseToken, type Role, type UnitRef } from "./unit-specs";

const NOTE = /^(?:注|备注|附注|脚注)\s*[\d一二三四五六七八九十]*\s*[:：]/;

type PartKind = "goals" | "tasks" | "schedule" | "requirements" | "guidance";

function classifyPart(title: string): PartKind | null {
  if (/指导思想|总体要求|基本原则|总体思路|背景|依据|适用范围/.test(title)) return "guidance";
  if (/目标/.test(title) && !/任务/.test(title)) return "goals";
  if (/保障|要求|机制|组织领导/.test(title) && !/任务/.test(title)) return "requirements";
  if (/安排|步骤|进度|阶段|时间/.test(title)) return "schedule";
  if (/任务|举措|重点工作|主要工作|工作内容|措施|分工/.test(title)) return "tasks";
  return null;
}

function hasNumberedItems(h: Heading): boolean {
  return childHeadings(h).some((c) => c.level === 3 || hasNumberedItems(c));
}

function namesUnits(h: Heading): boolean {
  return (
    h.labelLines.length > 0 || h.lines.some((l) => hasLabelSpec(l.text)) || childHeadings(h).some(namesUnits)
  );
}

function linesOf(h: Heading): Line[] {
  return [...h.lines, ...h.labelLines, ...childHeadings(h).flatMap(linesOf)];
}

/** Every line of a part, clauses between its items included. */
function allLinesOf(h: Heading): Line[] {
  return [
    ...h.lines,
    ...h.children.flatMap((c) => (c.kind === "clause" ? [{ no: c.line, text: c.text }] : allLinesOf(c))),
  ];
}

function registerRefs(registry: UnitRegistry, refs: UnitRef[], warnings: Warnings): void {
  for (const ref of refs) {
    const t = parseToken(ref.token);
    if (t.problem) warnings.push({ line: ref.line, message: t.problem });
    if (!t.name) continue;
    if (t.def?.kind === "group" || registry.isGroup(t.name)) {
      const includes = t.def?.kind === "group" ? t.def.includes : [];
      registry.addGroup(t.name, includes, ref.line);
      // 〈含东湖高新区管委会〉 names a unit; 〈含开发区管委会〉 names a kind of unit.
      for (const i of includes) if (isSpecificUnit(i)) registry.addUnit(i);
    } else registry.addUnit(t.name);
    if (t.def?.kind === "pair") registry.addPair(t.name, t.def.other);
    if (t.def?.kind === "alias") registry.addAlias(t.name, t.def.alias);
  }
}

/** A name with a proper name before its type: 东湖高新区管委会 (not 开发区管委会, 高新区管委会). */
function isSpecificUnit(phrase: string): boolean {
  const rest = phrase
    .replace(/(?:人民政府|政府|管委会|管理委员会|街道办事处|办事处)$/, "")
    .replace(
      /(?:经济技术开发区|开发区|高新区|经开区|新区|园区|功能区|风景区|度假区|保税区|试验区|示范区|[区县市镇乡]|街道)$/,
      "",
    );
  return rest.length >= 2 && !/^(?:各|有关|相关|所有)/.test(rest);
}

const ZONE = /区(?:管委会|管理委员会)$/;
const DISTRICT_GOV = /[区县](?:人民政府|政府)$/;

function registerRoster(registry: UnitRegistry, roster: RawRosterEntry[]): void {
  for (const entry of roster) {
    const bodies = entry.posts.flatMap((p) => p.bodies);
    for (const b of bodies) if (!registry.prefixUnit(b) && registry.matchesAnyGroup(b)) registry.addUnit(b);
    // One person heading a zone and its district: the document pairs them as one body.
    const zone = bodies.find((b) => ZONE.test(b));
    const district = bodies.find((b) => DISTRICT_GOV.test(b) && !/^[市省]/.test(b));
    if (zone && district) registry.addPair(zone, district);
  }
}

function buildTasks(
  sections: RawSection[],
  catalog: Catalog,
  year: number | null,
  warnings: Warnings,
): Plan["sections"] {
  return sections.map((s) => ({
    no: s.no,
    title: s.title,
    tasks: s.tasks.map((t) => {
      const roles: Record<Role, string[]> = { lead: [], responsible: [], support: [] };
      const named = new Set<string>();
      const add = (ref: UnitRef, carried: boolean) => {
        const name = parseToken(ref.token).name;
        const canonical = catalog.resolve(name);
        if (!canonical) {
          warnings.push({ line: ref.line, message: `单位「${name}」不在单位目录中` });
          return;
        }
        if (carried && named.has(canonical)) return;
        named.add(canonical);
        if (!roles[ref.role].includes(canonical)) roles[ref.role].push(canonical);
      };
      for (const ref of t.refs) add(ref, false);
      for (const ref of t.carried) add(ref, true);
      const id = `${s.no}.${t.no}`;
      if (named.size === 0) warnings.push({ line: t.line, message: `任务 ${id} 没有标注牵头或责任单位` });
      const deadlines = t.dates.map((d) => {
        if (!d.period) warnings.push({ line: t.line, message: `任务 ${id} 的时限「${d.text}」无法确定日期` });
        return describeDeadline(d.text, d.period?.to ?? null);
      });
      // A stated 完成时限 is the task's deadline: a date, a recurring day (每季度末) or ongoing work (长期坚持).
      for (const d of t.statedDeadlines) {
        const stated = describeDeadline(d.text, findDates(d.text, year)[0]?.period?.to ?? null);
        if (stated.kind === "unknown")
          warnings.push({ line: d.line, message: `任务 ${id} 的时限「${d.text}」无法确定日期` });
        deadlines.unshift(stated);
      }
      return {
        no: t.no,
        id,
        text: t.text,
        lead: roles.lead,
        responsible: roles.responsible,
        support: roles.support,
        indicators: findIndicators(t.text),
        deadlines,
      };
    }),
  }));
}

function buildRoster(entries: RawRosterEntry[], catalog: Catalog, warnings: Warnings): Plan["roster"] {
  return entries.map((e) => {
    const posts = e.posts.map((p) => ({
      title: p.title,
      unit: (p.body && catalog.resolve(p.body)) || p.body || p.title,
      known: p.body !== null && catalog.resolve(p.body) !== null,
    }));
    const unit = (posts.find((p) => p.known) ?? posts[0])?.unit ?? e.title;
    if (e.role === "member" && !posts.some((p) => p.known))
      warnings.push({ line: e.line, message: `名单中 ${e.name} 的单位「${unit}」不在单位目录中` });
    return {
      name: e.name,
      title: e.title,
      unit,
      role: e.role,
      posts: posts.length > 1 ? posts.map(({ title, unit }) => ({ title, unit })) : [],
    };
  });
}

/** The rhythm named in the mechanisms, then what closing clauses add; a day stated in either is kept. */
function mergeRhythm(a: Plan["rhythm"], b: Plan["rhythm"]): Plan["rhythm"] {
  const named = a.map((r) => {
    const day = r.day ?? b.find((x) => x.kind === r.kind && x.day !== undefined)?.day;
    return day === undefined ? r : { ...r, day };
  });
  return [...named, ...b.filter((r) => !a.some((x) => x.kind === r.kind))];
}

export function importPlanDocument(text: string, opts: { id?: string }): Plan {
  const warnings: Warnings = [];
  // A note (注：…, a footnote) explains the text around it and is no part of the plan; it is set aside
  // before the layout is read, so that one after the 落款 does not hide the issuer and date.
  const lines = toLines(text).filter((l) => {
    if (!NOTE.test(l.text)) return true;
    warnings.push({ line: l.no, message: `注释未读入：「${l.text.slice(0, 60)}」` });
    return false;
  });
  const layout = splitLayout(lines);
  const header = readHeader(layout, lines[0]?.no ?? 1, warnings);
  const { roots } = parseOutline(layout.body, warnings);
  const bodyYear = /(\d{4})年/.exec(layout.body.map((l) => l.text).join(""))?.[1];
  // A document without a signature date (a task list on its own) still names its year in its title.
  const titleYear = /((?:19|20)\d{2})年/.exec(header.title)?.[1];
  const stated = titleYear ?? bodyYear;
  const year = header.date ? Number(header.date.slice(0, 4)) : stated ? Number(stated) : null;
  if (year === null)
    warnings.push({ line: lines[0]?.no ?? 1, message: "无法确定方案年度，时限无法换算为日期" });

  const kinds = new Map<Heading, PartKind | null>(roots.map((h) => [h, classifyPart(headTitle(h))]));
  for (const [h, kind] of kinds) {
    // Content decides when the title misleads: items that name their units are tasks
    // ("二、健全工作机制" can be a task section as well as a list of requirements).
    if (kind !== "tasks" && namesUnits(h)) kinds.set(h, "tasks");
    else if (kind === null && (hasNumberedItems(h) || carriesUnits(h))) kinds.set(h, "tasks");
    // "三、加强法治保障" reads as a requirements title, but a part whose items end with their units is tasks.
    else if (kind === "requirements" && carriesUnits(h, true)) kinds.set(h, "tasks");
    else if (kind === null)
      warnings.push({ line: h.line, message: `无法识别的标题「${headTitle(h)}」，其内容未读入` });
  }
  const partsOf = (k: PartKind) => roots.filter((h) => kinds.get(h) === k);
  const taskParts = partsOf("tasks");
  if (taskParts.length === 0) warnings.push({ line: layout.body[0]?.no ?? 1, message: "未找到工作任务部分" });

  const sections = taskParts.flatMap((p) => readSections(p, year, warnings));
  const registry = new UnitRegistry(header.city);
  for (const s of sections)
    for (const t of s.tasks) registerRefs(registry, [...t.refs, ...t.carried], warnings);
  const rosterEntries = parseRoster(layout.roster, registry, warnings);
  registerRoster(registry, rosterEntries);
  const catalog = registry.finalize(warnings);

  const otherLines = roots.filter((h) => !taskParts.includes(h)).flatMap(linesOf);
  const phases = partsOf("schedule").flatMap((p) => readPhases(p, year, warnings));
  const filing = readFilingRequirement(otherLines);
  const firstPhase = phases[0];
  if (filing && firstPhase && !phases.some((p) => p.milestones.some((m) => m.collectionKind === "filing")))
    firstPhase.milestones.unshift(milestoneOf(filing, firstPhase.end));

  const office = readOfficeHost(otherLines);
  let officeUnit: string | null = null;
  if (office) {
    officeUnit = catalog.resolve(office.name) ?? office.name;
    if (!catalog.resolve(office.name))
      warnings.push({ line: office.line, message: `领导小组办公室所在单位「${office.name}」不在单位目录中` });
  }

  if (
    sections.some((s) => s.tasks.length > 0) &&
    catalog.units.length === 0 &&
    catalog.unitGroups.length === 0
  )
    warnings.push({
      line: layout.body[0]?.no ?? 1,
      message: "文件没有标注任何承办单位：任务已读入，导入前请在任务分解表或单位目录中补充牵头和责任单位",
    });

  const plan: Plan = {
    ...(opts.id ? { id: opts.id } : {}),
    title: header.title,
    issuer: header.issuer,
    date: header.date,
    timezone: "Asia/Shanghai",
    goals: readGoals(findGoals(roots, taskParts), warnings) ?? goalsInGuidance(roots),
    sections: buildTasks(sections, catalog, year, warnings),
    units: catalog.units,
    unitGroups: catalog.unitGroups,
    phases,
    rhythm: mergeRhythm(
      readRhythm(otherLines, warnings),
      readClosingClause([...taskParts.flatMap(allLinesOf), ...otherLines], warnings),
    ),
    liaisonsPerUnit: readLiaisons(otherLines.map((l) => l.text).join("")) ?? 1,
    officeUnit,
    roster: buildRoster(rosterEntries, catalog, warnings),
    warnings: warnings.sort((a, b) => a.line - b.line),
  };
  return plan;
}
