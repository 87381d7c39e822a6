/**
 * The schedule's BulletinDrafter over the status service (/bulletin's own use case): drafts the bulletin of a
 * (plan, kind, period) once and sends its draft card (发布 / 修改) to the office — its chat, else each office
 * member — under the planner's key. Idempotent: a bulletin that already exists for (plan, kind, period), the
 * schedule's own after a crash or one the office drafted by hand, is reused as it stands (never recomposed,
 * so the office's edits stay); a published one is not announced again.
 */
import type { BulletinKind } from "../domain/period";
import type { BulletinStore } from "../services/ports/bulletins";
import type { CardRef } from "../services/ports/messages";
import type { Outbox } from "../services/ports/outbox";
import type { BulletinDrafter } from "../services/ports/schedule";
import { toOffice } from "../services/schedule/messages";
import type { StatusService } from "../services/status";

export interface BulletinDrafterDeps {
  bulletins: Pick<BulletinStore, "latest">;
  status: Pick<StatusService, "draftBulletin" | "bulletinCard">;
  outbox: Pick<Outbox, "enqueue">;
}

export function createBulletinDrafter(deps: BulletinDrafterDeps): BulletinDrafter {
  return {
    async draftBulletin(input) {
      const kind: BulletinKind = input.kind;
      const existing = await deps.bulletins.latest(input.planId, kind, input.period);
      let id: number;
      let card: CardRef | undefined;
      if (existing) {
        id = existing.id;
        card = existing.state === "draft" ? await deps.status.bulletinCard(existing.id) : undefined;
      } else {
        // The status service reads the period as the office types it: 2022-06, 2022-Q2, 2022-H1, 2022.
        const made = await deps.status.draftBulletin(input.planId, kind, input.period, "schedule");
        if (!made.ok) throw new Error(`${input.title}: ${made.text}`);
        id = made.record.id;
        card = made.card;
      }
      if (card && input.office)
        await deps.outbox.enqueue(
          toOffice(input.outboxKey, input.planId, input.now, input.office, card, "bulletin"),
        );
      return { bulletinId: id };
    },
  };
}
