/**
 * Length caps on everything a member types, checked before any parsing or matching so that one long message
 * costs no more than a short one; over a cap the answer names the cap and never echoes the input.
 * Counted in UTF-16 code units (a Chinese character is one), which is what String.length costs.
 */
export const LIMITS = {
  /** A whole command message. Progress is reported through forms, so commands never need more. */
  message: 2000,
  /** Default for a command's arguments: unit names, task numbers, roles, a person. */
  args: 100,
  /** The command word itself; longer is no command and is not echoed. */
  commandWord: 20,
  /** Any single form field of a card (the form's own schema caps each field tighter, with its own message). */
  formField: 5000,
  /** Any string in a card button's value: those are ours, so anything longer is forged. */
  buttonValue: 1000,
} as const;

export const tooLong = (what: string, cap: number) => `${what}过长（上限${cap}字），未处理。请精简后重发。`;

/** The first string in a (nested) form value longer than `cap`, as its field name; undefined when none. */
export function overlongField(value: unknown, cap: number, depth = 0): string | undefined {
  if (depth > 4 || value === null || typeof value !== "object") return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string" && v.length > cap) return k;
    if (Array.isArray(v) && v.some((x) => typeof x === "string" && x.length > cap)) return k;
    if (v && typeof v === "object" && !Array.isArray(v) && overlongField(v, cap, depth + 1)) return k;
  }
  return undefined;
}
