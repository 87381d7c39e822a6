/**
 * Messages the bot means to send, independent of Feishu. A card is a reference to a template in cards/
 * with its typed data; only src/feishu renders it into Card JSON 2.0 (and escapes user text there).
 */

export interface CardRef {
  /** File name in cards/ without .json, e.g. "overview". */
  template: string;
  data: Record<string, unknown>;
}

export type OutMessage =
  | { type: "text"; text: string }
  | { type: "card"; card: CardRef }
  /** A file (e.g. an .xlsx export) uploaded then sent. bytes are base64. */
  | { type: "file"; fileName: string; fileType: "xls" | "pdf" | "doc" | "stream"; base64: string };

export type Recipient = { chatId: string } | { openId: string };

/** Where a message for the office goes: its own chats, else its members one by one, else DUBAN_ADMINS. */
export function officeRecipients(
  office: { chatIds: readonly string[]; openIds: readonly string[] },
  admins: readonly string[],
): Recipient[] {
  if (office.chatIds.length > 0) return office.chatIds.map((chatId) => ({ chatId }));
  return (office.openIds.length > 0 ? office.openIds : admins).map((openId) => ({ openId }));
}

/** A message to act on: known by its Feishu id, or by the outbox key of the send that created it. */
export type MessageRef = { messageId: string } | { outboxKey: string };

export type Toast = { type: "success" | "info" | "warning" | "error"; content: string };

/** What a card action answers within 3 s: a toast and/or the card to show in place of the clicked one. */
export interface CardActionResult {
  toast?: Toast;
  card?: CardRef;
}

/**
 * Rich text for cards and bulletins, safe by construction: literal segments come from our own code and are
 * trusted markdown; `text` segments are whatever a user typed and are always escaped when rendered;
 * `at` mentions a person. Build it with the `md` tag: md`**${unitName}** 已报送` escapes unitName.
 */
export type RichSegment = string | { readonly text: string } | { readonly at: string };
export interface RichText {
  readonly rich: readonly RichSegment[];
}

export function isRichText(v: unknown): v is RichText {
  return typeof v === "object" && v !== null && Array.isArray((v as { rich?: unknown }).rich);
}

/** Tagged template: literals are trusted markdown, interpolated strings/numbers are untrusted text. */
export function md(strings: TemplateStringsArray, ...values: Array<string | number | RichText>): RichText {
  const rich: RichSegment[] = [];
  strings.forEach((s, i) => {
    if (s) rich.push(s);
    if (i < values.length) {
      const v = values[i];
      if (isRichText(v)) rich.push(...v.rich);
      else if (v !== undefined) rich.push({ text: String(v) });
    }
  });
  return { rich };
}

/** Untrusted text as RichText (escaped when rendered). */
export const plain = (text: string): RichText => ({ rich: [{ text }] });
/** An @mention of one person. */
export const mention = (openId: string): RichText => ({ rich: [{ at: openId }] });
/** Joins rich texts with a trusted separator. */
export function joinRich(parts: RichText[], separator: string): RichText {
  const rich: RichSegment[] = [];
  parts.forEach((p, i) => {
    if (i > 0 && separator) rich.push(separator);
    rich.push(...p.rich);
  });
  return { rich };
}
