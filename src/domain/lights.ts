import type { IndicatorProgress } from "./progress";
import type { ReportStatus } from "./states";

/**
 * A task's status light (绿/黄/红), one rule and one legend for cards, documents and exports.
 * 绿: on schedule. 黄: behind time progress beyond the tolerance, reported 滞后, a unit overdue, or an open
 * problem. 红: the lead unit (or every unit) not reported after the due time, 受阻, or an indicator behind by
 * more than twice the tolerance. No light when no unit of the task was asked (未明确联络员).
 */

export type Light = "green" | "yellow" | "red";

export const lightLabel: Record<Light, string> = { green: "绿", yellow: "黄", red: "红" };

/** Cell fills for documents and spreadsheets. */
export const lightFill: Record<Light, string> = { green: "92D050", yellow: "FFC000", red: "FF5050" };

export const LIGHT_LEGEND =
  "绿：按时序进度推进；黄：滞后于时序进度超出容差、报告滞后、有单位逾期未报送或存在需协调解决的问题；红：牵头单位逾期未报送、推进受阻或严重滞后于时序进度。";

export interface LightInput {
  /** The asked units' latest statuses (null = not reported); units without a liaison are left out. */
  units: ReadonlyArray<{ status: ReportStatus | null; lead: boolean }>;
  /** A report was due in the period by now. */
  pastDue: boolean;
  indicators: ReadonlyArray<Pick<IndicatorProgress, "state" | "gapPts">>;
  tolerance: number;
  openProblem: boolean;
}

export function taskLight(t: LightInput): Light | null {
  if (t.units.length === 0) return null;
  const leads = t.units.filter((u) => u.lead);
  const owners = leads.length > 0 ? leads : t.units;
  const gaps = t.indicators.filter((i) => i.state === "behind").map((i) => -(i.gapPts ?? 0));
  if (t.pastDue && owners.every((u) => u.status === null)) return "red";
  if (t.units.some((u) => u.status === "blocked")) return "red";
  if (gaps.some((g) => g > 2 * t.tolerance)) return "red";
  if (gaps.length > 0) return "yellow";
  if (t.units.some((u) => u.status === "behind")) return "yellow";
  if (t.pastDue && t.units.some((u) => u.status === null)) return "yellow";
  if (t.openProblem) return "yellow";
  return "green";
}
