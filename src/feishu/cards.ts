import type { CardRef } from "../kernel/messages";
import { isRichText } from "../kernel/messages";
import { cardTemplates } from "./card-templates";
import { escapeMarkdown, escapePlain, renderRich } from "./escape";

/**
 * Renders a CardRef (template name + typed data) into Card JSON 2.0.
 *
 * Template language (in cards/*.json):
 * - "{{a.b}}" inside a string: the value at path a.b. RichText is rendered (literals kept, user text escaped);
 *   a plain string or number is escaped for markdown. Missing values render as "".
 * - "{{= a.b}}" as a whole string: the raw JSON value (objects for button values, arrays of elements).
 *   RichText values are rendered to a string.
 * - In arrays, {"$each": "path", "$as": "name", "$do": <element or array of elements>} repeats its body per item;
 *   {"$if": "path", "$then": <element(s)>, "$else": <element(s)>} includes one branch (truthy: non-empty
 *   arrays, non-empty strings, true, non-zero numbers).
 * Feishu limits: at most 200 elements and 30 KB; renderCard throws CardTooLargeError beyond them.
 */

export const CARD_MAX_BYTES = 30 * 1024;
export const CARD_MAX_ELEMENTS = 200;

export class CardTooLargeError extends Error {
  constructor(
    readonly template: string,
    readonly bytes: number,
    readonly elements: number,
  ) {
    super(
      `card ${template}: ${bytes} bytes, ${elements} elements (limits ${CARD_MAX_BYTES} B, ${CARD_MAX_ELEMENTS})`,
    );
    this.name = "CardTooLargeError";
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Scope = Record<string, unknown>;

export function renderCard(ref: CardRef): Record<string, unknown> {
  const template = cardTemplates[ref.template];
  if (!template) throw new Error(`unknown card template: ${ref.template}`);
  const card = renderValue(template as Json, ref.data, "plain") as Record<string, unknown>;
  const { bytes, elements } = measureCard(card);
  if (bytes > CARD_MAX_BYTES || elements > CARD_MAX_ELEMENTS)
    throw new CardTooLargeError(ref.template, bytes, elements);
  return card;
}

/** Size in bytes (UTF-8 JSON) and the number of components, as Feishu counts them. */
export function measureCard(card: unknown): { bytes: number; elements: number } {
  const bytes = new TextEncoder().encode(JSON.stringify(card)).length;
  let elements = 0;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if (typeof (v as { tag?: unknown }).tag === "string") elements++;
      Object.values(v).forEach(walk);
    }
  };
  walk((card as { body?: unknown }).body ?? card);
  return { bytes, elements };
}

function lookup(scope: Scope, path: string): unknown {
  let v: unknown = scope;
  for (const part of path.trim().split(".")) {
    if (v === null || v === undefined || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isRichText(v)) return v.rich.length > 0;
  return Boolean(v);
}

/** Markdown fields escape user text; other string fields (titles, labels) are plain text in Feishu. */
type Mode = "markdown" | "plain";

function interpolate(s: string, scope: Scope, mode: Mode): Json {
  const whole = /^\{\{=\s*([\w.]+)\s*\}\}$/.exec(s);
  if (whole?.[1]) {
    const v = lookup(scope, whole[1]);
    if (isRichText(v)) return renderRich(v);
    return v === undefined ? null : (v as Json);
  }
  return s.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, path: string) => {
    const v = lookup(scope, path);
    if (v === undefined || v === null) return "";
    if (isRichText(v)) return mode === "markdown" ? renderRich(v) : escapePlain(v.rich.map(plainOf).join(""));
    return mode === "markdown" ? escapeMarkdown(String(v)) : escapePlain(String(v));
  });
}

function plainOf(seg: string | { text: string } | { at: string }): string {
  if (typeof seg === "string") return seg;
  return "text" in seg ? seg.text : "";
}

function renderValue(node: Json, scope: Scope, mode: Mode): Json {
  if (typeof node === "string") return interpolate(node, scope, mode);
  if (Array.isArray(node)) return renderArray(node, scope, mode);
  if (node && typeof node === "object") {
    const out: Record<string, Json> = {};
    const isMarkdown = node.tag === "markdown" || node.tag === "lark_md";
    for (const [k, v] of Object.entries(node)) {
      out[k] = renderValue(v, scope, isMarkdown && k === "content" ? "markdown" : mode);
    }
    return out;
  }
  return node;
}

function renderArray(items: Json[], scope: Scope, mode: Mode): Json[] {
  const out: Json[] = [];
  for (const item of items) {
    if (item && typeof item === "object" && !Array.isArray(item) && typeof item.$each === "string") {
      const list = lookup(scope, item.$each);
      const as = typeof item.$as === "string" ? item.$as : "item";
      const body = item.$do ?? null;
      if (Array.isArray(list)) {
        list.forEach((entry, index) => {
          const inner = { ...scope, [as]: entry, [`${as}_index`]: index };
          pushRendered(out, body, inner, mode);
        });
      }
      continue;
    }
    if (item && typeof item === "object" && !Array.isArray(item) && typeof item.$if === "string") {
      const branch = truthy(lookup(scope, item.$if)) ? item.$then : item.$else;
      if (branch !== undefined) pushRendered(out, branch, scope, mode);
      continue;
    }
    out.push(renderValue(item, scope, mode));
  }
  return out;
}

function pushRendered(out: Json[], body: Json, scope: Scope, mode: Mode): void {
  if (Array.isArray(body)) out.push(...renderArray(body, scope, mode));
  else if (body !== null) out.push(...renderArray([body], scope, mode));
}
