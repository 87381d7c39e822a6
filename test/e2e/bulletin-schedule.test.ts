import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE } from "./harness";
import { CHAT, CHAT2, seedOffice, until } from "./office-seed";

/** The schedule's quarterly 通报 end to end: the tick drafts it for the office; 发布 posts it where chosen. */
describeDb(
  "e2e: the schedule's bulletin draft through the runtime's scheduler and the fake Feishu",
  (ctx) => {
    let e: E2E | undefined;
    afterEach(async () => {
      await e?.close();
      e = undefined;
    });

    it("the schedule drafts the quarter's bulletin once, to the office only; 发布 to the work group posts it there", async () => {
      const x = await seedOffice(ctx, (started) => {
        e = started;
      });
      // The June round was due on Friday 24th: the Q2 draft is due one working day later, Monday 27th 10:00.
      x.at("2022-06-27T03:30:00Z");
      const before = x.fake.sent().length;
      const result = await x.rt.scheduler.tick(x.clock.at);
      expect(result.errors).toEqual([]);
      await x.settle();
      const drafts = () =>
        x.fake
          .sent()
          .slice(before)
          .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("第二季度通报"));
      const files = () =>
        x.fake
          .sent()
          .slice(before)
          .filter((m) => m.msgType === "file");
      // The tick also sends its own overdue nudges and notices: under the rate limits they take seconds.
      await until(x, () => drafts().length > 0 && files().length > 0, 120);
      // The work group (liaisons are in it, though it is the plan's first chat) hears nothing of the draft: the
      // office member gets the preview and the .docx privately.
      expect(drafts().map((m) => [m.chatType, m.chatId === CHAT])).toEqual([["p2p", false]]);
      expect(files().map((m) => m.chatType)).toEqual(["p2p"]);
      const msg = drafts()[0];
      const card = x.fake.cardOf(msg?.messageId ?? "");
      expect(cardShown(card)).toContain("草稿");

      // A second tick (a replay, another instance) drafts and sends nothing new.
      await x.rt.scheduler.tick(new Date(x.clock.at.getTime() + 60_000));
      await x.settle();
      expect(drafts()).toHaveLength(1);
      expect(await ctx.database.query(sql`select id from bulletins`)).toHaveLength(1);

      const on = { messageId: msg?.messageId ?? "", chatId: msg?.chatId ?? "" };
      const choice = await x.click(OFFICE, cardButton(card, "发布").value, on);
      const published = await x.click(
        OFFICE,
        cardButton(choice.card, "发布到工作群「1号议案办理工作群」").value,
        on,
      );
      expect(published.toast?.type, published.toast?.content).toBe("success");
      await until(
        x,
        async () =>
          (await ctx.database.query(sql`select id from outbox where state = 'pending'`)).length === 0,
      );
      const posted = (chatId: string) =>
        x.fake
          .sent({ chatId })
          .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("已发布"));
      expect(posted(CHAT)).toHaveLength(1);
      expect(posted(CHAT2)).toHaveLength(0);
    });
  },
);
