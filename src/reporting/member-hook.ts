import type { Logger } from "../kernel/logger";
import type { MemberStore } from "../members/ports";
import type { CollectService } from "./use-cases";

/**
 * Members → collect: whoever becomes a unit's liaison or deputy — by /bind, by the office approving a bind
 * request, or from the mapping card — gets the overview card of every open round of the plan for that unit
 * at once, instead of waiting for the office to open the round again. Wrapping the member store at the
 * composition root catches every path that assigns a unit role, present and future; delivery is idempotent
 * (one card per round, unit and person: unit_cards and the outbox key overview:<round>:<unit>:<openId>).
 *
 * A failure to queue the cards never undoes the binding: it is logged, and /round open (or the next binding)
 * delivers what is missing.
 */
export function deliverCardsOnBind(
  members: MemberStore,
  collect: Pick<CollectService, "deliverOverviews">,
  logger: Logger,
): MemberStore {
  const deliver = async (planId: string, unitId: number, now: Date) => {
    try {
      const queued = await collect.deliverOverviews(planId, now, unitId);
      if (queued > 0) logger.info({ planId, unitId, queued }, "overview cards sent to a newly bound contact");
    } catch (err) {
      logger.error({ planId, unitId, err }, "overview cards for a new binding not queued");
    }
  };
  return {
    ...members,
    async assignUnitRole(input) {
      const result = await members.assignUnitRole(input);
      if (result.kind !== "taken") await deliver(input.planId, input.unitId, input.now);
      return result;
    },
    async decideBindRequest(input) {
      const decided = await members.decideBindRequest(input);
      if (decided?.result && decided.result.kind !== "taken")
        await deliver(decided.request.planId, decided.request.unitId, input.now);
      return decided;
    },
  };
}
