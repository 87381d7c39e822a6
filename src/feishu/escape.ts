import type { RichText } from "../kernel/messages";

/**
 * Escapes untrusted text for Feishu card markdown. Feishu's markdown decodes HTML entities, so every character
 * with a meaning (HTML tags such as `<at id=all></at>`, links `[x](url)`, emphasis `**`, `~~`, headings, lists,
 * code) becomes a numeric entity and shows literally. Newlines are kept.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[&<>*_~[\]()#|!`\\$+\-{}:.]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plain-text fields (titles, button labels, placeholders) are not markdown; only trim control characters. */
export function escapePlain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

export function renderRich(r: RichText): string {
  return r.rich
    .map((seg) => {
      if (typeof seg === "string") return seg;
      if ("at" in seg) return /^ou_[A-Za-z0-9_-]+$/.test(seg.at) ? `<at id=${seg.at}></at>` : "";
      return escapeMarkdown(seg.text);
    })
    .join("");
}
