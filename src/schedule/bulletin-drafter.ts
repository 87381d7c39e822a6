/**
 * The schedule's BulletinDrafter over the status service (/bulletin's own use case): drafts the bulletin of a
 * (plan, kind, period) once and sends its preview card (修改 / 发布 / 下载) and the .docx to the office — its own
 * chat, else each office member, never a work group — under the planner's key. Idempotent: a bulletin that already exists for (plan, kind, period), the
 * schedule's own after a crash or one the office drafted by hand, is reused as it stands (never recomposed,
 * so the office's edits stay); a published one is not announced again.
 */
import type { BulletinKind } from "../domain/period";
import type { Outbox } from "../outbox/ports";
import { type StatusService, toBase64 } from "../status/service";
import { toOffice } from "./messages";
import type { BulletinDrafter } from "./ports";

export interface BulletinDrafterDeps {
  status: Pick<StatusService, "scheduledDraft" | "bulletinFile">;
  outbox: Pick<Outbox, "enqueue">;
}

export function createBulletinDrafter(deps: BulletinDrafterDeps): BulletinDrafter {
  return {
    async draftBulletin(input) {
      const kind: BulletinKind = input.kind;
      // The status service reads the period as the office types it: 2022-06, 2022-Q2, 2022-H1, 2022.
      const made = await deps.status.scheduledDraft(input.planId, kind, input.period);
      if (!made.ok) throw new Error(`${input.title}: ${made.text}`);
      if (made.record.state !== "draft" || !input.office) return { bulletinId: made.record.id, cards: 0 };
      const items = toOffice(input.outboxKey, input.planId, input.now, input.office, made.card, "bulletin");
      // The preview is short; the whole text goes with it as the .docx, to the same people under derived keys.
      const file = await deps.status.bulletinFile(made.record.id);
      const files =
        "ok" in file
          ? []
          : items.map((i) =>
              i.kind === "send"
                ? {
                    ...i,
                    key: `${i.key}:file`,
                    message: {
                      type: "file" as const,
                      fileType: "doc" as const,
                      fileName: file.fileName,
                      base64: toBase64(file.bytes),
                    },
                  }
                : i,
            );
      const cards = await deps.outbox.enqueue([...items, ...files]);
      return { bulletinId: made.record.id, cards };
    },
  };
}
