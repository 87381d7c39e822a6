import type { Cell, Workbook, Worksheet } from "exceljs";

/**
 * The shape every sheet of the export shares, so it can be filed and printed as is: a title row (plan and
 * period), a frozen header row with an autofilter, widths that fit Chinese text, landscape A4 with the title
 * and header repeated on every printed page.
 */

/** Display width in Latin columns: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000;
    w += wide ? 2 : 1;
  }
  return w;
}

export interface Column {
  header: string;
  /** Longest width before the text wraps (long free text wraps instead of widening the page). */
  max?: number;
}

const TITLE_ROW = 1;
export const HEADER_ROW = 2;

export function startSheet(wb: Workbook, name: string, title: string, columns: Column[]): Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${TITLE_ROW}:${HEADER_ROW}`,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: "第 &P 页，共 &N 页" },
  });
  // Column styles, not per-cell ones: exceljs writes a style per styled cell, which is slow and large.
  ws.columns = columns.map(() => ({ style: { alignment: { vertical: "top" as const, wrapText: true } } }));
  const titleRow = ws.getRow(TITLE_ROW);
  titleRow.getCell(1).value = title;
  titleRow.font = { bold: true, size: 14 };
  titleRow.alignment = { vertical: "middle", horizontal: "center" };
  titleRow.height = 28;
  ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, columns.length);
  const header = ws.getRow(HEADER_ROW);
  header.values = columns.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
  return ws;
}

function cellText(cell: Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "text" in v) return String(v.text);
  if (typeof v === "number" && cell.numFmt?.includes("%")) return `${(v * 100).toFixed(1)}%`;
  return String(v);
}

/** Autofilter over the header and data rows; each column as wide as its longest line (capped). */
export function finishSheet(ws: Worksheet, columns: Column[]): void {
  const last = Math.max(HEADER_ROW, ws.rowCount);
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: last, column: columns.length } };
  columns.forEach((c, i) => {
    let widest = displayWidth(c.header);
    ws.getColumn(i + 1).eachCell({ includeEmpty: false }, (cell, row) => {
      if (row <= TITLE_ROW) return;
      for (const line of cellText(cell).split("\n")) widest = Math.max(widest, displayWidth(line));
    });
    ws.getColumn(i + 1).width = Math.min(c.max ?? 40, widest) + 2;
  });
}

/**
 * A link cell: http(s) only (no file: or javascript: targets in a filed workbook); several links one per line,
 * the first one clickable. Lines that are no link at all (佐证材料 sent as files: "文件：….pdf") follow as text.
 */
export function linkCell(cell: Cell, links: string[]): void {
  const lines = links.map((l) => l.trim()).filter((l) => l !== "");
  const safe = lines.filter((l) => /^https?:\/\/\S+$/i.test(l));
  const named = lines.filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
  const [first] = safe;
  if (!first) {
    if (lines.length > 0) cell.value = lines.join("\n");
    return;
  }
  cell.value = { text: [...safe, ...named].join("\n"), hyperlink: first };
  cell.font = { color: { argb: "FF0563C1" }, underline: true };
}
