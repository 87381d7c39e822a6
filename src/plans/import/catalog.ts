/**
 * The unit catalog: every unit the document names, its aliases, and the groups (各区人民政府〈含开发区
 * 管委会,下同〉) with their members. Names come from the tasks and the roster; nothing is listed here.
 */
import type { Warnings } from "./lines";
import { aliasCandidates } from "./unit-aliases";

export interface CatalogUnit {
  name: string;
  aliases: string[];
  group: string | null;
}

export interface CatalogGroup {
  name: string;
  members: string[];
  aliases: string[];
}

export interface Catalog {
  units: CatalogUnit[];
  unitGroups: CatalogGroup[];
  /** The canonical unit or group name a name as written refers to, or null. */
  resolve(name: string): string | null;
}

interface Category {
  organs: string[];
  places: string[];
}

/** The kind of unit a group phrase stands for: 各区人民政府 → X区人民政府; 开发区管委会 → X区管委会. */
function categoryOf(phrase: string): Category | null {
  const p = phrase.replace(/^(?:全市|全省)?(?:各|所有)/, "");
  const organ = /(人民政府|政府|管委会|管理委员会|街道办事处|办事处)$/.exec(p)?.[1];
  const organs =
    organ === undefined
      ? ["人民政府", "政府", "管委会", "管理委员会"]
      : organ.includes("政府")
        ? ["人民政府", "政府"]
        : organ.includes("管")
          ? ["管委会", "管理委员会"]
          : ["街道办事处", "办事处"];
  const placePart = organ ? p.slice(0, -organ.length) : p;
  const places = [...new Set([...placePart].filter((ch) => "区县市镇乡".includes(ch)))];
  if (placePart.includes("街道")) places.push("街道");
  return places.length > 0 ? { organs, places } : null;
}

function inCategory(name: string, cat: Category, city: string | null): boolean {
  if (/^[市省]/.test(name) || (city !== null && name.startsWith(`${city}市`))) return false;
  return cat.organs.some((organ) => {
    if (!name.endsWith(organ)) return false;
    const prefix = name.slice(0, -organ.length);
    return prefix.length >= 2 && cat.places.some((pl) => prefix.endsWith(pl));
  });
}

export class UnitRegistry {
  private readonly names: string[] = [];
  private readonly groups = new Map<string, { includes: string[]; line: number }>();
  /** other name → canonical (武汉经开区管委会〈汉南区人民政府〉: 汉南区人民政府 → 武汉经开区管委会). */
  private readonly pairs = new Map<string, string>();
  private readonly explicitAliases = new Map<string, string>();

  private readonly formsCache = new Map<string, string[]>();

  constructor(private readonly city: string | null) {}

  private formsOf(name: string): string[] {
    let forms = this.formsCache.get(name);
    if (!forms) {
      forms = [name, ...aliasCandidates(name, this.city)];
      this.formsCache.set(name, forms);
    }
    return forms;
  }

  addUnit(name: string): void {
    if (!this.names.includes(name)) this.names.push(name);
  }

  addGroup(name: string, includes: string[], line: number): void {
    const g = this.groups.get(name);
    if (!g) {
      this.groups.set(name, { includes: [...includes], line });
      return;
    }
    for (const i of includes) if (!g.includes.includes(i)) g.includes.push(i);
  }

  isGroup(name: string): boolean {
    // 各区人民政府, 市直有关部门, 有关单位: collective names stand for several units, never one.
    return (
      /^各|^(?:[市县区]直)?(?:有关|相关)|^[市县区]直(?:各)?(?:部门|单位)/.test(name) || this.groups.has(name)
    );
  }

  /** The two names are one body; `canonical` stays the name, `other` becomes an alias. */
  addPair(canonical: string, other: string): void {
    if (canonical === other || this.pairs.has(canonical)) return;
    this.addUnit(canonical);
    this.pairs.set(other, canonical);
  }

  addAlias(name: string, alias: string): void {
    this.explicitAliases.set(alias, name);
  }

  /** Does some group of this document stand for units like this one (a district, a zone)? */
  matchesAnyGroup(name: string): boolean {
    return [...this.groups.entries()].some(([g, def]) =>
      [g, ...def.includes].some((phrase) => {
        const cat = categoryOf(phrase);
        return cat !== null && inCategory(name, cat, this.city);
      }),
    );
  }

  /** The longest known unit (by name or short name) that `s` starts with. */
  prefixUnit(s: string): string | null {
    let best: string | null = null;
    let bestLen = 0;
    const owners: [string, string][] = [
      ...this.names.map((n): [string, string] => [n, n]),
      ...[...this.pairs].map(([other, canonical]): [string, string] => [other, canonical]),
    ];
    for (const [written, name] of owners) {
      for (const form of this.formsOf(written)) {
        if (form.length > bestLen && s.startsWith(form)) {
          best = name;
          bestLen = form.length;
        }
      }
    }
    return best;
  }

