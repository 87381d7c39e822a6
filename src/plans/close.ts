/**
 * /plan close: the office archives a finished plan. The plan stays readable and exportable; every write is
 * refused from then on (src/domain/permissions.ts, archivedRefusal) and the scheduler no longer looks at it.
 */
import { formatCnDate } from "../domain/time";
import { type CardRef, md } from "../kernel/messages";
import { Refusal } from "../kernel/refusal";
import type { PlanStore, PlanSummary } from "./ports";
import { moveChatsToSuccessor } from "./succession";

/** The card's button value: the plan it closes (the router reads the plan from it). */
export const closeValue = (planId: string) => ({ action: "plan_close", planId });

/** The confirmation card: what closing means, one button. Template cards/coord-item.json (body and buttons). */
export function closeConfirmCard(plan: PlanSummary): CardRef {
  return {
    template: "coord-item",
    data: {
      title: "办结归档工作方案",
      subtitle: plan.title,
      color: "orange",
      body: md`**${plan.title}**（${plan.id}）\n归档后本方案只读：不再开启轮次、不再催办，报送、交办、绑定等操作一律不予受理；/status、/export、/summary year 仍可查阅和导出。归档不可撤销。`,
      buttons: [{ label: "确认归档", type: "danger", value: closeValue(plan.id) }],
      note: md`也可发送「/plan close 确认」直接归档。`,
    },
  };
}

export async function closePlan(
  store: PlanStore,
  input: { planId: string; by: { openId: string; name: string }; now: Date; timezone: string },
): Promise<CardRef> {
  const plan = (await store.listPlans()).find((p) => p.id === input.planId);
  if (!plan) throw new Refusal("没有找到本群的工作方案。");
  const at = await store.archivePlan(plan.id, input.by, input.now);
  if (!at) throw new Refusal("没有找到本群的工作方案。");
  const moved = await moveChatsToSuccessor(store, plan.id, input.now);
  const next = moved
    ? md`\n本群已切换到后续方案：**${moved.successor.title}**（${moved.successor.id}），人员绑定已沿用。`
    : md`\n导入下一年度方案后，本方案的联络员、副联络员和办公室成员将按单位名称沿用，本群自动切换到新方案。`;
  return {
    template: "notice",
    data: {
      title: "工作方案已办结归档",
      color: "grey",
      body: md`**${plan.title}**（${plan.id}）已于${formatCnDate(at, input.timezone)}由${input.by.name || "领导小组办公室"}办结归档，现为只读。${next}`,
    },
  };
}
