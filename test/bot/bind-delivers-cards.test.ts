import { expect, it } from "vitest";
import type { OutboxItem } from "../../src/outbox/ports";
import { describeDb } from "../helpers/db";
import { cardsOf, cardText, createScenario, OFFICE, person } from "../helpers/members-scenario";

const ZHANG = person("ou_zhang", "张三");
const LI = person("ou_li", "李四");
const WANG = person("ou_wang", "王五");

/** Overview cards (of open rounds) queued for a person among outbox items. */
const overviewsTo = (items: OutboxItem[], openId: string) =>
  items.filter(
    (i) =>
      i.kind === "send" &&
      i.purpose === "overview" &&
      "openId" in i.to &&
      i.to.openId === openId &&
      i.message.type === "card",
  );

describeDb("binding a liaison delivers the cards of the open rounds", (ctx) => {
  async function withOpenRound() {
    const s = await createScenario(ctx);
    await s.seedChat("small-plan", [OFFICE, ZHANG, LI, WANG]);
    const opened = await s.say(OFFICE, "/round open monthly 2022-06");
    expect(opened.texts[0]).toContain("已开启「2022年6月 月调度」");
    expect(opened.texts[0]).toContain("尚未绑定联络员");
    return s;
  }

  it("/bind by oneself: the new liaison gets the unit's overview card at once, and only once", async () => {
    const s = await withOpenRound();
    const bound = await s.say(ZHANG, "/bind 市科技局");
    expect(bound.texts).toEqual(["已将您设为 市科技局 联络员。"]);
    const [card] = overviewsTo(bound.items, ZHANG.openId);
    expect(card).toMatchObject({ key: expect.stringMatching(/^overview:\d+:\d+:ou_zhang$/) });
    const shown = cardText(
      card?.kind === "send" && card.message.type === "card" ? card.message.card : undefined,
    );
    expect(shown).toContain("市科技局 · 2022年6月 月调度");
    expect(shown).toContain("待报送");
    expect(shown).toContain("填报");
    // Saying it again changes nothing and sends no second card; nor does reopening the round by command.
    const again = await s.say(ZHANG, "/bind 市科技局");
    expect(overviewsTo(again.items, ZHANG.openId)).toEqual([]);
    const reopened = await s.say(OFFICE, "/round open monthly 2022-06");
    expect(overviewsTo(reopened.items, ZHANG.openId)).toEqual([]);
  });

  it("the office's /bind @someone, and its approval of a bind request, deliver to the person bound", async () => {
    const s = await withOpenRound();
    const byOffice = await s.say(OFFICE, "/bind @李四 市经信局", { mentions: [LI] });
    expect(byOffice.texts[0]).toContain("李四");
    expect(overviewsTo(byOffice.items, LI.openId)).toHaveLength(1);

    // 王五 asks for the same unit: the office approves him as deputy from the request card.
    const asked = await s.say(WANG, "/bind 市经信局");
    expect(overviewsTo(asked.items, WANG.openId)).toEqual([]); // only a request so far
    const request = cardsOf(asked.items)[0];
    const value = { ...(request?.data.deputyValue as Record<string, unknown>), decision: "deputy" };
    const approved = await s.click(OFFICE, value);
    expect(approved.result.toast?.type).toBe("success");
    expect(overviewsTo(approved.items, WANG.openId)).toHaveLength(1);
    expect(overviewsTo(approved.items, LI.openId)).toEqual([]); // the liaison has hers already
  });

  it("a binding made before any round is open sends nothing", async () => {
    const s = await createScenario(ctx);
    await s.seedChat("small-plan", [OFFICE, ZHANG]);
    const bound = await s.say(ZHANG, "/bind 市科技局");
    expect(bound.items.filter((i) => i.purpose === "overview")).toEqual([]);
  });
});
