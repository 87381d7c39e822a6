import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { cardButtons, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText, startE2E } from "./harness";
import { loadWuhan, WUHAN_ID } from "./plan";
import { local } from "./schedule-setup";

const CHAT = "oc_e2e_group";
const HU: Person = { openId: "ou_hu0000000000000000000000000000001", name: "胡军" }; // 市科技局 liaison
const ZHOU: Person = { openId: "ou_zhou000000000000000000000000000001", name: "周敏" }; // 市科技局 deputy
const JUNE = "2022年6月 月调度";
const EXPIRED = "此卡片已超过14天，已重新发送最新卡片，请在新卡片中操作。";

describeDb(
  "e2e: overview cards past Feishu's 14 days are replaced, and the old ones change nothing",
  (ctx) => {
    let e: E2E | undefined;
    afterEach(async () => {
      await e?.close();
      e = undefined;
    });

    const reportCount = async () =>
      Number((await ctx.database.query<{ n: number }>(sql`select count(*)::int as n from reports`))[0]?.n);

    function overviews(p: Person): FakeMessage[] {
      if (!e) throw new Error("not started");
      return e.fake
        .sent({ openId: p.openId, msgType: "interactive" })
        .filter(
          (m) => cardShown(m.card).includes(JUNE) && cardButtons(m.card).some((b) => b.label === "填报"),
        );
    }

    /** Opens the form from a card and submits it, clicking on that card's message. */
    async function report(p: Person, card: FakeMessage, progress: string) {
      if (!e) throw new Error("not started");
      const [fill] = cardButtons(e.fake.cardOf(card.messageId)).filter((b) => b.label === "填报");
      if (!fill) throw new Error("no 填报 button");
      const opened = await e.click(p, fill.value, { messageId: card.messageId });
      const submit = opened.card ? cardButtons(opened.card).find((b) => b.submit) : undefined;
      // The submit a person could still send from a form opened before the card expired.
      const value = submit?.value ?? { action: "report_submit", requestId: fill.value.requestId, seen: 0 };
      const sent = await e.click(p, value, {
        messageId: card.messageId,
        formValue: { status: "in_progress", progress },
      });
      return { opened, sent };
    }

    async function setup(): Promise<E2E> {
      const x = await startE2E(ctx);
      e = x;
      await loadWuhan(ctx.database);
      x.fake.addChat(CHAT, [OFFICE, HU, ZHOU], "1号议案办理工作群");
      await x.deliver(
        x.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
      );
      for (const [who, text] of [
        [HU, "/bind @胡军 市科技局"],
        [ZHOU, "/bind @周敏 市科技局 副联络员"],
      ] as const) {
        const r = await x.say(OFFICE, text, { mentions: [who] });
        expect(r.sent.map(shownText).join(), text).toContain(`已将 ${who.name} 设为`);
      }
      x.at("2022-06-20T02:00:00Z");
      const opened = await x.say(OFFICE, "/round open monthly 2022-06");
      expect(opened.sent.map(shownText).join()).toContain(`已开启「${JUNE}」`);
      expect(overviews(HU)).toHaveLength(1);
      return x;
    }

    it("a round reopened 20 days after it opened sends a fresh card; the old card answers with a toast and writes nothing", async () => {
      const x = await setup();
      const [old] = overviews(HU);
      if (!old) throw new Error("no card");

      x.at("2022-07-10T02:00:00Z");
      const reopened = await x.say(OFFICE, "/round reopen 市科技局 monthly 2022-06 2022-07-20");
      expect(reopened.sent.map(shownText).join()).toContain("已为「市科技局」重新开放");
      const fresh = overviews(HU).at(-1);
      if (!fresh || fresh.messageId === old.messageId) throw new Error("no fresh card");

      const before = await reportCount();
      const stale = await report(HU, old, "在旧卡片上填写");
      expect(stale.opened.toast?.content).toBe(EXPIRED);
      expect(stale.opened.card).toBeUndefined();
      expect(stale.sent.toast?.content).toBe(EXPIRED);
      expect(await reportCount()).toBe(before);

      const ok = await report(HU, fresh, "在新卡片上填写");
      expect(ok.sent.toast?.type).toBe("success");
      expect(await reportCount()).toBe(before + 1);
    });

    it("the tick re-sends a card of a round still open a day before its 14 days, once; the replaced card is superseded", async () => {
      const x = await setup();
      x.at("2022-06-28T02:00:00Z");
      await x.say(OFFICE, "/round reopen 市科技局 monthly 2022-06 2022-07-31");
      const reopenedCard = overviews(HU).at(-1);
      if (!reopenedCard) throw new Error("no reopened card");
      const cardsBefore = overviews(HU).length + overviews(ZHOU).length;

      // Twelve days on nothing is due; thirteen days on both contacts get a fresh card, and a second tick adds none.
      for (const [when, added] of [
        ["2022-07-10T02:00:00Z", 0],
        ["2022-07-11T03:00:00Z", 2],
        ["2022-07-11T04:00:00Z", 2],
      ] as const) {
        x.at(when);
        const r = await x.rt.scheduler.tick(new Date(when));
        expect(r.errors).toEqual([]);
        await x.settle();
        expect(overviews(HU).length + overviews(ZHOU).length - cardsBefore, when).toBe(added);
      }
      const fresh = overviews(HU).at(-1);
      if (!fresh || fresh.messageId === reopenedCard.messageId) throw new Error("no refreshed card");

      // The replaced card, not yet 14 days old, points at the new one; the new one works.
      const before = await reportCount();
      const stale = await report(HU, reopenedCard, "旧卡片");
      expect(stale.opened.toast?.content).toContain("已被新卡片取代");
      expect(await reportCount()).toBe(before);
      const ok = await report(HU, fresh, "新卡片");
      expect(ok.sent.toast?.type).toBe("success");
      expect(await reportCount()).toBe(before + 1);
    });

    /** The office reopens June's round for 市科技局 at a local time (Asia/Shanghai): both contacts get a card then. */
    async function reopenAt(x: E2E, when: string) {
      x.at(local(when));
      const r = await x.say(OFFICE, "/round reopen 市科技局 monthly 2022-06 2022-07-31");
      expect(r.sent.map(shownText).join()).toContain("已为「市科技局」重新开放");
    }

    /** A tick at an instant: how many fresh cards its dry run lists, and how many reach the two contacts. */
    async function tickAt(x: E2E, at: Date) {
      x.at(at);
      const dry = await x.rt.scheduler.tick(at, { dryRun: true });
      const before = overviews(HU).length + overviews(ZHOU).length;
      const r = await x.rt.scheduler.tick(at);
      expect(r.errors).toEqual([]);
      await x.settle();
      const listed = (dry.planned ?? []).filter((l) => l.type === "overview").length;
      return { listed, sent: overviews(HU).length + overviews(ZHOU).length - before };
    }

    /** Each tick's [local time, cards the dry run lists, cards sent]. */
    async function walk(x: E2E, times: readonly string[], at = local) {
      const seen: Array<[string, number, number]> = [];
      for (const when of times) {
        const r = await tickAt(x, at(when));
        seen.push([when, r.listed, r.sent]);
      }
      return seen;
    }

    it("a card that ages in the evening is re-sent at the next tick in working time, not at 22:00 nor at 08:30, once", async () => {
      const x = await setup();
      // Tuesday 20:00: the cards turn 13 days old on Monday 11 July at 20:00.
      await reopenAt(x, "2022-06-28T20:00");
      expect(
        await walk(x, [
          "2022-07-11T10:00",
          "2022-07-11T22:00",
          "2022-07-12T08:30",
          "2022-07-12T09:45",
          "2022-07-12T11:00",
          "2022-07-13T10:00",
        ]),
      ).toEqual([
        ["2022-07-11T10:00", 0, 0],
        ["2022-07-11T22:00", 0, 0],
        ["2022-07-12T08:30", 0, 0],
        ["2022-07-12T09:45", 2, 2],
        ["2022-07-12T11:00", 0, 0],
        ["2022-07-13T10:00", 0, 0],
      ]);
    });

    it("a card that ages on a Saturday is re-sent on Monday morning, not on the weekend", async () => {
      const x = await setup();
      // Sunday 26 June: the cards turn 13 days old on Saturday 9 July at 10:00.
      await reopenAt(x, "2022-06-26T10:00");
      expect(
        await walk(x, ["2022-07-09T11:00", "2022-07-10T15:00", "2022-07-11T09:45", "2022-07-11T15:00"]),
      ).toEqual([
        ["2022-07-09T11:00", 0, 0],
        ["2022-07-10T15:00", 0, 0],
        ["2022-07-11T09:45", 2, 2],
        ["2022-07-11T15:00", 0, 0],
      ]);
    });

    it("the plan's own time zone decides working time, not DUBAN_TIMEZONE", async () => {
      const x = await setup();
      await reopenAt(x, "2022-06-28T10:00");
      await ctx.database.query(sql`update plans set timezone = 'Europe/London' where id = ${WUHAN_ID}`);
      // Monday 11 July: 10:30 in Shanghai is 03:30 in London; 09:30 and 17:30 in London are working time there.
      const utc = (s: string) => new Date(`${s}:00Z`);
      expect(await walk(x, ["2022-07-11T02:30", "2022-07-11T08:30", "2022-07-11T16:30"], utc)).toEqual([
        ["2022-07-11T02:30", 0, 0],
        ["2022-07-11T08:30", 2, 2],
        ["2022-07-11T16:30", 0, 0],
      ]);
    });

    it("a plan whose schedule is disabled gets no fresh card from the tick, nor any other message", async () => {
      const x = await setup();
      await reopenAt(x, "2022-06-28T10:00");
      await ctx.database.query(
        sql`update plans set settings = coalesce(settings, '{}'::jsonb) || '{"schedule":{"enabled":false}}'::jsonb
          where id = ${WUHAN_ID}`,
      );
      const before = x.fake.sent().length;
      expect(await walk(x, ["2022-07-11T10:30", "2022-07-12T10:00"])).toEqual([
        ["2022-07-11T10:30", 0, 0],
        ["2022-07-12T10:00", 0, 0],
      ]);
      expect(x.fake.sent().slice(before)).toEqual([]);
    });

    it("a refresh whose tick stopped before recording it is recorded by the next tick, and not sent again the next day", async () => {
      const x = await setup();
      await reopenAt(x, "2022-06-28T10:00");
      const cards = sql`select recipient, outbox_key as key from unit_cards order by recipient`;
      const reopened = await ctx.database.query<{ recipient: string; key: string }>(cards);
      expect(await walk(x, ["2022-07-11T10:30"])).toEqual([["2022-07-11T10:30", 2, 2]]);
      // As if that tick had stopped after enqueueing the fresh cards and before pointing unit_cards at them.
      for (const c of reopened)
        await ctx.database.query(
          sql`update unit_cards set outbox_key = ${c.key} where recipient = ${c.recipient}`,
        );
      expect(await walk(x, ["2022-07-11T10:35", "2022-07-12T10:00", "2022-07-13T10:00"])).toEqual([
        ["2022-07-11T10:35", 0, 0],
        ["2022-07-12T10:00", 0, 0],
        ["2022-07-13T10:00", 0, 0],
      ]);
      expect((await ctx.database.query<{ key: string }>(cards)).map((c) => c.key)).toEqual(
        reopened.map((c) => c.key.replace(/^reopen:\d+:/, "refresh:20220711:")),
      );
    });
  },
);
