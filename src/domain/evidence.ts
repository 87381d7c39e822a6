import * as z from "zod";
import { dropControls } from "./escape/controls";

/**
 * 佐证材料 (evidence): links typed in the report form (evidence_url, document_url) and files or photos a liaison
 * sends to the bot, kept as Feishu message resources by key (reports.evidence_files). The bytes stay with
 * Feishu; duban downloads a file once to check it can be read and is within the cap, and keeps its key.
 */

/** Largest file or photo taken as 佐证材料 (Feishu's own cap for the resource API is 100 MB). */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
/** Most files one report keeps: one more is refused, so a report stays readable in status and the annex. */
export const EVIDENCE_MAX_FILES = 20;
/** Longest file name kept (characters); longer names are cut, keeping the extension. */
export const EVIDENCE_NAME_MAX = 100;

export interface EvidenceFile {
  /** The message that carried it: the resource API needs both ids. */
  messageId: string;
  fileKey: string;
  type: "file" | "image";
  /** The file's name as sent; for a photo, "图片" and when it was sent. */
  name: string;
  /** Bytes, as downloaded. */
  size?: number;
}

const fileSchema = z.object({
  messageId: z.string().min(1).max(200),
  fileKey: z.string().min(1).max(256),
  type: z.enum(["file", "image"]),
  name: z.string().max(512),
  size: z.number().int().nonnegative().optional(),
});

/** Stored evidence files as read back from the database: anything malformed is dropped, never shown. */
export function evidenceFilesOf(raw: unknown): EvidenceFile[] {
  let v = raw;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    const r = fileSchema.safeParse(x);
    return r.success ? [r.data] : [];
  });
}

/** A file's name as kept: invisible controls dropped, white space folded, at most EVIDENCE_NAME_MAX characters. */
export function evidenceName(name: string): string {
  const clean = dropControls(name).replace(/\s+/g, " ").trim();
  const chars = [...clean];
  if (chars.length <= EVIDENCE_NAME_MAX) return clean;
  const ext = /\.[A-Za-z0-9]{1,7}$/.exec(clean)?.[0] ?? "";
  return `${chars.slice(0, EVIDENCE_NAME_MAX - ext.length - 1).join("")}…${ext}`;
}

/** "图片：图片（6月20日 10:05）" / "文件：验收报告.pdf": one line per file wherever evidence is shown. */
export function evidenceFileLabel(f: Pick<EvidenceFile, "type" | "name">): string {
  return `${f.type === "image" ? "图片" : "文件"}：${f.name || "未命名"}`;
}

/** Every 佐证材料 of a report as lines: its links first (as typed), then the files sent to the bot. */
export function evidenceLines(links: readonly (string | null | undefined)[], files: readonly EvidenceFile[]) {
  const out = links.filter((l): l is string => typeof l === "string" && l.trim() !== "").map((l) => l.trim());
  for (const f of files) out.push(evidenceFileLabel(f));
  return out;
}
