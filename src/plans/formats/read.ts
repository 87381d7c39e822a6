/**
 * Any document an office sends (Word .docx/.doc, PDF, plain text in UTF-8 or GB18030), told apart by its
 * first bytes rather than its name. The heavy readers load on first use so that start-up stays light.
 * Never throws: an unreadable file is a document with a problem and no blocks.
 */
import { MAX_FILE_BYTES, type SourceDoc } from "./source";
import { readTextFile } from "./text-file";

export type Format = SourceDoc["format"];

export function sniffFormat(bytes: Uint8Array, name = ""): Format {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return "pdf"; // %PDF
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return "docx"; // PK zip
  if (b(0) === 0xd0 && b(1) === 0xcf && b(2) === 0x11 && b(3) === 0xe0) return "doc"; // OLE2
  if (/\.pdf$/i.test(name) && bytes.length === 0) return "pdf";
  return "txt";
}

function failed(format: Format, message: string): SourceDoc {
  return { format, blocks: [], problems: [{ where: "文档", message }] };
}

export async function readDocument(bytes: Uint8Array, name = ""): Promise<SourceDoc> {
  const format = sniffFormat(bytes, name);
  if (bytes.length > MAX_FILE_BYTES)
    return failed(
      format,
      `文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB，未读取；请删去图片或拆分附件后再发送`,
    );
  try {
    if (format === "pdf") return await (await import("./pdf-file")).readPdfFile(bytes);
    if (format === "docx") return await (await import("./docx-file")).readDocxFile(bytes);
    if (format === "doc") return await (await import("./doc-file")).readDocFile(bytes);
    return readTextFile(bytes);
  } catch (err) {
    // A runtime built without the readers (the Worker) says so itself; the file is not at fault.
    if (err instanceof Error && err.name === "ReaderUnavailable") return failed(format, err.message);
    const why = err instanceof Error ? err.message : String(err);
    const kind = { pdf: "PDF", docx: "Word（.docx）", doc: "Word（.doc）", txt: "文本" }[format];
    return failed(format, `${kind}文件无法读取（文件可能已损坏或不完整）：${why.slice(0, 200)}`);
  }
}
