/**
 * A plan's successor: the next year's plan of the same work. The people (grants) of a plan carry over to the
 * plan that follows it, and its chats move there once it is archived.
 */
import type { CarryResult, PlanStore, PlanSummary } from "./ports";

const yearless = (s: string) => s.replace(/(?:19|20)\d{2}/g, "#");

/**
 * The plan `plan` follows among the plans loaded before it (oldest first): the newest one whose id or title
 * differs from it only in the year (wuhan-2022-proposal-1 → wuhan-2023-proposal-1); else the newest archived
 * one (the office closed last year's plan before loading this year's).
 */
export function predecessorOf(
  plan: { id: string; title: string },
  before: readonly PlanSummary[],
): PlanSummary | undefined {
  const others = before.filter((p) => p.id !== plan.id).reverse();
  return (
    others.find(
      (p) =>
        (yearless(p.id) === yearless(plan.id) && /(?:19|20)\d{2}/.test(plan.id)) ||
        (yearless(p.title) === yearless(plan.title) && /(?:19|20)\d{2}/.test(plan.title)),
    ) ?? others.find((p) => p.archivedAt !== null)
  );
}

/** After a new plan is loaded: carries the people of the plan it follows, and its chats if that one is closed. */
export async function carryToNewPlan(
  store: PlanStore,
  plan: { id: string; title: string },
  now: Date,
): Promise<CarryResult | undefined> {
  const all = await store.listPlans();
  const at = all.findIndex((p) => p.id === plan.id);
  const from = predecessorOf(plan, at < 0 ? all : all.slice(0, at));
  if (!from) return undefined;
  return store.carryOver(from.id, plan.id, { chats: from.archivedAt !== null, now });
}

/** After a plan is closed: its chats move to the plan that follows it, when that one is loaded already. */
export async function moveChatsToSuccessor(
  store: PlanStore,
  closedId: string,
  now: Date,
): Promise<{ successor: PlanSummary; chats: number } | undefined> {
  const all = await store.listPlans();
  for (let i = all.length - 1; i >= 0; i--) {
    const next = all[i];
    if (!next || next.archivedAt !== null || next.id === closedId) continue;
    if (predecessorOf(next, all.slice(0, i))?.id !== closedId) continue;
    const r = await store.carryOver(closedId, next.id, { chats: true, now });
    return { successor: next, chats: r.chats };
  }
  return undefined;
}
