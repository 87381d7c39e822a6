/**
 * Word 97–2003 (.doc) through word-extractor: the body text, with table cells separated by tabs (read
 * back into tables by the table reader).
 */
import { linesToBlocks, type SourceDoc } from "./source";

export async function readDocFile(bytes: Uint8Array): Promise<SourceDoc> {
  const { default: WordExtractor } = await import("word-extractor");
  const doc = await new WordExtractor().extract(Buffer.from(bytes));
  // word-extractor ends a table cell with \t and a row with \t\n; paragraphs inside a cell with \r.
  const body = doc.getBody().replace(/\r(?!\n)/g, "\n");
  return { format: "doc", blocks: linesToBlocks(body, (n) => `第${n}段`), problems: [] };
}
