import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { CollectStore } from "../../reporting/ports";
import type { Db } from "../client";
import { outbox, plans, reportRequests, rounds, unitCards } from "../schema";

/** The age of sent overview cards: which message a click came from, and which cards are near Feishu's limit. */
export function createCardAgeQueries(db: Db): Pick<CollectStore, "sentOverviewCard" | "agingUnitCards"> {
  return {
    async sentOverviewCard(messageId) {
      const [row] = await db
        .select({
          sentAt: outbox.sentAt,
          current: sql<boolean>`exists (select 1 from ${unitCards} where ${unitCards.outboxKey} = ${outbox.key})`,
        })
        .from(outbox)
        .where(and(sql`${outbox.result}->>'messageId' = ${messageId}`, eq(outbox.purpose, "overview")))
        .limit(1);
      if (!row?.sentAt) return undefined;
      return { sentAt: row.sentAt, current: Boolean(row.current) };
    },

    async agingUnitCards(sentBefore, now) {
      // A round the tick closed may still be open for a unit the office reopened it for. The time is bound as
      // text: a raw fragment's Date is not serialised by postgres.js without its type catalogue (Workers).
      const reopened = sql`exists (select 1 from ${reportRequests} where ${reportRequests.roundId} = ${unitCards.roundId}
        and ${reportRequests.unitId} = ${unitCards.unitId} and ${reportRequests.reopenedUntil} > ${now.toISOString()}::timestamptz)`;
      return (
        db
          .select({
            roundId: unitCards.roundId,
            unitId: unitCards.unitId,
            recipient: unitCards.recipient,
          })
          .from(unitCards)
          .innerJoin(outbox, eq(outbox.key, unitCards.outboxKey))
          .innerJoin(rounds, eq(rounds.id, unitCards.roundId))
          // An archived plan's cards are left to age: nothing on them can be submitted any more.
          .innerJoin(plans, and(eq(plans.id, rounds.planId), isNull(plans.archivedAt)))
          .where(
            and(
              eq(outbox.state, "sent"),
              lt(outbox.sentAt, sentBefore),
              or(and(eq(rounds.state, "open"), gt(rounds.closesAt, now)), reopened),
            ),
          )
          .orderBy(unitCards.roundId, unitCards.unitId, unitCards.id)
      );
    },
  };
}
