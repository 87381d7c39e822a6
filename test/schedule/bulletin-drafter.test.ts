import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { createBulletinStore } from "../../src/db/store/bulletin-store";
import { createStatusStore } from "../../src/db/store/status-store";
import type { BulletinKind } from "../../src/domain/period";
import { createBulletinDrafter } from "../../src/schedule/bulletin-drafter";
import type { DraftBulletinInput } from "../../src/schedule/ports";
import { createStatusService } from "../../src/status/service";
import { loadWuhan, WUHAN_ID } from "../e2e/plan";
import { createMemoryOutbox } from "../fakes/memory-outbox";
import { describeDb } from "../helpers/db";

/** The schedule's bulletin drafter over the real status service and stores. */
describeDb("bulletin drafter", (ctx) => {
  const now = new Date("2022-06-27T02:05:00Z");
  function drafter() {
    const bulletins = createBulletinStore(ctx.database.db);
    const status = createStatusService({
      status: createStatusStore(ctx.database.db),
      bulletins,
      clock: { now: () => now },
    });
    const outbox = createMemoryOutbox();
    return { bulletins, status, outbox, port: createBulletinDrafter({ status, outbox }) };
  }
  const input = (kind: BulletinKind, period: string, over: Partial<DraftBulletinInput> = {}) => ({
    planId: WUHAN_ID,
    kind,
    period,
    title: `${period} 工作通报`,
    roundIds: [],
    now,
    outboxKey: `bulletin:${WUHAN_ID}:${kind}:${period}`,
    office: { chatId: "oc_office", members: [] },
    ...over,
  });

  it("reads each of the schedule's periods and drafts once, telling the office under the planner's key", async () => {
    await loadWuhan(ctx.database);
    const d = drafter();
    const cases: Array<[BulletinKind, string, string]> = [
      ["month", "2022-06", "2022年6月"],
      ["quarter", "2022-Q2", "2022年第二季度"],
      ["half", "2022-H1", "2022年上半年"],
      ["year", "2022", "2022年度"],
    ];
    for (const [kind, period, label] of cases) {
      const { bulletinId } = await d.port.draftBulletin(input(kind, period));
      const record = await d.bulletins.get(Number(bulletinId));
      expect(record).toMatchObject({ kind, period, state: "draft", createdBy: "schedule" });
      expect(record?.draft.summary.periodLabel).toBe(label);
    }
    // The preview card and the .docx with it, both to the office.
    expect(
      d.outbox.items.map((i) => [i.key, i.kind === "send" ? [i.to, i.message.type] : null, i.purpose]),
    ).toEqual(
      cases.flatMap(([kind, period]) => [
        [`bulletin:${WUHAN_ID}:${kind}:${period}`, [{ chatId: "oc_office" }, "card"], "bulletin"],
        [`bulletin:${WUHAN_ID}:${kind}:${period}:file`, [{ chatId: "oc_office" }, "file"], "bulletin"],
      ]),
    );
  });

  it("again after a crash, or for a draft the office made and edited, reuses it as it stands", async () => {
    await loadWuhan(ctx.database);
    const d = drafter();
    const own = await d.status.draftBulletin(WUHAN_ID, "quarter", "2022-Q2", "ou_office");
    if (!own.ok) throw new Error(own.text);
    const edited = { ...own.record.draft, title: "办公室改过的标题" };
    await d.bulletins.updateDraft(own.record.id, edited);

    const first = await d.port.draftBulletin(input("quarter", "2022-Q2"));
    const again = await d.port.draftBulletin(input("quarter", "2022-Q2"));
    expect([first.bulletinId, again.bulletinId]).toEqual([own.record.id, own.record.id]);
    expect((await d.bulletins.get(own.record.id))?.draft.title).toBe("办公室改过的标题");
    const rows = await ctx.database.query<{ n: number }>(sql`select count(*)::int as n from bulletins`);
    expect(rows[0]?.n).toBe(1);
    expect(d.outbox.items).toHaveLength(2); // the same keys twice: one card, one file
  });

  it("does not announce a bulletin already published; without an office chat, tells each office member", async () => {
    await loadWuhan(ctx.database);
    const d = drafter();
    const own = await d.status.draftBulletin(WUHAN_ID, "half", "2022-H1", "ou_office");
    if (!own.ok) throw new Error(own.text);
    await d.bulletins.publish(own.record.id, "ou_office", now);
    await d.port.draftBulletin(input("half", "2022-H1"));
    expect(d.outbox.items).toEqual([]);

    await d.port.draftBulletin(
      input("quarter", "2022-Q3", {
        office: {
          chatId: null,
          members: [
            { tag: "m4", openId: "ou_o1", name: "" },
            { tag: "a1x", openId: "ou_o2", name: "" },
          ],
        },
      }),
    );
    expect(d.outbox.items.map((i) => [i.key, i.kind === "send" ? i.to : null])).toEqual([
      [`bulletin:${WUHAN_ID}:quarter:2022-Q3:m4`, { openId: "ou_o1" }],
      [`bulletin:${WUHAN_ID}:quarter:2022-Q3:a1x`, { openId: "ou_o2" }],
      [`bulletin:${WUHAN_ID}:quarter:2022-Q3:m4:file`, { openId: "ou_o1" }],
      [`bulletin:${WUHAN_ID}:quarter:2022-Q3:a1x:file`, { openId: "ou_o2" }],
    ]);
  });
});
