/**
 * Characters nobody reads but that change what others see: C0/C1 controls (except tab and newline) and the
 * bidirectional overrides and isolates that can make text display in another order than it was typed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Drops invisible controls; a lone carriage return becomes a newline (CRLF stays one newline). */
export function dropControls(s: string): string {
  return s.replace(/\r\n?/g, "\n").replace(INVISIBLE, "");
}
