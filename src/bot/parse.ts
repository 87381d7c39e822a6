import type { Person } from "../kernel/messenger";

export interface ParsedCommand {
  /** What the user typed as the command word, without the slash. */
  typed: string;
  /** Whether it started with a slash (a plain word is treated as a command only if it names one). */
  slashed: boolean;
  /** Arguments split on white space, with @mentions removed (they are in `mentions`). */
  args: string[];
  /** The argument text as typed, mentions removed, trimmed. */
  argText: string;
}

/**
 * Parses "/bind @张三 市经信局 liaison" (mentions already rendered as "@Name" by the edge).
 * Accepts a half- or full-width slash. Returns undefined for empty text.
 */
export function parseCommand(text: string, mentions: readonly Person[]): ParsedCommand | undefined {
  let rest = text.replace(/\u00a0/g, " ").trim();
  if (!rest) return undefined;
  for (const m of mentions) if (m.name) rest = rest.split(`@${m.name}`).join(" ");
  rest = rest.trim();
  const slashed = /^[/／]/.test(rest);
  if (slashed) rest = rest.slice(1).trimStart();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(rest);
  if (!match?.[1]) return undefined;
  const argText = (match[2] ?? "").trim();
  return {
    typed: match[1],
    slashed,
    args: argText ? argText.split(/\s+/) : [],
    argText,
  };
}
