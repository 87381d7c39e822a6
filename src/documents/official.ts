import type { Paragraph, Table } from "docx";
import { cnNumeral } from "./cn-numerals.js";
import {
  type DocAnnex,
  type DocTable,
  type OfficialDocument,
  officialDocumentSchema,
} from "./official-model.js";
import {
  annexList,
  blank,
  bodyParagraph,
  imprint,
  masthead,
  pageNumberFooters,
  signature,
} from "./official-parts.js";
import {
  FONT,
  fontOf,
  PAGE,
  paragraphStyles,
  SIZE,
  TEXT_WIDTH,
  TEXT_WIDTH_LANDSCAPE,
} from "./official-styles.js";
import { buildTable } from "./official-table.js";

export type { OfficialDocument } from "./official-model.js";

type Docx = typeof import("docx");
type Block = Paragraph | Table;

function tables(d: Docx, ts: DocTable[] | undefined, width: number): Block[] {
  return (ts ?? []).flatMap((t) => [...buildTable(d, t, width), blank(d)]);
}

/** The body: 主送, 导语, numbered headings (一、 and （一）), their paragraphs and tables. */
function body(d: Docx, doc: OfficialDocument): Block[] {
  const out: Block[] = [
    new d.Paragraph({ style: "GwTitle", children: [new d.TextRun(doc.title)] }),
    blank(d),
    new d.Paragraph({ style: "GwRecipients", children: [new d.TextRun(`${doc.recipients}：`)] }),
  ];
  for (const p of doc.opening ?? []) out.push(bodyParagraph(d, p));
  let n1 = 0;
  let n2 = 0;
  for (const s of doc.sections) {
    let label: string;
    if (s.level === 1) {
      n1 += 1;
      n2 = 0;
      label = `${cnNumeral(n1)}、${s.heading}`;
    } else {
      n2 += 1;
      label = `（${cnNumeral(n2)}）${s.heading}`;
    }
    const style = s.level === 1 ? "GwHeading1" : "GwHeading2";
    out.push(new d.Paragraph({ style, children: [new d.TextRun(label)] }));
    for (const p of s.paragraphs) out.push(bodyParagraph(d, p));
    out.push(...tables(d, s.tables, TEXT_WIDTH));
  }
  return out;
}

/** An annex on its own page: 附件N in 黑体 top left, its title centred, then its content. */
function annex(d: Docx, a: DocAnnex, i: number, count: number): Block[] {
  const width = a.landscape ? TEXT_WIDTH_LANDSCAPE : TEXT_WIDTH;
  return [
    new d.Paragraph({
      style: "GwAnnexLabel",
      children: [new d.TextRun(count === 1 ? "附件" : `附件${i + 1}`)],
    }),
    blank(d),
    new d.Paragraph({ style: "GwTitle", children: [new d.TextRun(a.title)] }),
    blank(d),
    ...(a.paragraphs ?? []).map((p) => bodyParagraph(d, p)),
    ...tables(d, a.tables, width),
  ];
}

/**
 * Renders a 党政机关公文 as .docx bytes following GB/T 9704: A4 with the standard 版心,
 * red 发文机关标志 and separator, 发文字号 (blank for the office to fill), 二号 title,
 * 主送, 仿宋_GB2312 三号 body with 黑体/楷体 headings, 附件说明, signature and date,
 * annexes each on a new page (landscape when asked), 版记 and "— 1 —" page numbers.
 * `docx` is imported on first use so a process that never writes a document never loads it.
 */
export async function renderOfficialDocx(input: OfficialDocument): Promise<Uint8Array> {
  const doc = officialDocumentSchema.parse(input);
  const d: Docx = await import("docx");
  const annexes = doc.annexes ?? [];
  const footers = pageNumberFooters(d);
  const portrait = { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin };
  const landscape = {
    size: { width: PAGE.width, height: PAGE.height, orientation: d.PageOrientation.LANDSCAPE },
    margin: PAGE.margin,
  };
  const main: Block[] = [
    ...masthead(d, doc),
    ...body(d, doc),
    ...annexList(
      d,
      annexes.map((a) => a.title),
    ),
    ...signature(d, doc),
  ];
  // The 版记 closes the document: after the last annex when there are annexes.
  const last = annexes.length;
  const sections = [
    { properties: { page: portrait }, footers, children: last === 0 ? [...main, ...imprint(d, doc)] : main },
    ...annexes.map((a, i) => ({
      properties: { page: a.landscape ? landscape : portrait },
      footers,
      children: [...annex(d, a, i, annexes.length), ...(i === last - 1 ? imprint(d, doc) : [])],
    })),
  ];
  const file = new d.Document({
    creator: doc.issuer,
    title: doc.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: fontOf(FONT.body), size: SIZE.sanhao } } },
      paragraphStyles,
    },
    sections,
  });
  return d.Packer.pack(file, "uint8array");
}
