/**
 * A whole number of working days the office may set at the top of plans.settings (milestoneLeadDays,
 * deadlineLeadDays): the stored value when it is one, from 0 to 30, else the default. Stored settings are
 * outside input, so anything else falls back rather than throws.
 */
export function workdaysSetting(settings: unknown, key: string, fallback: number): number {
  const v = settings && typeof settings === "object" ? (settings as Record<string, unknown>)[key] : undefined;
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 30 ? v : fallback;
}
