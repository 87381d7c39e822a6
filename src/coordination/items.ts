import type { ItemState } from "./ports";

/**
 * Coordination items (协调事项) and delegates' suggestions (代表意见建议), pure: how a repeat is recognised,
 * how old an item is, what its state reads as, and what the office typed when assigning it.
 */

/** The words of a problem without spacing and punctuation: "需市发改委协调、5G基站选址审批。" = "需市发改委协调5G基站选址审批". */
export function matchText(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, "").toLowerCase();
}

/** Whole days between two local dates (YYYY-MM-DD). */
export function ageDays(from: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(today) - Date.parse(from)) / 86_400_000));
}

export const stateLabel: Record<ItemState, string> = {
  open: "待交办",
  assigned: "办理中",
  answered: "已答复，待确认",
  confirmed: "提出单位已确认，待销号",
  disputed: "提出单位有异议",
  closed: "已销号",
};

export const stateColor: Record<ItemState, string> = {
  open: "orange",
  assigned: "blue",
  answered: "blue",
  confirmed: "green",
  disputed: "red",
  closed: "grey",
};

/** "市发改委、市自然资源和规划局" → the names, split on the separators people type. */
export function splitUnits(typed: string): string[] {
  return [
    ...new Set(
      typed
        .split(/[、,，;；\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** A due date typed as 2022-07-15 or 2022/7/15; undefined when it is not a real date. */
export function parseDue(typed: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(typed.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]?.padStart(2, "0")}-${m[3]?.padStart(2, "0")}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** Two local dates in the same month: a second revision in one round is not a repeat. */
export const sameMonth = (a: string, b: string) => a.slice(0, 7) === b.slice(0, 7);
