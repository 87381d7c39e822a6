import * as z from "zod";
import type { CardActionResult } from "../../kernel/messages";
import type { CardActionDef } from "../registry";
import { parseValue, STALE } from "./collect-common";

const valueSchema = z.object({
  op: z.enum(["view", "assign", "answer", "confirm", "dispute", "close", "same", "new"]),
  itemId: z.coerce.number().int().positive(),
  unitId: z.coerce.number().int().positive().optional(),
  reportId: z.coerce.number().int().positive().optional(),
});
const formSchema = z.object({
  units: z.string().max(200).optional(),
  due: z.string().max(20).optional(),
  text: z.string().max(1000).optional(),
});

/**
 * The buttons of coordination item cards: 查看/交办 (office), 提交办理情况 (an assigned unit), 问题已解决 / 有异议
 * (the raising unit), 销号 (office), 是/否 on 是否同一事项 (the raising unit). Each answers in place with the
 * item's card as it now stands.
 */
export const coordAction: CardActionDef = {
  name: "coord",
  action: "coord_answer",
  async run(ctx) {
    const v = parseValue(ctx, valueSchema);
    const planId = ctx.planId;
    if (!v || !planId) return STALE;
    const form = formSchema.safeParse(ctx.event.formValue ?? {});
    if (!form.success) return { toast: { type: "error", content: "内容过长，请精简后再提交。" } };
    const who = ctx.event.operator.openId;
    const coord = ctx.deps.coord;
    const office = (): CardActionResult | undefined =>
      ctx.can("coord_assign")
        ? undefined
        : { toast: { type: "error", content: "仅领导小组办公室可办理此操作。" } };
    const shown = (
      r: Awaited<ReturnType<typeof coord.close>>,
      role: "office" | "answer" | "confirm",
      unitId = 0,
    ) =>
      r.ok
        ? {
            toast: { type: "success" as const, content: r.text },
            card: coord.cardFor(r.item, role, unitId, ctx.now),
          }
        : { toast: { type: "warning" as const, content: r.text } };

    switch (v.op) {
      case "view": {
        const refused = office();
        if (refused) return refused;
        const card = await coord.officeCard(planId, v.itemId, ctx.now);
        return card ? { card } : STALE;
      }
      case "assign":
        return (
          office() ??
          shown(
            await coord.assign(planId, v.itemId, form.data.units ?? "", form.data.due ?? "", who, ctx.now),
            "office",
          )
        );
      case "close":
        return (
          office() ??
          shown(await coord.close(planId, v.itemId, form.data.text?.trim() ?? "", who, ctx.now), "office")
        );
      case "answer": {
        if (v.unitId === undefined || !ctx.can("coord_answer", { unitId: v.unitId })) return STALE;
        const text = form.data.text?.trim();
        if (!text) return { toast: { type: "error", content: "请填写办理情况。" } };
        return shown(await coord.answer(planId, v.itemId, v.unitId, text, who, ctx.now), "answer", v.unitId);
      }
      case "same":
      case "new": {
        const { unitId, reportId } = v;
        if (unitId === undefined || reportId === undefined || !ctx.can("coord_answer", { unitId }))
          return STALE;
        const input = { itemId: v.itemId, reportId, unitId, same: v.op === "same" };
        return shown(await coord.decideSameMatter(planId, input, who, ctx.now), "confirm");
      }
      case "confirm":
      case "dispute":
        return shown(
          await coord.confirm(
            planId,
            v.itemId,
            v.op === "confirm",
            (unitId) => ctx.can("coord_answer", { unitId }),
            who,
            ctx.now,
          ),
          "confirm",
        );
    }
  },
};
