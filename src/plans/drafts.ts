import type { Plan } from "../domain/plan-format";

/** A plan document the office sent in the chat, read and waiting for 导入 or 取消. */
export interface PlanDraft {
  id: string;
  planId: string;
  fileName: string;
  plan: Plan;
  createdBy: string;
  state: "open" | "applied" | "cancelled";
  createdAt: Date;
}

export interface PlanDraftStore {
  /** Keeps the draft; saving the same id again (a redelivered event) keeps the first. */
  saveDraft(draft: Omit<PlanDraft, "state">): Promise<void>;
  getDraft(id: string): Promise<PlanDraft | undefined>;
  /** Closes an open draft; false when it was already applied or cancelled (a second click). */
  closeDraft(id: string, state: "applied" | "cancelled", now: Date): Promise<boolean>;
}
