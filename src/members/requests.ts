import { Refusal } from "../kernel/refusal";
/**
 * The office decides a /bind request from its card: make the requester deputy, make them the liaison
 * in place of the current one, or reject. Once only: a second click, or a click by someone else after the
 * decision, changes nothing and says who decided.
 */

import type { CardRef } from "../kernel/messages";
import { md } from "../kernel/messages";
import type { Person } from "../kernel/messenger";
import { noticeCard } from "./cards";
import { type PlanView, unitName } from "./plan-view";
import { loadPlanView, type MembersDeps } from "./service";

export type Decision = "deputy" | "replace" | "reject";

/** The office decides a bind request from its card: once; a second click or a late click changes nothing. */
export async function decideBindRequest(
  deps: MembersDeps,
  input: { planId: string; requestId: number; decision: Decision; by: Person; now: Date },
): Promise<{ message: string; card?: CardRef }> {
  const request = await deps.members.getBindRequest(input.requestId);
  if (!request || request.planId !== input.planId) throw new Refusal("该申请不存在或已失效。");
  const view = await loadPlanView(deps, input.planId);
  const unit = unitName(view, request.unitId);
  if (request.state !== "pending")
    throw new Refusal(await alreadyDecided(deps, view, request.decidedBy, request.state));
  const decided = await deps.members.decideBindRequest({
    id: request.id,
    state: input.decision === "reject" ? "rejected" : "approved",
    by: input.by.openId,
    byName: input.by.name,
    now: input.now,
    ...(input.decision === "reject"
      ? {}
      : {
          apply: {
            role: input.decision === "deputy" ? "deputy" : "liaison",
            replace: input.decision === "replace",
          },
        }),
  });
  if (!decided) {
    const again = await deps.members.getBindRequest(request.id);
    if (again && again.state !== "pending")
      throw new Refusal(await alreadyDecided(deps, view, again.decidedBy, again.state));
    throw new Refusal(`${unit} 的联络员刚刚发生变化，请重新确认后再处理。`);
  }
  const outcome =
    input.decision === "reject"
      ? `未批准 ${request.name} 绑定 ${unit}`
      : `已将 ${request.name} 设为 ${unit} ${input.decision === "deputy" ? "副联络员" : "联络员"}`;
  const chatId = typeof request.detail.chatId === "string" ? request.detail.chatId : undefined;
  const messageId = typeof request.detail.messageId === "string" ? request.detail.messageId : undefined;
  if (messageId) {
    await deps.outbox.enqueue([
      {
        kind: "reply",
        key: `bindreq_done:${request.id}`,
        purpose: "reply",
        planId: input.planId,
        replyTo: { messageId },
        message: {
          type: "text",
          text: `办公室${input.decision === "reject" ? "未批准" : "已批准"}您绑定 ${unit} 的申请：${outcome}。`,
        },
      },
    ]);
  } else if (chatId)
    deps.logger.info({ requestId: request.id }, "bind request decided without a message to reply to");
  return {
    message: outcome,
    card: noticeCard(
      `绑定申请 · ${unit}`,
      md`${outcome}。`,
      input.decision === "reject" ? "grey" : "green",
      md`由 ${input.by.name || "办公室"} 处理`,
    ),
  };
}

async function alreadyDecided(deps: MembersDeps, view: PlanView, by: string | null, state: string) {
  const who =
    view.members.find((m) => m.openId === by)?.name || (by && deps.admins.includes(by) ? "办公室" : "他人");
  return `该申请已由 ${who} 处理（${state === "approved" ? "已批准" : "未批准"}），未做更改。`;
}
