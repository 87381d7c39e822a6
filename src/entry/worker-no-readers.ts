// Workers build only (wrangler.toml [alias]): unpdf, mammoth and word-extractor resolve to this module, so the
// Word and PDF readers (pdf.js alone is 2.3 MB) stay out of the Worker bundle. Plain-text plans still import;
// a Word or PDF file is refused with this message, which the plan reader passes on to the sender as it is.
// Each export throws when called (not at load: a bundled module evaluates once, so a load-time throw would
// reach only the first sender and leave the next with an empty module).

const MESSAGE =
  "本部署（Cloudflare Workers）不读取 Word、PDF 文件。请将方案另存为纯文本（.txt）后发送，或在 Node 服务上导入。";

function unavailable(): never {
  const err = new Error(MESSAGE);
  err.name = "ReaderUnavailable";
  throw err;
}

/** unpdf */
export async function extractTextItems(): Promise<never> {
  unavailable();
}

/** unpdf: the document is opened first, to read both its text and its ruling lines. */
export async function getDocumentProxy(): Promise<never> {
  unavailable();
}

/** unpdf */
export async function getResolvedPDFJS(): Promise<never> {
  unavailable();
}

/** mammoth */
export async function convertToHtml(): Promise<never> {
  unavailable();
}

/** word-extractor (its default export is a class) */
export default class WordExtractor {
  constructor() {
    unavailable();
  }
}
