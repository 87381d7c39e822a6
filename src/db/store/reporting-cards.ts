import { and, eq, lt, sql } from "drizzle-orm";
import type { CollectStore } from "../../reporting/ports";
import type { Db } from "../client";
import { collections, outbox, unitCards } from "../schema";

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

    async agingUnitCards(sentBefore) {
      return db
        .select({
          collectionId: unitCards.collectionId,
          unitId: unitCards.unitId,
          recipient: unitCards.recipient,
        })
        .from(unitCards)
        .innerJoin(outbox, eq(outbox.key, unitCards.outboxKey))
        .innerJoin(collections, eq(collections.id, unitCards.collectionId))
        .where(and(eq(collections.state, "open"), eq(outbox.state, "sent"), lt(outbox.sentAt, sentBefore)))
        .orderBy(unitCards.collectionId, unitCards.unitId, unitCards.id);
    },
  };
}
