import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE } from "./harness";
import { CHAT, CHAT2, seedOffice, until } from "./office-seed";

/** The schedule's quarterly 通报 end to end: the tick drafts it into the office chat; 发布 there posts it. */
describeDb(
  "e2e: the schedule's bulletin draft through the runtime's scheduler and the fake Feishu",
  (ctx) => {
    let e: E2E | undefined;
    afterEach(async () => {
      await e?.close();
      e = undefined;
    });

    it("the schedule drafts the quarter's bulletin once, to the office only; 发布 there posts it to every group", async () => {
      const x = await seedOffice(ctx, (started) => {
        e = started;
      });
      // The June round was due on Friday 24th: the Q2 draft is due one working day later, Monday 27th 10:00.
      x.at("2022-06-27T03:30:00Z");
      const before = x.fake.sent({ openId: OFFICE.openId }).length;
      const result = await x.rt.scheduler.tick(x.clock.at);
      expect(result.errors).toEqual([]);
      await x.settle();
      // The office chat here is also the work group: the draft goes to the office member directly.
      const drafts = () =>
        x.fake
          .sent({ openId: OFFICE.openId })
          .slice(before)
          .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("第二季度通报"));
      // The tick also sends its own overdue nudges and notices: under the group's rate limit they take seconds.
      await until(x, () => drafts().length > 0, 120);
      expect(drafts()).toHaveLength(1);
      for (const chatId of [CHAT, CHAT2])
        expect(
          x.fake
            .sent({ chatId })
            .filter((m) => m.card !== undefined && cardShown(m.card).includes("第二季度通报")),
        ).toEqual([]);
      const msg = drafts()[0];
      const card = x.fake.cardOf(msg?.messageId ?? "");
      expect(cardShown(card)).toContain("草稿");

      // A second tick (a replay, another instance) drafts and sends nothing new.
      await x.rt.scheduler.tick(new Date(x.clock.at.getTime() + 60_000));
      await x.settle();
      expect(drafts()).toHaveLength(1);
      expect(await ctx.database.query(sql`select id from bulletins`)).toHaveLength(1);

      const published = await x.click(OFFICE, cardButton(card, "发布").value, { messageId: msg?.messageId });
      expect(published.toast?.type).toBe("success");
      await until(
        x,
        async () =>
          (await ctx.database.query(sql`select id from outbox where state = 'pending'`)).length === 0,
      );
      for (const chatId of [CHAT, CHAT2])
        expect(
          x.fake
            .sent({ chatId })
            .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("已发布")),
          chatId,
        ).toHaveLength(1);
    });
  },
);
