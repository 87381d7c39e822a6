// Workers build only (wrangler.toml [alias]): exceljs and docx resolve to this module, so those libraries (1.5 MB
// and more) stay out of the Worker bundle. /export and .docx documents need the Node service; on Workers every
// use fails with this message. The throw happens on use, not at load: a bundled module evaluates once, so a
// load-time throw reached only the first use and left later ones with an empty module (a TypeError instead).

const MESSAGE = "xlsx and .docx generation are not available on Cloudflare Workers; run the Node service";

function fail(): never {
  throw new Error(MESSAGE);
}

/** Throws on any use: reading a member (PageOrientation.LANDSCAPE), calling or constructing it. */
const unavailable: never = new Proxy(() => {}, {
  get: fail,
  apply: fail,
  construct: fail,
}) as never;

// The names duban's xlsx export (exceljs) and document writer (docx) take from those libraries.
export const Workbook = unavailable;
export const BorderStyle = unavailable;
export const Document = unavailable;
export const Footer = unavailable;
export const Packer = unavailable;
export const PageNumber = unavailable;
export const PageOrientation = unavailable;
export const Paragraph = unavailable;
export const ShadingType = unavailable;
export const TabStopType = unavailable;
export const Table = unavailable;
export const TableCell = unavailable;
export const TableLayoutType = unavailable;
export const TableRow = unavailable;
export const TextRun = unavailable;
export const VerticalAlign = unavailable;
export const WidthType = unavailable;
