import * as z from "zod";
import { documentLiteral } from "../../domain/escape/document";
import type { RichText } from "../../kernel/messages";

/**
 * A bulletin (通报) draft: the structure of an official notice, each paragraph RichText (plan and user text
 * escaped when rendered). Stored as the body of a `bulletins` row; rendered as a card or as plain text.
 */
export interface BulletinSection {
  /** "一", "二" … */
  no: string;
  heading: string;
  paragraphs: RichText[];
  /** What the card may shorten when it runs out of room; the full draft keeps everything. */
  trimmable: boolean;
}

export interface BulletinDraft {
  title: string;
  /** 主送: "各承办单位:". */
  addressee: string;
  preamble: RichText;
  sections: BulletinSection[];
  /** 落款: the office's name and the date. */
  issuer: string;
  date: string;
  /** Figures the card header shows. */
  summary: {
    periodLabel: string;
    onTimeRatePct: number | null;
    overdueUnits: number;
    flaggedTasks: number;
    flaggedIndicators: number;
    problems: number;
    /** Tasks by light, and the red and yellow ones ("二.3 headline") for the preview card. */
    lights?: { green: number; yellow: number; red: number };
    redTasks?: string[];
    yellowTasks?: string[];
    /** Units without a liaison (never asked): for the office only, never named as non-reporters. */
    unmapped?: string[];
  };
}

const segmentSchema = z.union([z.string(), z.object({ text: z.string() }), z.object({ at: z.string() })]);
const richSchema = z.object({ rich: z.array(segmentSchema) });

export const bulletinDraftSchema = z.object({
  title: z.string(),
  addressee: z.string(),
  preamble: richSchema,
  sections: z.array(
    z.object({
      no: z.string(),
      heading: z.string(),
      paragraphs: z.array(richSchema),
      trimmable: z.boolean(),
    }),
  ),
  issuer: z.string(),
  date: z.string(),
  summary: z.object({
    periodLabel: z.string(),
    onTimeRatePct: z.number().nullable(),
    overdueUnits: z.number(),
    flaggedTasks: z.number(),
    flaggedIndicators: z.number(),
    problems: z.number(),
    lights: z.object({ green: z.number(), yellow: z.number(), red: z.number() }).optional(),
    redTasks: z.array(z.string()).optional(),
    yellowTasks: z.array(z.string()).optional(),
    unmapped: z.array(z.string()).optional(),
  }),
});

/** A trusted literal computed by our code (numbers, dates, fixed wording); never pass user text here. */
export const lit = (s: string): RichText => ({ rich: [s] });

/**
 * Plain text of a RichText, as a document: literals lose their markdown emphasis, user text is kept as typed
 * (documentLiteral); whatever format the document is later sent in escapes it for that format.
 */
export function richToPlain(r: RichText): string {
  return r.rich
    .map((seg) => {
      if (typeof seg === "string") return seg.replace(/\*\*/g, "");
      if ("at" in seg) return "";
      return documentLiteral(seg.text);
    })
    .join("");
}

/** The bulletin as an official document in plain text: title, 主送, indented paragraphs, 落款. */
export function bulletinPlainText(d: BulletinDraft): string {
  const indent = "\u3000\u3000";
  const lines = [d.title, "", d.addressee, `${indent}${richToPlain(d.preamble)}`];
  for (const s of d.sections) {
    lines.push(`${indent}${s.no}、${s.heading}`);
    for (const p of s.paragraphs) lines.push(`${indent}${richToPlain(p)}`);
  }
  lines.push("", d.issuer, d.date);
  return `${lines.join("\n")}\n`;
}
