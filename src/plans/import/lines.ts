/**
 * The document as numbered lines: line endings and invisible characters normalised, blank lines and
 * page furniture (web page widgets, page numbers) dropped. Line numbers stay those of the input (1-based).
 */

export interface Line {
  /** 1-based line number in the input. */
  no: number;
  /** The line with leading/trailing whitespace removed (inner spacing kept: the roster needs it). */
  text: string;
}

export interface Warning {
  line: number;
  message: string;
}

/** Collected warnings; every part of the importer reports what it could not read here. */
export type Warnings = Warning[];

/**
 * Page furniture that web-published 工作方案 carry: share/scan widgets, the publisher's WeChat account,
 * print/close buttons, font-size switches, page numbers of PDF conversions, and the 此件公开发布 stamp.
 */
const FURNITURE: RegExp[] = [
  /扫一扫/,
  /(?:微信公众号|微信号|官方微博)$/,
  /^(?:【\s*)?(?:打印本页|打印|关闭窗口|关闭|返回顶部)(?:\s*】)?$/,
  /^分享到[:：]?/,
  /^(?:字号|来源|发布时间|发布日期|浏览次数|访问量)\s*[:：]/,
  /^(?:[[【]?\s*[大中小]\s*[\]】]?\s*){3}$/,
  /^[-—–]\s*\d+\s*[-—–]$/,
  /^第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?$/,
  /^[(（]此件(?:公开发布|主动公开)[)）]$/,
];

export function isFurniture(text: string): boolean {
  return FURNITURE.some((re) => re.test(text));
}

export function toLines(input: string): Line[] {
  const raw = input.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  const lines: Line[] = [];
  raw.forEach((r, i) => {
    const text = r.replace(/\u200b|\u200c|\u200d|\ufeff/g, "").trim();
    if (text.length === 0 || isFurniture(text)) return;
    lines.push({ no: i + 1, text });
  });
  return lines;
}
