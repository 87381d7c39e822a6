import JSZip from "jszip";

/** A .docx read back as its parts' XML and its paragraphs' text, as a reader would see them. */
export interface DocxParts {
  document: string;
  styles: string;
  settings: string;
  footers: string[];
  /** Each body paragraph: its style id and its text (entities decoded). */
  paragraphs: { style: string | undefined; text: string; xml: string }[];
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

export function paragraphsOf(xml: string): DocxParts["paragraphs"] {
  const out: DocxParts["paragraphs"] = [];
  for (const m of xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)) {
    const inner = m[1] ?? "";
    const style = /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1];
    const text = [...inner.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => decode(t[1] ?? ""))
      .join("");
    out.push({ style, text, xml: m[0] });
  }
  return out;
}

export async function readDocx(bytes: Uint8Array): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(bytes);
  const part = async (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`missing part ${name}`);
    return f.async("string");
  };
  const document = await part("word/document.xml");
  const footerNames = Object.keys(zip.files).filter((n) => /^word\/footer\d+\.xml$/.test(n));
  return {
    document,
    styles: await part("word/styles.xml"),
    settings: await part("word/settings.xml"),
    footers: await Promise.all(footerNames.map(part)),
    paragraphs: paragraphsOf(document),
  };
}

/** The XML of the style with this id in styles.xml. */
export function styleXml(styles: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
}

/** Each table of the document: rows of cells, a cell's paragraphs joined by newlines. */
export function tablesOf(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] ?? "").matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] ?? "").matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) =>
        paragraphsOf(c[1] ?? "")
          .map((p) => p.text)
          .join("\n"),
      ),
    ),
  );
}
