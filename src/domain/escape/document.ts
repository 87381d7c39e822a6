import { dropControls } from "./controls";

/**
 * Plain-text documents (the bulletin and summary texts the office edits, copies into 公文 and exports): they
 * have no markup at all, so outside text is kept exactly as typed minus invisible controls. Markup that means
 * something in a Feishu message is escaped later, by the format the document is sent in.
 */
export function documentLiteral(s: string): string {
  return dropControls(s);
}
