import type { IParagraphStyleOptions } from "docx";

/**
 * GB/T 9704 measures as Word units. Sizes are half-points (三号 16pt = 32), lengths twips
 * (1 mm ≈ 56.7 twips). Fonts are named, not embedded: the reader's machine supplies
 * 仿宋_GB2312 and the others, as every office machine does.
 */

export const FONT = {
  body: "仿宋_GB2312",
  title: "方正小标宋简体",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  pageNumber: "宋体",
  latin: "Times New Roman",
} as const;

export const SIZE = {
  erhao: 44, // 二号: title, annex title
  sanhao: 32, // 三号: body, headings
  sihao: 28, // 四号: page numbers, 版记
  xiaosi: 24, // 小四: tables
} as const;

const mm = (n: number) => Math.round(n * 56.693);

/** A4 with the 156 mm × 225 mm 版心: top 37, bottom 35, left 28, right 26 mm. */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(23) },
} as const;

/** Text width of a portrait page and of a landscape one (same margins turned). */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
export const TEXT_WIDTH_LANDSCAPE = PAGE.height - PAGE.margin.left - PAGE.margin.right;

/** 22 lines a page: 225 mm / 22 ≈ 28.95 pt, as an exact line height. */
export const LINE = 579;
/** One character of 三号 text: the unit of indents. */
export const CHAR = 320;

export const RED = "FF0000";

/** Latin letters and digits in Times New Roman, Chinese in the named face. */
export function fontOf(eastAsia: string) {
  return { ascii: FONT.latin, hAnsi: FONT.latin, cs: FONT.latin, eastAsia };
}

const exact = { line: LINE, lineRule: "exact" as const, before: 0, after: 0 };

/** The named paragraph styles: an office restyles a whole document by editing these. */
export const paragraphStyles: IParagraphStyleOptions[] = [
  {
    id: "GwBody",
    name: "公文正文",
    quickFormat: true,
    run: { font: fontOf(FONT.body), size: SIZE.sanhao },
    paragraph: { spacing: exact, indent: { firstLine: 2 * CHAR }, alignment: "both" },
  },
  {
    id: "GwIssuer",
    name: "发文机关标志",
    quickFormat: true,
    run: { font: fontOf(FONT.title), color: RED },
    paragraph: { alignment: "center", spacing: { before: 0, after: 0 } },
  },
  {
    id: "GwDocNumber",
    name: "发文字号",
    basedOn: "GwBody",
    paragraph: { alignment: "center", indent: { firstLine: 0 } },
  },
  {
    id: "GwTitle",
    name: "公文标题",
    quickFormat: true,
    run: { font: fontOf(FONT.title), size: SIZE.erhao },
    paragraph: {
      alignment: "center",
      spacing: { line: 700, lineRule: "atLeast", before: 0, after: 0 },
    },
  },
  {
    id: "GwRecipients",
    name: "主送机关",
    basedOn: "GwBody",
    paragraph: { indent: { firstLine: 0 } },
  },
  {
    id: "GwHeading1",
    name: "一级标题",
    basedOn: "GwBody",
    next: "GwBody",
    quickFormat: true,
    run: { font: fontOf(FONT.heading1) },
    paragraph: { outlineLevel: 0, keepNext: true },
  },
  {
    id: "GwHeading2",
    name: "二级标题",
    basedOn: "GwBody",
    next: "GwBody",
    quickFormat: true,
    run: { font: fontOf(FONT.heading2) },
    paragraph: { outlineLevel: 1, keepNext: true },
  },
  {
    id: "GwAnnexLabel",
    name: "附件标识",
    basedOn: "GwBody",
    run: { font: fontOf(FONT.heading1) },
    paragraph: { indent: { firstLine: 0 } },
  },
  {
    id: "GwSignature",
    name: "署名日期",
    basedOn: "GwBody",
    paragraph: { alignment: "right", indent: { firstLine: 0 } },
  },
  {
    id: "GwTable",
    name: "表格文字",
    run: { font: fontOf(FONT.body), size: SIZE.xiaosi },
    paragraph: { spacing: { line: 300, lineRule: "auto", before: 0, after: 0 } },
  },
  {
    id: "GwTableHead",
    name: "表头",
    basedOn: "GwTable",
    run: { font: fontOf(FONT.heading1) },
    paragraph: { alignment: "center" },
  },
  {
    id: "GwImprint",
    name: "版记",
    run: { font: fontOf(FONT.body), size: SIZE.sihao },
    paragraph: { spacing: { line: 500, lineRule: "exact", before: 0, after: 0 } },
  },
  {
    id: "GwPageNumber",
    name: "页码",
    run: { font: fontOf(FONT.pageNumber), size: SIZE.sihao },
    paragraph: { spacing: { before: 0, after: 0 } },
  },
];
