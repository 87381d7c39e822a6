import type * as z from "zod";
import type { MessageEvent } from "../bot/events";
import { dropControls } from "../domain/escape/controls";
import type { Person } from "../kernel/messenger";
import {
  fileContentSchema,
  imageContentSchema,
  type mentionSchema,
  postBodySchema,
  textContentSchema,
} from "./envelopes";

/** What a received message carries, read from its content: its text and mentions, its file or its photo. */

type Mention = z.infer<typeof mentionSchema>;

/** A file message's attachment; nothing when the content is not the documented {file_key, file_name}. */
export function fileOf(content: string): MessageEvent["file"] {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return undefined;
  }
  const r = fileContentSchema.safeParse(json);
  return r.success ? { key: r.data.file_key, name: dropControls(r.data.file_name) } : undefined;
}

/** An image message's photo; nothing when the content is not the documented {image_key}. */
export function imageOf(content: string): MessageEvent["image"] {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return undefined;
  }
  const r = imageContentSchema.safeParse(json);
  return r.success ? { key: r.data.image_key } : undefined;
}

/** The text a message carries, with Feishu's mention keys (@_user_1) still in it. "" for non-text kinds. */
export function rawText(messageType: string, content: string): string {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return "";
  }
  if (messageType === "text") {
    const r = textContentSchema.safeParse(json);
    return r.success ? r.data.text : "";
  }
  if (messageType === "post") {
    const direct = postBodySchema.safeParse(json);
    const localized =
      json && typeof json === "object" ? postBodySchema.safeParse(Object.values(json)[0]) : undefined;
    const body = direct.success ? direct.data : localized?.success ? localized.data : undefined;
    if (!body) return "";
    return body.content
      .map((line) =>
        line
          .map((el) => {
            if (el.tag === "at") return el.user_id ? ` ${el.user_id} ` : "";
            if (el.tag === "text" || el.tag === "a" || el.tag === "md") return el.text ?? "";
            return "";
          })
          .join(""),
      )
      .join("\n");
  }
  return "";
}

/**
 * Replaces mention keys: the bot's own is removed, others become "@Name" and are listed once each in order of
 * appearance. Mentions without an open_id (such as @所有人) become "@Name" and are not listed.
 */
export function resolveMentions(
  raw: string,
  mentions: Mention[],
  botOpenId: string | undefined,
): { text: string; mentions: Person[]; botMentioned: boolean } {
  const byKey = new Map(mentions.map((m) => [m.key, m]));
  const listed: Person[] = [];
  let botMentioned = false;
  let text = raw;
  if (byKey.size > 0) {
    const keys = [...byKey.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    text = raw.replace(new RegExp(`(${keys.join("|")})[ \\t]?`, "g"), (match, key: string) => {
      const m = byKey.get(key);
      if (!m) return match;
      const openId = m.id.open_id;
      if (openId && openId === botOpenId) {
        botMentioned = true;
        return "";
      }
      if (openId && !listed.some((p) => p.openId === openId))
        listed.push({ openId, name: dropControls(m.name) });
      return `@${m.name}${match.slice(key.length)}`;
    });
  }
  text = text
    .split("\n")
    .map((line) => line.replace(/[ \t]{2,}/g, " ").trim())
    .join("\n")
    .trim();
  return { text, mentions: listed, botMentioned };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
