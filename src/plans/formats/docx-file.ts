/**
 * Word (.docx) through mammoth's HTML: paragraphs stay paragraphs (no wrapped lines to rejoin), tables stay
 * tables with their merged cells (colspan/rowspan) expanded so that a merged 牵头单位 is carried down.
 */
import type { Block, SourceDoc, Table } from "./source";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

interface RawCell {
  text: string;
  colspan: number;
  rowspan: number;
}

function spanOf(attrs: string, name: string): number {
  const m = new RegExp(`${name}="(\\d+)"`).exec(attrs);
  const n = m?.[1] ? Number(m[1]) : 1;
  return Math.min(Math.max(n, 1), 50);
}

/** Expands colspan/rowspan: a merged cell's text fills every grid slot it covers. */
export function expandMerged(rows: RawCell[][]): string[][] {
  const grid: string[][] = [];
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r]?.[c] !== undefined) c++;
      for (let dr = 0; dr < cell.rowspan && r + dr < rows.length; dr++) {
        const target = grid[r + dr] ?? [];
        grid[r + dr] = target;
        for (let dc = 0; dc < cell.colspan; dc++) target[c + dc] = cell.text;
      }
      c += cell.colspan;
    }
  });
  const width = Math.max(0, ...grid.map((r) => r.length));
  return grid.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
}

/** Mammoth's HTML is flat and regular: p/h1–h6/li paragraphs, table/tr/td, inline strong/em/a/sup. */
export function htmlToBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  let para = 0;
  let tableNo = 0;
  let depth = 0; // table nesting; inner tables are read as text of their cell
  let rows: RawCell[][] = [];
  let cell: RawCell | null = null;
  let text = "";
  // Footnotes and endnotes come after the body as list items; they are notes (注：…), named by their
  // number, and the reference marks ([1]) and back-links (↑) that point between them are dropped.
  let note: string | null = null;
  let inLink = false;
  const flushPara = () => {
    const t = text.trim();
    text = "";
    if (!t) return;
    if (cell) cell.text += (cell.text ? "\n" : "") + t;
    else if (note) blocks.push({ kind: "para", text: `注：${t}`, where: note });
    else blocks.push({ kind: "para", text: t, where: `第${++para}段` });
  };
  const re = /<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[4] !== undefined) {
      if (!inLink) text += decodeEntities(m[4]);
      continue;
    }
    const closing = m[1] === "/";
    const tag = (m[2] ?? "").toLowerCase();
    const attrs = m[3] ?? "";
    if (tag === "a") inLink = !closing && /href="#(?:foot|end)note-/.test(attrs);
    if (tag === "li") {
      const id = /id="(foot|end)note-(\d+)"/.exec(attrs);
      flushPara();
      note = !closing && id ? `${id[1] === "foot" ? "脚注" : "尾注"}${id[2]}` : null;
    } else if (/^(?:p|h[1-6])$/.test(tag)) flushPara();
    else if (tag === "br") text += "\n";
    else if (tag === "table") {
      flushPara();
      if (!closing) {
        depth++;
        if (depth === 1) rows = [];
      } else if (depth > 0) {
        depth--;
        if (depth === 0) {
          tableNo++;
          const grid = expandMerged(rows);
          const t: Table = {
            kind: "table",
            rows: grid,
            rowWhere: grid.map((_, i) => `表${tableNo}第${i + 1}行`),
          };
          blocks.push(t);
          cell = null;
        }
      }
    } else if (depth === 1 && tag === "tr" && !closing) rows.push([]);
    else if (depth === 1 && (tag === "td" || tag === "th")) {
      if (!closing) {
        flushPara();
        cell = { text: "", colspan: spanOf(attrs, "colspan"), rowspan: spanOf(attrs, "rowspan") };
        rows[rows.length - 1]?.push(cell);
      } else {
        flushPara();
        cell = null;
      }
    }
  }
  flushPara();
  return blocks;
}

export async function readDocxFile(bytes: Uint8Array): Promise<SourceDoc> {
  const mammoth = await import("mammoth");
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  const problems = result.messages
    .filter((m) => m.type === "error")
    .map((m) => ({ where: "文档", message: `Word 文件部分内容无法读取：${m.message}` }));
  return { format: "docx", blocks: htmlToBlocks(result.value), problems };
}
