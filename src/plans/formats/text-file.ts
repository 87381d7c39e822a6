/**
 * Plain text in the encodings offices save it in: UTF-8 (with or without BOM), UTF-16 with a BOM, and
 * GB18030/GBK (Notepad's "ANSI" on a Chinese Windows).
 */
import { linesToBlocks, type SourceDoc } from "./source";

export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: GB18030 decodes every byte sequence (a superset of GBK and GB2312).
    return new TextDecoder("gb18030").decode(bytes);
  }
}

export function readTextFile(bytes: Uint8Array): SourceDoc {
  return { format: "txt", blocks: linesToBlocks(decodeText(bytes), (n) => `第${n}行`), problems: [] };
}
