import { readFileSync } from "node:fs";
import type { Database } from "../../src/db/client";
import { createPlanStore } from "../../src/db/store/plan-store";
import { loadPlan } from "../../src/plans/load";

export const WUHAN_ID = "wuhan-2022-proposal-1";

/** The committed, reviewed sample plan (what `npm start` loads). */
export function wuhanPlan(): unknown {
  return JSON.parse(readFileSync(new URL("../../plans/wuhan-2022-proposal-1.json", import.meta.url), "utf8"));
}

export async function loadWuhan(database: Database): Promise<void> {
  await loadPlan(createPlanStore(database.db), wuhanPlan(), { now: new Date("2022-03-31T00:00:00Z") });
}
