/**
 * A plan document sent to the bot: read into a draft and previewed; loaded only when the office presses 导入.
 * A file whose id or title matches a loaded plan is a revision of it and previews the diff instead.
 */
import type { Plan } from "../domain/plan-format";
import { type CardRef, md } from "../kernel/messages";
import { Refusal } from "../kernel/refusal";
import { draftClosedCard, draftPreviewCard } from "./draft-card";
import type { PlanDraftStore } from "./drafts";
import { importPlanFile } from "./formats/import-file";
import { loadPlan, PlanValidationError, parsePlan, sha256Hex } from "./load";
import type { PlanStore } from "./ports";
import { diffPlans } from "./revision";

export interface ChatImportDeps {
  plans: PlanStore;
  planDrafts: PlanDraftStore;
}

/** "wuhan-2022-proposal-1.docx" → "wuhan-2022-proposal-1"; undefined when the name has no usable letters. */
export function idFromFileName(fileName: string): string | undefined {
  const id = fileName
    .replace(/\.[^.]+$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return /^[a-z0-9][a-z0-9-]*$/.test(id) && /[a-z]/.test(id) ? id : undefined;
}

function problemsOf(plan: Plan): string[] {
  try {
    parsePlan(plan);
    return [];
  } catch (err) {
    if (err instanceof PlanValidationError) return err.problems;
    throw err;
  }
}

export async function draftFromFile(
  deps: ChatImportDeps,
  input: { draftId: string; bytes: Uint8Array; fileName: string; actor: string; now: Date },
): Promise<CardRef> {
  const plan = await importPlanFile(input.bytes, input.fileName, { id: idFromFileName(input.fileName) });
  const loaded = await deps.plans.listPlans();
  const same = loaded.find((p) => p.id === plan.id) ?? loaded.find((p) => p.title === plan.title);
  const planId = same?.id ?? plan.id ?? `plan-${(await sha256Hex(plan.title)).slice(0, 8)}`;
  const before = same ? await deps.plans.getPlanDocument(same.id) : undefined;
  const known = new Set<string>();
  for (const p of same ? [] : loaded)
    for (const u of (await deps.plans.getPlanDocument(p.id))?.units ?? []) known.add(u.name);
  for (const u of before?.units ?? []) known.add(u.name);
  const problems = problemsOf({ ...plan, id: planId });
  await deps.planDrafts.saveDraft({
    id: input.draftId,
    planId,
    fileName: input.fileName,
    plan: { ...plan, id: planId },
    createdBy: input.actor,
    createdAt: input.now,
  });
  return draftPreviewCard({
    draftId: input.draftId,
    planId,
    fileName: input.fileName,
    plan,
    newUnits: new Set(plan.units.map((u) => u.name).filter((n) => !known.has(n))),
    problems,
    diff: before && problems.length === 0 ? diffPlans(before, plan) : null,
  });
}

/** 导入: loads the draft (a revision through the same content matching as `duban plan load`). */
export async function applyDraft(deps: ChatImportDeps, draftId: string, now: Date): Promise<CardRef> {
  const draft = await deps.planDrafts.getDraft(draftId);
  if (!draft) throw new Refusal("该导入草稿已不存在，请重新发送方案文件。");
  if (draft.state !== "open")
    throw new Refusal(draft.state === "applied" ? "该方案已导入。" : "该导入已取消，请重新发送方案文件。");
  let result: Awaited<ReturnType<typeof loadPlan>>;
  try {
    result = await loadPlan(deps.plans, draft.plan, { id: draft.planId, now });
  } catch (err) {
    if (err instanceof PlanValidationError)
      throw new Refusal(`方案未能导入：${err.problems.slice(0, 3).join("；")}`);
    throw err;
  }
  await deps.planDrafts.closeDraft(draftId, "applied", now);
  const c = result.counts;
  const verb = { created: "已导入", updated: "已更新", unchanged: "内容未变，无需更新" }[result.outcome];
  const retired = result.retired.tasks.length
    ? `停用任务 ${result.retired.tasks.length} 项（已有报送保留）。`
    : "";
  const k = result.carried;
  const carried = k
    ? `沿用方案 ${k.from} 的人员绑定 ${k.grants} 项${k.unmatchedUnits.length ? `（${k.unmatchedUnits.join("、")} 在新方案中没有同名单位，未沿用）` : ""}${k.chats ? `，${k.chats} 个群已切换到新方案` : ""}。`
    : "";
  return draftClosedCard(
    "工作方案已导入",
    md`**${draft.plan.title}**（${result.planId}）${verb}：章节 ${c.sections} 个，任务 ${c.tasks} 项，承办单位 ${c.units} 个，指标 ${c.indicators} 个。${retired}${carried}`,
    "green",
  );
}

/** 取消: the draft is closed and nothing else changes. */
export async function cancelDraft(deps: ChatImportDeps, draftId: string, now: Date): Promise<CardRef> {
  const draft = await deps.planDrafts.getDraft(draftId);
  if (!draft) throw new Refusal("该导入草稿已不存在。");
  if (!(await deps.planDrafts.closeDraft(draftId, "cancelled", now)))
    throw new Refusal(draft.state === "applied" ? "该方案已导入，无法取消。" : "该导入已取消。");
  return draftClosedCard(
    "工作方案导入已取消",
    md`${draft.fileName} 未导入，已导入的方案没有任何改动。`,
    "grey",
  );
}
