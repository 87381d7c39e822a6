import * as z from "zod";

/**
 * The typed model of a 党政机关公文 (GB/T 9704): what a drafter fills in, never layout.
 * The writer numbers the headings itself (一、 for level 1, （一） for level 2), so headings
 * carry their bare text and a section added or removed never leaves a gap in the numbering.
 */

/** A table cell: plain text, or text with a fill (a status light) or emphasis. */
export const cellSchema = z.union([
  z.string().max(2000),
  z.object({
    text: z.string().max(2000),
    /** Background colour as six hex digits, e.g. a status light. */
    fill: z
      .string()
      .regex(/^[0-9A-Fa-f]{6}$/)
      .optional(),
    bold: z.boolean().optional(),
  }),
]);
export type Cell = z.infer<typeof cellSchema>;

export const tableSchema = z.object({
  /** Header row, repeated on every page the table spans. */
  columns: z.array(z.string().max(100)).min(1).max(20),
  rows: z.array(z.array(cellSchema).max(20)).max(5000),
  /** Relative column widths (any unit; scaled to the page). Equal widths when absent. */
  widths: z.array(z.number().positive()).max(20).optional(),
  /** A note printed under the table (e.g. the status-light legend). */
  note: z.string().max(2000).optional(),
});
export type DocTable = z.infer<typeof tableSchema>;

/** A body paragraph: plain text, or a lead phrase (bold, e.g. "1.") followed by text. */
export const paragraphSchema = z.union([
  z.string().max(10_000),
  z.object({ lead: z.string().max(200), text: z.string().max(10_000) }),
]);
export type DocParagraph = z.infer<typeof paragraphSchema>;

export const sectionSchema = z.object({
  heading: z.string().max(200),
  level: z.union([z.literal(1), z.literal(2)]),
  paragraphs: z.array(paragraphSchema).max(2000),
  /** Tables printed after the paragraphs of this section. */
  tables: z.array(tableSchema).max(20).optional(),
});
export type DocSection = z.infer<typeof sectionSchema>;

export const annexSchema = z.object({
  title: z.string().max(200),
  /** A wide table prints on a landscape page (横排表格). */
  landscape: z.boolean().optional(),
  paragraphs: z.array(paragraphSchema).max(2000).optional(),
  tables: z.array(tableSchema).max(20).optional(),
});
export type DocAnnex = z.infer<typeof annexSchema>;

export const officialDocumentSchema = z.object({
  /** 发文机关标志, printed in red at the top (e.g. "某某工作领导小组办公室"). */
  issuer: z.string().min(1).max(60),
  /** 发文字号; when absent a blank 〔年〕 号 is left for the office to fill. */
  docNumber: z.string().max(60).optional(),
  /** 份号/密级/紧急程度 or a "草稿" marking, printed top left. */
  marking: z.string().max(40).optional(),
  title: z.string().min(1).max(200),
  /** 主送机关, e.g. "各成员单位" (the writer adds the full-width colon). */
  recipients: z.string().max(500),
  /** Paragraphs before the first heading (the 导语). */
  opening: z.array(paragraphSchema).max(200).optional(),
  sections: z.array(sectionSchema).max(200),
  annexes: z.array(annexSchema).max(20).optional(),
  /** 发文机关署名; defaults to the issuer. */
  signer: z.string().max(60).optional(),
  /** 成文日期. */
  date: z.date(),
  /** 抄送 in the 版记. */
  copyTo: z.array(z.string().max(60)).max(50).optional(),
  /** 印发机关 in the 版记; defaults to the issuer. */
  printedBy: z.string().max(60).optional(),
  /** Time zone the dates are written in. */
  tz: z.string().max(60).optional(),
});
export type OfficialDocument = z.infer<typeof officialDocumentSchema>;
