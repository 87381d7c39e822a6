import { dropControls } from "./controls";

/** Longest file name we produce, in characters, extension included (Feishu and most file systems allow more). */
export const FILE_NAME_MAX = 100;

/**
 * A file name built from outside text (plan titles, unit names): no path separators, no characters Windows or
 * Feishu refuse (\ / : * ? " < > |), no runs of white space, no leading dot, at most FILE_NAME_MAX characters
 * with the extension kept. Idempotent, so the upload edge may apply it again.
 */
export function fileNameLiteral(name: string): string {
  const clean = dropControls(name)
    .replace(/[\\/:*?"<>|\s]+/g, "_")
    .replace(/^[._]+/, "");
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 8 ? clean.slice(dot) : "";
  const stem = (ext ? clean.slice(0, dot) : clean) || "file";
  return [...stem].slice(0, FILE_NAME_MAX - ext.length).join("") + ext;
}
