import { readFileSync } from "node:fs";
import type { Plan } from "../../src/domain/plan-format";
import { importPlanDocument } from "../../src/plans/import";

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), "utf8");
}

export function importFixture(name: string): Plan {
  return importPlanDocument(fixtureText(name), { id: name.replace(/\.txt$/, "") });
}

export function task(plan: Plan, id: string): Plan["sections"][number]["tasks"][number] {
  const found = plan.sections.flatMap((s) => s.tasks).find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
}

export function unit(plan: Plan, name: string): Plan["units"][number] {
  const found = plan.units.find((u) => u.name === name);
  if (!found) throw new Error(`no unit ${name}`);
  return found;
}

export function person(plan: Plan, name: string): Plan["roster"][number] {
  const found = plan.roster.find((p) => p.name === name);
  if (!found) throw new Error(`no roster entry ${name}`);
  return found;
}

/** Warnings at one line, as messages. */
export function warningsAt(plan: Plan, line: number): string[] {
  return (plan.warnings ?? []).filter((w) => w.line === line).map((w) => w.message);
}

/** Every string anywhere in the plan, for "this text appears nowhere" checks. */
export function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === "object") return Object.values(value).flatMap(allStrings);
  return [];
}
