import { expect, it } from "vitest";
import { createBotDeps } from "../../../src/compose";
import { members } from "../../../src/db/schema";
import { silentLogger } from "../../../src/log";
import { createBulletinDrafter } from "../../../src/services/bulletin/drafter";
import { createMemoryOutbox } from "../../fakes/memory-outbox";
import { describeDb } from "../../helpers/db";
import { cst, seedQ2 } from "../../helpers/status-scenario";

describeDb("the schedule's bulletin drafter", (ctx) => {
  async function setup(officeChat: boolean) {
    await seedQ2(ctx.database);
    const outbox = createMemoryOutbox();
    const now = new Date(cst("2022-06-27", "10:00"));
    const deps = createBotDeps({
      database: ctx.database,
      outbox,
      messenger: undefined,
      clock: { now: () => now },
      logger: silentLogger,
      timezone: "Asia/Shanghai",
      admins: ["ou_admin"],
    });
    await ctx.database.db
      .insert(members)
      .values({ planId: "wuhan-test", openId: "ou_office", name: "王主任", role: "office" });
    if (officeChat) {
      await deps.members.saveChat({ chatId: "oc_office", name: "办公室", chatType: "group" }, now);
      await deps.access.bindChat("oc_office", "wuhan-test", "group");
    }
    const drafter = createBulletinDrafter({
      status: deps.status,
      members: deps.members,
      outbox,
      admins: ["ou_admin"],
    });
    const input = {
      planId: "wuhan-test",
      kind: "quarter" as const,
      period: "2022-Q2",
      title: "2022年第二季度 工作通报",
      collectionIds: [],
      now,
      outboxKey: "bulletin:wuhan-test:quarter:2022-Q2",
    };
    return { deps, outbox, drafter, input };
  }

  it("drafts once and sends the draft card to the office chat under the tick's key", async () => {
    const { deps, outbox, drafter, input } = await setup(true);
    const first = await drafter.draftBulletin(input);
    const again = await drafter.draftBulletin(input);
    expect(again.bulletinId).toBe(first.bulletinId);
    expect(outbox.items).toHaveLength(1);
    const [item] = outbox.items;
    expect(item?.kind === "send" && item.to).toEqual({ chatId: "oc_office" });
    expect(item?.key).toBe(input.outboxKey);
    const record = await deps.status.getBulletin(Number(first.bulletinId));
    expect(record).toMatchObject({ state: "draft", createdBy: "schedule", period: "2022-Q2" });
  });

  it("without an office chat, sends it to each office member; a published bulletin is not sent again", async () => {
    const { deps, outbox, drafter, input } = await setup(false);
    const { bulletinId } = await drafter.draftBulletin(input);
    const to = outbox.items.map((i) => (i.kind === "send" && "openId" in i.to ? i.to.openId : ""));
    expect(to.sort()).toEqual(["ou_admin", "ou_office"]);
    await deps.status.publishBulletin(Number(bulletinId), "ou_office");
    const later = await drafter.draftBulletin({ ...input, outboxKey: "bulletin:again" });
    expect(later.bulletinId).toBe(bulletinId);
    expect(outbox.items).toHaveLength(2);
  });
});
