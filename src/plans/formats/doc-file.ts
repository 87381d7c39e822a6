/**
 * Word 97–2003 (.doc) through word-extractor: the body text, tables as rows of tab-ended cells.
 *
 * word-extractor ends a table cell with \t and a row with \t\n, and a paragraph inside a cell with \n (or \r):
 * a row whose cells hold several paragraphs (牵头单位 one per line) runs over several lines, so rows are read
 * to their closing \t\n rather than line by line. Its default "Unicode filter" turns full-width punctuation and
 * Chinese quotes (，“”) into ASCII, which changes the text of every task: it is switched off.
 */
import type { Block, Paragraph, SourceDoc, Table } from "./source";

/** A table row: its cells, each with its paragraphs joined by \n. */
function cellsOf(row: string): string[] {
  return row
    .replace(/\t$/, "")
    .split("\t")
    .map((c) => c.trim());
}

/** The body as paragraphs and tables (rows grouped while they follow each other). */
function docBodyToBlocks(body: string): Block[] {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let table: Table | null = null;
  let tables = 0;
  let para = 0;
  const endTable = () => {
    if (!table) return;
    // Rows of one cell only are not a table: a paragraph that happens to end with a tab.
    if (table.rows.every((r) => r.filter((c) => c.length > 0).length <= 1)) {
      blocks.splice(blocks.indexOf(table), 1);
      for (const r of table.rows) {
        const text = r.join(" ").trim();
        blocks.push({ kind: "para", text, where: `第${++para}段` });
      }
      tables--;
    }
    table = null;
  };
  const pushRow = (row: string) => {
    if (!table) {
      table = { kind: "table", rows: [], rowWhere: [] };
      tables++;
      blocks.push(table);
    }
    table.rows.push(cellsOf(row));
    table.rowWhere.push(`表${tables}第${table.rows.length}行`);
  };
  let pending: string | null = null;
  for (const line of lines) {
    if (pending !== null) {
      pending += `\n${line}`;
      if (line.endsWith("\t")) {
        pushRow(pending);
        pending = null;
      }
      continue;
    }
    if (line.endsWith("\t")) pushRow(line);
    else if (line.includes("\t")) pending = line;
    else {
      endTable();
      const p: Paragraph = { kind: "para", text: line, where: `第${++para}段` };
      blocks.push(p);
    }
  }
  if (pending !== null) pushRow(pending);
  endTable();
  return blocks;
}

export async function readDocFile(bytes: Uint8Array): Promise<SourceDoc> {
  const { default: WordExtractor } = await import("word-extractor");
  const doc = await new WordExtractor().extract(Buffer.from(bytes));
  // The option exists in word-extractor's Document but not in its type declarations.
  const getBody = doc.getBody.bind(doc) as (options?: { filterUnicode?: boolean }) => string;
  const body = getBody({ filterUnicode: false });
  return { format: "doc", blocks: docBodyToBlocks(body), problems: [] };
}
