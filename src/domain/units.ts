/**
 * Unit name resolution: what a person types ("经信局", "市经信局 ", "ＳＨＩ", "武汉市经信局") to a unit of
 * the plan's catalog. Pure: the catalog is passed in.
 *
 * Order: canonical name or alias (exact, after normalising) → unique prefix → unique containment (either way).
 * Anything else is ambiguous or unknown and comes back with up to 5 closest candidates.
 */

export interface CatalogUnit {
  id: number;
  name: string;
  kind: "unit" | "group";
  aliases: readonly string[];
  ordinal: number;
  /** For groups (各区人民政府): the ids of the units it stands for. */
  members: readonly number[];
}

export type UnitResolution<U extends CatalogUnit = CatalogUnit> =
  | { kind: "found"; unit: U; via: "name" | "alias" | "prefix" | "contains" }
  | { kind: "ambiguous"; candidates: U[] }
  | { kind: "unknown"; candidates: U[] };

export const MAX_CANDIDATES = 5;

/**
 * Full-width → half-width (NFKC), lower case, no white space or joining punctuation, so that
 * "市经信局", "市 经信局", "市经信局。" and full-width letters compare equal.
 */
export function normalizeName(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\u00a0\u3000·・.,，。、;；'"“”‘’]/g, "");
}

export function resolveUnit<U extends CatalogUnit>(catalog: readonly U[], query: string): UnitResolution<U> {
  const q = normalizeName(query);
  if (!q) return { kind: "unknown", candidates: [] };
  const keyed = catalog.map((unit) => ({
    unit,
    name: normalizeName(unit.name),
    aliases: unit.aliases.map(normalizeName).filter(Boolean),
  }));

  const byName = keyed.filter((k) => k.name === q);
  if (byName.length === 1 && byName[0]) return { kind: "found", unit: byName[0].unit, via: "name" };
  const byAlias = keyed.filter((k) => k.aliases.includes(q));
  const exact = distinct([...byName, ...byAlias].map((k) => k.unit));
  if (exact.length === 1 && exact[0]) return { kind: "found", unit: exact[0], via: "alias" };
  if (exact.length > 1) return { kind: "ambiguous", candidates: top(exact) };

  const prefixed = distinct(
    keyed.filter((k) => [k.name, ...k.aliases].some((n) => n.startsWith(q))).map((k) => k.unit),
  );
  if (prefixed.length === 1 && prefixed[0]) return { kind: "found", unit: prefixed[0], via: "prefix" };
  if (prefixed.length > 1) return { kind: "ambiguous", candidates: top(prefixed) };

  // "科技局" inside "市科技局"; "武汉市经信局" around "市经信局". Single characters say too little.
  const inside = q.length >= 2 ? keyed.filter((k) => [k.name, ...k.aliases].some((n) => n.includes(q))) : [];
  const around = keyed.filter((k) => [k.name, ...k.aliases].some((n) => n.length >= 2 && q.includes(n)));
  const contained = distinct([...inside, ...around].map((k) => k.unit));
  if (contained.length === 1 && contained[0]) return { kind: "found", unit: contained[0], via: "contains" };
  if (contained.length > 1) {
    // Prefer the unit whose name the query contains most of ("武汉市江岸区人民政府" → 江岸区人民政府, not 江岸区's group).
    const best = longestContained(keyed, q);
    if (best) return { kind: "found", unit: best, via: "contains" };
    return { kind: "ambiguous", candidates: top(contained) };
  }
  return { kind: "unknown", candidates: closestUnits(catalog, q) };
}

/** Up to 5 units closest to the query by edit distance over names and aliases, within a sensible cutoff. */
export function closestUnits<U extends CatalogUnit>(catalog: readonly U[], query: string): U[] {
  const q = normalizeName(query);
  if (!q) return [];
  const scored = catalog.map((unit) => {
    const names = [unit.name, ...unit.aliases].map(normalizeName);
    const d = Math.min(...names.map((n) => editDistance(q, n)));
    const shared = Math.max(...names.map((n) => sharedChars(q, n)));
    return { unit, d, shared };
  });
  const cutoff = Math.max(2, Math.ceil(q.length / 2));
  return scored
    .filter((s) => s.d <= cutoff || s.shared >= Math.min(2, q.length))
    .sort((a, b) => a.d - b.d || b.shared - a.shared || a.unit.ordinal - b.unit.ordinal)
    .slice(0, MAX_CANDIDATES)
    .map((s) => s.unit);
}

/** Levenshtein distance over code points (Chinese characters count as one). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/** The units of a group, in catalog order (for "各区人民政府 is a group: 江岸区人民政府、…"). */
export function groupMembers<U extends CatalogUnit>(catalog: readonly U[], group: CatalogUnit): U[] {
  const ids = new Set(group.members);
  return catalog.filter((u) => ids.has(u.id)).sort((a, b) => a.ordinal - b.ordinal);
}

/** Units a person can be bound to: real units, not groups. */
export function bindableUnits<U extends CatalogUnit>(catalog: readonly U[]): U[] {
  return catalog.filter((u) => u.kind === "unit").sort((a, b) => a.ordinal - b.ordinal);
}

function distinct<U extends CatalogUnit>(units: U[]): U[] {
  const seen = new Set<number>();
  return units.filter((u) => !seen.has(u.id) && seen.add(u.id));
}

function top<U extends CatalogUnit>(units: U[]): U[] {
  return [...units].sort((a, b) => a.ordinal - b.ordinal).slice(0, MAX_CANDIDATES);
}

function longestContained<U extends CatalogUnit>(
  keyed: { unit: U; name: string; aliases: string[] }[],
  q: string,
): U | undefined {
  let best: { unit: U; len: number } | undefined;
  let tie = false;
  for (const k of keyed) {
    for (const n of [k.name, ...k.aliases]) {
      if (n.length < 2 || !q.includes(n)) continue;
      if (!best || n.length > best.len) {
        best = { unit: k.unit, len: n.length };
        tie = false;
      } else if (n.length === best.len && best.unit.id !== k.unit.id) tie = true;
    }
  }
  return best && !tie ? best.unit : undefined;
}

function sharedChars(a: string, b: string): number {
  const set = new Set(b);
  return new Set([...a].filter((c) => set.has(c))).size;
}

/** A unit as most messages name it: its id and its name. */
export interface UnitRef {
  id: number;
  name: string;
}
