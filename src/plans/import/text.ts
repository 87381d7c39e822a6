/**
 * Small text helpers for Chinese official documents: brackets of every width, list separators,
 * Chinese numerals. Pure functions.
 */

/** Opening → closing bracket. 《》 and quotes count for nesting, so separators inside a title never split. */
const PAIRS: Record<string, string> = {
  "(": ")",
  "（": "）",
  "[": "]",
  "【": "】",
  "〈": "〉",
  "<": ">",
  "〔": "〕",
  "｛": "｝",
  "{": "}",
  "《": "》",
  "“": "”",
  "‘": "’",
};
const CLOSERS = new Set(Object.values(PAIRS));
const OPENERS = new Set(Object.keys(PAIRS));

export function isOpen(ch: string): boolean {
  return OPENERS.has(ch);
}

/** Brackets that may hold a unit list or a qualifier (not 《》 titles, not quotes). */
export const ROUND_OR_SQUARE = new Set(["(", "（", "[", "【", "〈", "<", "〔"]);

/** Removes every kind of whitespace (layout artefacts inside names). */
export function stripSpaces(s: string): string {
  return s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, "");
}

export interface Span {
  /** The opening bracket character. */
  open: string;
  /** Index of the opening bracket. */
  start: number;
  /** Index just after the closing bracket (or the end of the text when unclosed). */
  end: number;
  /** Text inside the brackets. */
  inner: string;
  closed: boolean;
}

/** Top-level bracket spans, nesting-aware, across bracket widths. */
export function topLevelSpans(s: string): Span[] {
  const spans: Span[] = [];
  const stack: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    const top = stack[stack.length - 1];
    if (top !== undefined && ch === PAIRS[top]) {
      stack.pop();
      if (stack.length === 0)
        spans.push({ open: top, start, end: i + 1, inner: s.slice(start + 1, i), closed: true });
      continue;
    }
    // Quotes open and close with different characters, but a stray closer must not open anything.
    if (isOpen(ch)) {
      if (stack.length === 0) start = i;
      stack.push(ch);
    }
  }
  const first = stack[0];
  if (first !== undefined)
    spans.push({ open: first, start, end: s.length, inner: s.slice(start + 1), closed: false });
  return spans;
}

/** Splits at any of `seps` outside brackets; trims pieces and drops empty ones. */
export function splitTopLevel(s: string, seps: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (isOpen(ch)) depth++;
    else if (CLOSERS.has(ch) && depth > 0) depth--;
    if (depth === 0 && seps.includes(ch)) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Sentences, split at 。！？；; outside brackets. */
export function sentences(s: string): string[] {
  return splitTopLevel(s, "。！？；;!?");
}

/** Clauses, split at sentence ends and commas outside brackets. */
export function clauses(s: string): string[] {
  return splitTopLevel(s, "。！？；;!?,，");
}

const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 … 九十九 → 1 … 99; digit strings (二〇二二) → 2022; Arabic digits pass through. NaN when unreadable. */
export function cjkToNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 0) return Number.NaN;
  if (!s.includes("十")) {
    let n = 0;
    for (const ch of s) {
      const d = DIGITS[ch];
      if (d === undefined) return Number.NaN;
      n = n * 10 + d;
    }
    return n;
  }
  const [tens, ones] = s.split("十");
  const t = tens === "" || tens === undefined ? 1 : DIGITS[tens];
  const o = ones === "" || ones === undefined ? 0 : DIGITS[ones];
  if (t === undefined || o === undefined) return Number.NaN;
  return t * 10 + o;
}

/** Trims trailing sentence punctuation and spaces. */
export function trimPunct(s: string): string {
  return s.replace(/^[\s,，、;；:：]+/, "").replace(/[\s。，,、;；:：]+$/, "");
}
