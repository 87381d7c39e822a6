import type { Paragraph } from "docx";
import { formatCnDate, localParts } from "../domain/time.js";
import type { DocParagraph, OfficialDocument } from "./official-model.js";
import { CHAR, RED, TEXT_WIDTH } from "./official-styles.js";

type Docx = typeof import("docx");

/** Width in characters of 三号 text: CJK one, Latin letters and digits half. */
export function textChars(s: string): number {
  let n = 0;
  for (const ch of s) n += (ch.codePointAt(0) ?? 0) < 0x2e80 ? 0.5 : 1;
  return n;
}

export function blank(d: Docx, style = "GwBody"): Paragraph {
  return new d.Paragraph({ style, children: [] });
}

export function bodyParagraph(d: Docx, p: DocParagraph, style = "GwBody"): Paragraph {
  if (typeof p === "string") return new d.Paragraph({ style, children: [new d.TextRun(p)] });
  return new d.Paragraph({
    style,
    children: [new d.TextRun({ text: p.lead, bold: true }), new d.TextRun(p.text)],
  });
}

/**
 * 版头: marking, the red 发文机关标志 sized to fit one line, the 发文字号 (a blank one for
 * the office to fill when the draft has none) and the red separator line under it.
 */
export function masthead(d: Docx, doc: OfficialDocument): Paragraph[] {
  const out: Paragraph[] = [];
  if (doc.marking) {
    out.push(
      new d.Paragraph({
        style: "GwAnnexLabel",
        children: [new d.TextRun(doc.marking)],
      }),
    );
  }
  out.push(blank(d));
  const fitPt = Math.floor(TEXT_WIDTH / 20 / Math.max(1, textChars(doc.issuer)));
  const pt = Math.max(22, Math.min(42, fitPt));
  out.push(
    new d.Paragraph({
      style: "GwIssuer",
      spacing: { line: pt * 20 + 200, lineRule: "exact" },
      children: [new d.TextRun({ text: doc.issuer, size: pt * 2 })],
    }),
  );
  out.push(blank(d), blank(d));
  const year = localParts(doc.date, doc.tz).y;
  out.push(
    new d.Paragraph({
      style: "GwDocNumber",
      border: { bottom: { style: d.BorderStyle.SINGLE, size: 12, color: RED, space: 12 } },
      children: [new d.TextRun(doc.docNumber ?? `　　〔${year}〕　　号`)],
    }),
  );
  out.push(blank(d));
  return out;
}

/** 附件说明: "附件：1．…" with the later names aligned under the first. */
export function annexList(d: Docx, titles: string[]): Paragraph[] {
  if (titles.length === 0) return [];
  const only = titles.length === 1;
  return [
    blank(d),
    ...titles.map((t, i) => {
      const name = only ? t : `${i + 1}．${t}`;
      return new d.Paragraph({
        style: "GwBody",
        indent: i === 0 ? { firstLine: 2 * CHAR } : { left: 5 * CHAR, firstLine: 0 },
        children: [new d.TextRun(i === 0 ? `附件：${name}` : name)],
      });
    }),
  ];
}

/**
 * 发文机关署名 and 成文日期 (no seal): the signer two characters from the right margin,
 * the date on the next line starting two characters right of the signer's first one.
 */
export function signature(d: Docx, doc: OfficialDocument): Paragraph[] {
  const signer = doc.signer ?? doc.issuer;
  const date = formatCnDate(doc.date, doc.tz);
  const s = textChars(signer);
  const t = textChars(date);
  let signerRight = 2;
  let dateRight = s - t;
  if (dateRight < 2) {
    dateRight = 2;
    signerRight = 2 + t + 2 - s;
  }
  const at = (text: string, right: number) =>
    new d.Paragraph({
      style: "GwSignature",
      indent: { right: Math.round(right * CHAR), firstLine: 0 },
      children: [new d.TextRun(text)],
    });
  return [blank(d), blank(d), at(signer, signerRight), at(date, dateRight)];
}

/** 版记: 抄送 and 印发机关/印发日期 between full-width rules, at the end of the document. */
export function imprint(d: Docx, doc: OfficialDocument): Paragraph[] {
  const thick = { style: d.BorderStyle.SINGLE, size: 8, color: "000000", space: 1 };
  const thin = { style: d.BorderStyle.SINGLE, size: 4, color: "000000", space: 1 };
  const printed = `${doc.printedBy ?? doc.issuer}\t${formatCnDate(doc.date, doc.tz)}印发`;
  const out: Paragraph[] = [blank(d), blank(d)];
  const copy = doc.copyTo ?? [];
  if (copy.length > 0) {
    out.push(
      new d.Paragraph({
        style: "GwImprint",
        border: { top: thick, bottom: thin },
        indent: { left: 280, right: 280, hanging: 0 },
        children: [new d.TextRun(`抄送：${copy.join("，")}。`)],
      }),
    );
  }
  out.push(
    new d.Paragraph({
      style: "GwImprint",
      border: { top: copy.length > 0 ? thin : thick, bottom: thick },
      indent: { left: 280, right: 280 },
      tabStops: [{ type: d.TabStopType.RIGHT, position: TEXT_WIDTH - 560 }],
      children: [new d.TextRun(printed)],
    }),
  );
  return out;
}

/** "— 1 —": 宋体 四号, odd pages right and even pages left, one character in from the edge. */
export function pageNumberFooters(d: Docx) {
  const footer = (alignment: "right" | "left") =>
    new d.Footer({
      children: [
        new d.Paragraph({
          style: "GwPageNumber",
          alignment,
          indent: alignment === "right" ? { right: 280 } : { left: 280 },
          children: [new d.TextRun({ children: ["— ", d.PageNumber.CURRENT, " —"] })],
        }),
      ],
    });
  return { default: footer("right"), even: footer("left") };
}
