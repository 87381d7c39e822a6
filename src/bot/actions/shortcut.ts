import * as z from "zod";
import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { byRound, withUnitCard } from "./collect-common";

const shortcutValueSchema = z.object({
  roundId: z.number().int().positive(),
  unitId: z.number().int().positive(),
  kind: z.enum(["no_progress", "same_as_last"]),
  requestId: z.number().int().positive().optional(),
});

/** 同上月 / 本月无新进展 on the overview card (one task, or every task not yet reported): the unit's own. */
export const shortcutAction: CardActionDef = {
  name: collectActions.shortcut,
  action: "report_submit",
  run: (ctx) =>
    withUnitCard(ctx, shortcutValueSchema, "report_submit", byRound, async (v) => {
      return ctx.deps.collect.shortcut({
        roundId: v.roundId,
        unitId: v.unitId,
        requestId: v.requestId,
        kind: v.kind,
        operator: ctx.event.operator.openId,
        now: ctx.now,
      });
    }),
};
