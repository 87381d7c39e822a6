/**
 * A small reader of the Feishu formats duban writes, for assertions: what markup Feishu would find in a piece
 * of content (mentions, links, images, tags) and what a person reads once it is rendered. It follows the
 * formats as documented (text messages: <at user_id=…>, <b>/<i>/<u>/<s>, [text](url); card markdown:
 * <at id=…>, <font>/<link>/<text_tag>…, [text](url), ![hover](img_key), ** * ~~ emphasis, HTML entities).
 */

export interface Markup {
  mentions: string[];
  links: string[];
  images: string[];
  tags: string[];
}

/** Invisible characters a reader does not see (word joiner, zero-width space and joiners, BOM). */
const INVISIBLE = /[\u2060\u200b-\u200d\ufeff]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: what a person cannot see is not read.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** What a person reads of text they typed: controls and invisible characters are not read. */
export function visibleOf(typed: string): string {
  return typed.replace(/\r\n?/g, "\n").replace(CONTROLS, "").replace(INVISIBLE, "");
}

export function textMarkup(content: string): Markup {
  return {
    mentions: [...content.matchAll(/<at\b[^>]*?(?:user_id|id|email)\s*=\s*["']?([^"'\s>]*)/gi)].map(
      (m) => m[1] ?? "",
    ),
    links: [...content.matchAll(/\[[^\]\n]*\]\(([^)\n]*)\)/g)].map((m) => m[1] ?? ""),
    images: [],
    tags: [...content.matchAll(/<\/?([a-z_]+)\b[^>]*>/gi)].map((m) => (m[1] ?? "").toLowerCase()),
  };
}

/** What a person reads of a text message. */
export function readText(content: string): string {
  return content
    .replace(/<at\b[^>]*>([\s\S]*?)<\/at>/gi, "@$1")
    .replace(/<\/?(?:b|i|u|s)>/gi, "")
    .replace(/\[([^\]\n]*)\]\([^)\n]*\)/g, "$1")
    .replace(INVISIBLE, "");
}

export function markdownMarkup(content: string): Markup {
  const images = [...content.matchAll(/!\[[^\]\n]*\]\(([^)\n]*)\)/g)].map((m) => m[1] ?? "");
  const links = [...content.matchAll(/(?<!!)\[[^\]\n]*\]\(([^)\n]*)\)/g)].map((m) => m[1] ?? "");
  return {
    mentions: [...content.matchAll(/<at\b[^>]*?(?:id|user_id|email)\s*=\s*["']?([^"'\s>]*)/gi)].map(
      (m) => m[1] ?? "",
    ),
    links,
    images,
    tags: [...content.matchAll(/<\/?([a-z_]+)\b[^>]*>/gi)].map((m) => (m[1] ?? "").toLowerCase()),
  };
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === "#")
      return String.fromCodePoint(
        e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return NAMED[e.toLowerCase()] ?? whole;
  });
}

/** What a person reads of card markdown: markup applied (emphasis, tags, links) and entities decoded. */
export function readMarkdown(content: string): string {
  return decodeEntities(
    content
      .replace(/<at\b[^>]*><\/at>/gi, "@")
      .replace(/<\/?[a-z_]+\b[^>]*>/gi, "")
      .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, "$1")
      .replace(/\*\*|~~|\*/g, ""),
  ).replace(INVISIBLE, "");
}

/** Every text a card shows: plain_text contents as they are, markdown contents read. */
export function readCard(card: unknown): { texts: string[]; markdown: string[] } {
  const texts: string[] = [];
  const markdown: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if ((o.tag === "markdown" || o.tag === "lark_md") && typeof o.content === "string") {
        markdown.push(o.content);
        texts.push(readMarkdown(o.content));
      } else if (o.tag === "plain_text" && typeof o.content === "string") texts.push(o.content);
      for (const [k, x] of Object.entries(o)) if (!(k === "content" && typeof x === "string")) walk(x);
    }
  };
  walk(card);
  return { texts, markdown };
}
