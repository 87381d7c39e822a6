import type { Paragraph, Table } from "docx";
import type { Cell, DocTable } from "./official-model.js";

type Docx = typeof import("docx");

function cellText(c: Cell): string {
  return typeof c === "string" ? c : c.text;
}

function cellParagraphs(d: Docx, c: Cell, style: string): Paragraph[] {
  const bold = typeof c === "string" ? undefined : c.bold;
  // One paragraph per line: a cell listing several units or evidence links stays readable.
  return cellText(c)
    .split("\n")
    .map((line) => new d.Paragraph({ style, children: [new d.TextRun({ text: line, bold })] }));
}

/** Relative widths scaled to whole twips summing to the text width. */
export function columnWidths(t: DocTable, textWidth: number): number[] {
  const rel = t.columns.map((_, i) => t.widths?.[i] ?? 1);
  const sum = rel.reduce((a, b) => a + b, 0);
  return rel.map((w) => Math.floor((w / sum) * textWidth));
}

/** A full-width table whose header row repeats on every page, then its note if any. */
export function buildTable(d: Docx, t: DocTable, textWidth: number): (Table | Paragraph)[] {
  const widths = columnWidths(t, textWidth);
  const cell = (c: Cell, i: number, head: boolean) => {
    const fill = typeof c === "string" ? undefined : c.fill;
    return new d.TableCell({
      children: cellParagraphs(d, c, head ? "GwTableHead" : "GwTable"),
      width: { size: widths[i] ?? 0, type: d.WidthType.DXA },
      verticalAlign: d.VerticalAlign.CENTER,
      shading: fill ? { type: d.ShadingType.CLEAR, fill, color: "auto" } : undefined,
      margins: { left: 80, right: 80, top: 40, bottom: 40 },
    });
  };
  const header = new d.TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map((c, i) => cell(c, i, true)),
  });
  const rows = t.rows.map(
    (r) =>
      new d.TableRow({
        cantSplit: true,
        // A short row is padded so every row has as many cells as the header.
        children: t.columns.map((_, i) => cell(r[i] ?? "", i, false)),
      }),
  );
  const table = new d.Table({
    rows: [header, ...rows],
    columnWidths: widths,
    width: { size: textWidth, type: d.WidthType.DXA },
    layout: d.TableLayoutType.FIXED,
  });
  const out: (Table | Paragraph)[] = [table];
  if (t.note) {
    out.push(new d.Paragraph({ style: "GwTable", spacing: { before: 120 }, text: t.note }));
  }
  return out;
}
