import { dropControls } from "../../domain/escape/controls";

/**
 * Feishu text messages (msg_type "text") give meaning to `<at user_id="…">…</at>` (including user_id="all"),
 * the style tags `<b> <i> <u> <s>`, and `[text](url)` links. Text messages have no escape syntax, so every
 * character that can open markup gets an invisible WORD JOINER (U+2060) after it: `<at` can no longer be a tag,
 * `](` can no longer close a link, `**` and `~~` no longer pair, and `&lt;` no longer names an entity, while
 * what a reader sees (and copies, minus the invisible joiner) is exactly what was typed.
 */
const WORD_JOINER = "\u2060";

export function textLiteral(s: string): string {
  return dropControls(s).replace(/[<>[\]()*~_`&]/g, (c) => `${c}${WORD_JOINER}`);
}
