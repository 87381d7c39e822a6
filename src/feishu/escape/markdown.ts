import { dropControls } from "../../domain/escape/controls";
import type { RichText } from "../../kernel/messages";

/**
 * Card `markdown` (and `lark_md`) content: Feishu's subset parses HTML-like tags (`<at id=…>`, `<font>`,
 * `<link>`, `<text_tag>`, `<number_tag>`, `<local_datetime>`, `<person>`), links `[x](url)`, images
 * `![x](img_key)`, emphasis `*` `**` `~~`, headings, lists, quotes, code, tables, emoji shortcodes `:OK:`, and it
 * decodes HTML entities. So every character with a meaning becomes a numeric entity and shows literally.
 * Newlines are kept (they are line breaks, and the next line's `#`, `-` or `1.` is escaped too).
 */
export function markdownLiteral(text: string): string {
  return dropControls(text).replace(/[&<>*_~[\]()#|!`\\$+\-{}:.]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const OPEN_ID = /^ou_[A-Za-z0-9_-]{1,64}$/;

/** RichText to card markdown: literals are ours (trusted markdown), text is escaped, `at` must be an open_id. */
export function renderRich(r: RichText): string {
  return r.rich
    .map((seg) => {
      if (typeof seg === "string") return seg;
      if ("at" in seg) return OPEN_ID.test(seg.at) ? `<at id=${seg.at}></at>` : "";
      return markdownLiteral(seg.text);
    })
    .join("");
}
