import { dropControls } from "./controls";

/** Longest file name we produce, in characters, extension included (Feishu and most file systems allow more). */
export const FILE_NAME_MAX = 100;

/**
 * A file name built from outside text (plan titles, unit names): no path separators, no characters Windows or
 * Feishu refuse (\ / : * ? " < > |), no runs of white space, no leading dot, at most FILE_NAME_MAX characters
 * with the extension kept. Idempotent, so the upload edge may apply it again.
 */
export function fileNameLiteral(name: string): string {
  const clean = dropControls(name).replace(/[\\/:*?"<>|\s]+/g, "_");
  const ext = /\.[A-Za-z0-9]{1,7}$/.exec(clean)?.[0] ?? "";
  const stem = clean.slice(0, clean.length - ext.length).replace(/^[._]+/, "") || "file";
  return [...stem].slice(0, FILE_NAME_MAX - ext.length).join("") + ext;
}
