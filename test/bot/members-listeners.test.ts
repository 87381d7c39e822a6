import { expect, it } from "vitest";
import { wuhanPlan } from "../fixtures/wuhan-units";
import { describeDb } from "../helpers/db";
import { cardsOf, cardText, createScenario, OFFICE, person } from "../helpers/members-scenario";

const PLAN = "wuhan-2022-proposal-1";
const HU = person("ou_hu", "胡军");
const ZHANG = person("ou_zhang", "张三");
const LI = person("ou_li", "李四");

describeDb("membership listeners", (ctx) => {
  async function setup() {
    const s = await createScenario(ctx, { plans: [wuhanPlan()] });
    await s.seedChat(PLAN, [OFFICE, ZHANG, LI]);
    return s;
  }

  it("a newcomer on the roster is proposed to the office on a small card; confirming applies it once", async () => {
    const s = await setup();
    const joined = await s.usersAdded([HU, person("ou_x", "路人甲")]);
    expect((await s.deps.members.chatMembers(s.chatId)).map((m) => m.name)).toContain("路人甲");
    const cards = cardsOf(joined.items);
    expect(cards.map((c) => c.template)).toEqual(["member-proposal"]);
    expect(cardText(cards[0])).toContain("胡军");
    // 胡军 is 市科技局副局长 on the roster: a head of the unit reads progress, the liaison slot stays open.
    expect(cardText(cards[0])).toContain("市科技局 领导");
    expect(cardText(cards[0])).not.toContain("联络员");
    const confirm = cards[0]?.data.confirmValue as Record<string, unknown>;
    const refused = await s.click(ZHANG, confirm);
    expect(refused.result.toast?.content).toContain("仅限办公室");
    const ok = await s.click(OFFICE, confirm);
    expect(ok.result.toast).toEqual({ type: "success", content: "已确认。" });
    const twice = await s.click(OFFICE, confirm);
    expect(twice.result.toast?.content).toContain("已确认过");
    expect(await s.roles(PLAN)).toEqual(["胡军:leader"]);
    const ignored = await s.click(OFFICE, cards[0]?.data.ignoreValue as Record<string, unknown>);
    expect(cardText(ignored.result.card)).toContain("已忽略");
  });

  it("when a liaison leaves, the role goes and the office hears which unit has none (and who could step up)", async () => {
    const s = await setup();
    await s.say(OFFICE, "/bind @张三 市经信局", { mentions: [ZHANG] });
    await s.say(OFFICE, "/bind @李四 市经信局", { mentions: [LI] });
    const left = await s.usersRemoved([ZHANG], "withdrawn");
    expect(await s.roles(PLAN)).toEqual(["李四:deputy@市经信局"]);
    const notice = cardsOf(left.items)[0];
    expect(left.items[0]).toMatchObject({ kind: "send", to: { chatId: s.chatId }, purpose: "office" });
    expect(cardText(notice)).toContain("市经信局：联络员 张三 已退出本群，该单位现无联络员");
    expect(cardText(notice)).toContain("/bind @李四 市经信局 联络员");
    const log = await s.deps.audit.list(PLAN, { limit: 1, offset: 0 });
    expect(log.entries[0]).toMatchObject({
      actor: "system",
      action: "unbind",
      before: { reason: "left_chat" },
    });
    const audit = await s.say(OFFICE, "/audit");
    expect(cardText(audit.cards[0])).toContain("系统 · 解除 张三 市经信局 联络员（退群）");
  });

  it("someone still in another chat of the plan keeps their role", async () => {
    const s = await setup();
    await s.seedChat(PLAN, [OFFICE, ZHANG], "oc_second");
    await s.say(OFFICE, "/bind @张三 市经信局", { mentions: [ZHANG] });
    const left = await s.usersRemoved([ZHANG], "deleted");
    expect(left.items).toEqual([]);
    expect(await s.roles(PLAN)).toEqual(["张三:liaison@市经信局"]);
  });

  it("a disbanded chat drops its liaisons and tells the office directly", async () => {
    const s = await setup();
    await s.say(OFFICE, "/bind @张三 江岸区", { mentions: [ZHANG] });
    const gone = await s.disband();
    expect(await s.roles(PLAN)).toEqual([]);
    expect(gone.items).toHaveLength(1);
    expect(gone.items[0]).toMatchObject({ kind: "send", to: { openId: OFFICE.openId } });
    expect(cardText(cardsOf(gone.items)[0])).toContain(
      "江岸区人民政府：联络员 张三 所在群「1号议案办理工作群」已解散",
    );
    expect(await s.deps.members.chatsOfPlan(PLAN)).toEqual([]);
  });

  it("when the bot is removed, the chat is no longer live; roles stay and the office is told", async () => {
    const s = await setup();
    await s.say(OFFICE, "/bind @张三 江岸区", { mentions: [ZHANG] });
    const kicked = await s.botRemoved();
    expect(await s.roles(PLAN)).toEqual(["张三:liaison@江岸区人民政府"]);
    expect(kicked.items[0]).toMatchObject({ kind: "send", to: { openId: OFFICE.openId } });
    expect(cardText(cardsOf(kicked.items)[0])).toContain("已被移出群");
    // Re-adding the bot brings the chat back with its plan.
    const back = await s.botAdded(OFFICE);
    expect(cardsOf(back.items)[0]?.template).toBe("mapping");
    expect((await s.deps.members.chatsOfPlan(PLAN)).map((c) => c.chatId)).toEqual([s.chatId]);
  });
});
