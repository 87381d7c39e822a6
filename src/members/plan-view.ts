import type { Role } from "../domain/permissions";
import { roleNames } from "../domain/permissions";
import type { CatalogUnit } from "../domain/units";
import type { MemberRow } from "./ports";

/** A plan's units and members as loaded once per use case (service.ts loads it), and the pure lookups on it. */

export interface PlanView {
  planId: string;
  title: string;
  units: CatalogUnit[];
  unitById: Map<number, CatalogUnit>;
  members: MemberRow[];
}

export function unitName(view: PlanView, unitId: number | null): string {
  if (unitId === null) return "";
  return view.unitById.get(unitId)?.name ?? `单位#${unitId}`;
}

export function liaisonOf(view: PlanView, unitId: number): MemberRow | undefined {
  return view.members.find((m) => m.role === "liaison" && m.unitId === unitId);
}

export function deputiesOf(view: PlanView, unitId: number): MemberRow[] {
  return view.members.filter((m) => m.role === "deputy" && m.unitId === unitId);
}

/** "市经信局 联络员", "领导小组", "办公室". */
export function roleLabel(role: Role, unit?: string): string {
  return unit ? `${unit} ${roleNames[role]}` : roleNames[role];
}
