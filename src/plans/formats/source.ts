/**
 * A document as the readers hand it over: paragraphs and tables in reading order, each with where it
 * came from (段, 页/行, 表/行) so that a warning can point the office at the right place.
 */

export interface Paragraph {
  kind: "para";
  text: string;
  where: string;
}

export interface Table {
  kind: "table";
  /** Cells after merged cells are expanded: a vertically merged cell repeats its text downwards. */
  rows: string[][];
  /** Where each row came from. */
  rowWhere: string[];
}

export type Block = Paragraph | Table;

export interface SourceDoc {
  format: "docx" | "pdf" | "doc" | "txt";
  blocks: Block[];
  /** What the reader itself could not read (a damaged part, an unknown encoding). */
  problems: { where: string; message: string }[];
}

/** Documents larger than this are refused before any parsing: a 工作方案 with annexes is well under 1 MB of text. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Text beyond this (after extraction) is cut off with a warning, so that a decompression bomb cannot stall us. */
export const MAX_TEXT_CHARS = 2_000_000;

/** Lines of text (split at line breaks) as paragraphs numbered 第N行. */
export function linesToBlocks(text: string, label: (n: number) => string): Block[] {
  return splitTabRows(
    text.split(/\r\n|\r|\n/).map((t, i) => ({ kind: "para" as const, text: t, where: label(i + 1) })),
  );
}

/**
 * Consecutive lines with tab-separated cells (how .doc extraction and PDF column gaps come out) become a
 * table; the table reader decides whether it is a 任务分解表.
 */
export function splitTabRows(blocks: Block[]): Block[] {
  const out: Block[] = [];
  let table: Table | null = null;
  for (const p of blocks) {
    if (p.kind === "table") {
      out.push(p);
      table = null;
      continue;
    }
    const cells = p.text.split("\t").map((c) => c.trim());
    if (cells.filter((c) => c.length > 0).length >= 3) {
      if (!table) {
        table = { kind: "table", rows: [], rowWhere: [] };
        out.push(table);
      }
      table.rows.push(cells);
      table.rowWhere.push(p.where);
      continue;
    }
    table = null;
    out.push({ ...p, text: p.text.replace(/\t+/g, " ") });
  }
  return out;
}
