import { checkPlanReferences, type Plan, planSchema } from "../domain/plan-format";
import type { LoadResult, PlanStore } from "./ports";
import { diffPlans, type PlanDiff } from "./revision";
import { carryToNewPlan } from "./succession";

export class PlanValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`方案校验未通过：\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PlanValidationError";
  }
}

/** Validates a plan document (zod + cross references) without loading it. */
export function parsePlan(input: unknown): Plan {
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) {
    throw new PlanValidationError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "（根）"}: ${i.message}`),
    );
  }
  const problems = checkPlanReferences(parsed.data);
  if (problems.length > 0) throw new PlanValidationError(problems);
  return parsed.data;
}

/** Stable JSON: object keys sorted, so the same plan always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Loads a plan: validate, then upsert. Loading the same plan twice changes nothing; a revised plan
 * updates in place and retires what it dropped, so no report is lost; a new plan that follows an earlier
 * one (the next year's) takes over its people (src/plans/succession.ts).
 */
export async function loadPlan(
  store: PlanStore,
  input: unknown,
  opts: { id?: string | undefined; now: Date },
): Promise<LoadResult> {
  const plan = parsePlan(input);
  const id = opts.id ?? plan.id;
  if (!id) throw new PlanValidationError(["id：缺少方案编号（plan id）；请在 JSON 中给出 id 或用文件名"]);
  const { warnings: _warnings, ...stored } = plan;
  const hash = await sha256Hex(canonicalJson({ ...stored, id }));
  const loaded = await store.getPlanDocument(id);
  // Tasks are matched to the loaded ones by content, so a reordered or renumbered task keeps its reports.
  const diff = loaded ? diffPlans(loaded, plan) : null;
  const revision = diff
    ? { renames: diff.renames, retire: diff.removed.map((r) => r.id), added: diff.added }
    : undefined;
  const result = await store.upsertPlan(id, { ...stored, id }, hash, opts.now, revision);
  if (result.outcome !== "created") return result;
  // The next year's plan: the people of the plan it follows carry over, matched by unit name.
  const carried = await carryToNewPlan(store, { id, title: plan.title }, opts.now);
  return carried ? { ...result, carried } : result;
}

/** What loading this plan would change in the loaded plan of the same id (null when none is loaded). */
export async function previewPlanRevision(
  store: PlanStore,
  input: unknown,
  id: string,
): Promise<PlanDiff | null> {
  const plan = parsePlan(input);
  const loaded = await store.getPlanDocument(id);
  return loaded ? diffPlans(loaded, plan) : null;
}
