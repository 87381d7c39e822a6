import type { RichText } from "./messages";

/**
 * Keeping cards under Feishu's limits (30 KB, 200 components) without rendering them here: an estimate of the
 * bytes a RichText takes once rendered (user text escaped into HTML entities) and JSON-encoded, and a paginator
 * that packs items into pages by that estimate.
 */

const ESCAPED = new Set("&<>*_~[]()#|!`\\$+-{}:.");

function charBytes(c: string, escaped: boolean): number {
  if (escaped && ESCAPED.has(c)) return c.charCodeAt(0) >= 100 ? 6 : 5;
  if (c === '"' || c === "\\" || c === "\n" || c === "\t" || c === "\r") return 2;
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20) return 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

/** Estimated bytes of a RichText (or a plain string) in the rendered card JSON. */
export function richBytes(r: RichText | string): number {
  if (typeof r === "string") return [...r].reduce((n, c) => n + charBytes(c, true), 0);
  let n = 0;
  for (const seg of r.rich) {
    if (typeof seg === "string") for (const c of seg) n += charBytes(c, false);
    else if ("at" in seg)
      n += 13 + seg.at.length; // <at id=…></at>
    else for (const c of seg.text) n += charBytes(c, true);
  }
  return n;
}

/** A user's text shortened for a card line: whitespace collapsed, at most `max` characters. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : flat;
}

export interface Page<T> {
  items: T[];
  /** 1-based page shown. */
  page: number;
  pages: number;
  total: number;
}

/**
 * Packs items into pages of at most `maxItems` items and `maxBytes` estimated bytes (an item bigger than a
 * page gets a page of its own) and returns page `page` (clamped). Deterministic for the same items.
 */
export function paginate<T>(
  items: readonly T[],
  page: number,
  opts: { maxItems: number; maxBytes: number; size: (item: T) => number },
): Page<T> {
  const pages: T[][] = [[]];
  let bytes = 0;
  for (const item of items) {
    const size = opts.size(item);
    const current = pages[pages.length - 1] ?? [];
    if (current.length > 0 && (current.length >= opts.maxItems || bytes + size > opts.maxBytes)) {
      pages.push([item]);
      bytes = size;
    } else {
      current.push(item);
      bytes += size;
    }
  }
  const p = Math.min(Math.max(1, Math.trunc(page) || 1), pages.length);
  return { items: pages[p - 1] ?? [], page: p, pages: pages.length, total: items.length };
}