  /** The longest unit whose full name `s` starts with. */
  fullNamePrefix(s: string): string | null {
    const all = [...this.names, ...this.pairs.keys()].filter((n) => s.startsWith(n));
    const longest = all.sort((a, b) => b.length - a.length)[0];
    return longest === undefined ? null : (this.pairs.get(longest) ?? longest);
  }

  finalize(warnings: Warnings): Catalog {
    const city = this.city;
    const merged = new Map<string, string>();
    for (const [other, canonical] of this.pairs) merged.set(other, canonical);
    let names = this.names.filter((n) => !merged.has(n));
    // A short form written somewhere (经信局) merges into the full name written elsewhere (市经信局).
    const forms = new Map<string, string[]>();
    for (const n of names) {
      const own = [...aliasCandidates(n, city)];
      for (const [other, canonical] of this.pairs)
        if (canonical === n) own.push(other, ...aliasCandidates(other, city));
      forms.set(n, own);
    }
    for (const s of names) {
      const owners = names.filter((m) => m !== s && (forms.get(m) ?? []).includes(s));
      const owner = owners[0];
      if (owners.length === 1 && owner) merged.set(s, owner);
    }
    names = names.filter((n) => !merged.has(n));
    // Follow chains (经信局 → 市经信局 → …) to the name that stays.
    for (const [s, owner] of merged) {
      let end = owner;
      for (let i = 0; i < 8 && merged.has(end); i++) end = merged.get(end) ?? end;
      merged.set(s, end);
    }

    // Groups: 各区 written once and 各区人民政府 elsewhere are one group.
    const groupNames = [...this.groups.keys()];
    const groupMerged = new Map<string, string>();
    for (const g of groupNames) {
      const longer = groupNames.find((h) => h !== g && h.startsWith(g));
      if (longer) groupMerged.set(g, longer);
    }
    const groups: CatalogGroup[] = [];
    const memberOf = new Map<string, string>();
    for (const [g, def] of this.groups) {
      if (groupMerged.has(g)) continue;
      const extra = [...this.groups.entries()]
        .filter(([k]) => groupMerged.get(k) === g)
        .flatMap(([, d]) => d.includes);
      const cats = [g, ...def.includes, ...extra].map(categoryOf).filter((c): c is Category => c !== null);
      const members = names.filter((n) => cats.some((c) => inCategory(n, c, city)));
      if (members.length === 0)
        warnings.push({
          line: def.line,
          message: `单位组「${g}」的成员无法确定（名单和任务中没有对应的单位）`,
        });
      for (const m of members) if (!memberOf.has(m)) memberOf.set(m, g);
      groups.push({ name: g, members, aliases: [] });
    }

    // Aliases, unique across the catalog: a short name two units could claim is given to neither.
    const claims = new Map<string, Set<string>>();
    const claim = (alias: string, owner: string) => {
      const set = claims.get(alias) ?? new Set<string>();
      set.add(owner);
      claims.set(alias, set);
    };
    for (const n of names) {
      for (const a of forms.get(n) ?? []) claim(a, n);
      for (const [s, owner] of merged) if (owner === n) claim(s, n);
    }
    for (const [alias, n] of this.explicitAliases) claim(alias, merged.get(n) ?? n);
    for (const g of groups) {
      const base = /^(.+?)(?:人民政府|政府|管委会|管理委员会)$/.exec(g.name)?.[1];
      if (base && base.length >= 2) claim(base, g.name);
      if (g.name.endsWith("人民政府")) claim(g.name.replace(/人民政府$/, "政府"), g.name);
      for (const [s, owner] of groupMerged) if (owner === g.name) claim(s, g.name);
    }
    const taken = new Set([...names, ...groups.map((g) => g.name)]);
    const aliasesOf = (owner: string) =>
      [...claims.entries()]
        .filter(([a, set]) => set.size === 1 && set.has(owner) && !taken.has(a))
        .map(([a]) => a);
    for (const g of groups) g.aliases = aliasesOf(g.name);
    const units: CatalogUnit[] = names.map((n) => ({
      name: n,
      aliases: aliasesOf(n),
      group: memberOf.get(n) ?? null,
    }));

    const lookup = new Map<string, string>();
    for (const u of units) for (const a of u.aliases) lookup.set(a, u.name);
    for (const g of groups) for (const a of g.aliases) lookup.set(a, g.name);
    for (const [s, owner] of merged) lookup.set(s, owner);
    for (const [s, owner] of groupMerged) lookup.set(s, owner);
    for (const n of taken) lookup.set(n, n);
    return { units, unitGroups: groups, resolve: (name) => lookup.get(name) ?? null };
  }
}
