import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { byRequest, submitValueSchema, withUnitCard } from "./collect-common";

/**
 * The form's 提交: validates, stores a new revision and answers with the overview (已报送) in place; a
 * validation error answers with a toast naming the field and stores nothing.
 */
export const submitAction: CardActionDef = {
  name: collectActions.submit,
  action: "report_submit",
  run: (ctx) =>
    withUnitCard(ctx, submitValueSchema, "report_submit", byRequest, async (v) => {
      const outcome = await ctx.deps.collect.submit({
        requestId: v.requestId,
        formValue: ctx.event.formValue ?? {},
        seenRevision: v.seen,
        confirmed: v.confirm === true,
        operator: ctx.event.operator.openId,
        now: ctx.now,
      });
      if (outcome.kind === "invalid")
        ctx.deps.logger.info({ requestId: v.requestId, field: outcome.field }, "report form rejected");
      return outcome.result;
    }),
};
