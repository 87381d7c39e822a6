import { expect, it } from "vitest";
import { describeDb } from "../helpers/db";
import { cardsOf, cardText, createScenario, OFFICE, person } from "../helpers/members-scenario";

const ZHANG = person("ou_zhang", "张三");
const LI = person("ou_li", "李四");
const WANG = person("ou_wang", "王五");
const BOT = person("ou_otherbot", "天气机器人");

describeDb("member commands", (ctx) => {
  async function setup() {
    const s = await createScenario(ctx);
    await s.seedChat("small-plan", [OFFICE, ZHANG, LI, WANG]);
    return s;
  }

  it("/bind for oneself is granted at once when the unit has no liaison", async () => {
    const s = await setup();
    const r = await s.say(ZHANG, "/绑定 经信局");
    expect(r.texts).toEqual(["已将您设为 市经信局 联络员。"]);
    expect(await s.roles()).toEqual(["张三:liaison@市经信局"]);
    const again = await s.say(ZHANG, "/bind 市经信局");
    expect(again.texts[0]).toContain("已是 市经信局 联络员");
  });

  it("/bind for a unit with a liaison goes to the office, who decides once on a card", async () => {
    const s = await setup();
    await s.say(ZHANG, "/bind 市经信局");
    const asked = await s.say(LI, "/bind 市经信局");
    expect(asked.texts[0]).toContain("已有联络员 张三");
    expect(asked.texts[0]).toContain("已提交办公室审批");
    const card = asked.cards[0];
    expect(card?.template).toBe("bind-request");
    expect(cardText(card)).toContain("李四");
    const dup = await s.say(LI, "/bind 市经信局");
    expect(dup.texts[0]).toContain("等待办公室审批");
    expect(dup.cards).toEqual([]);

    const value = (decision: string) => ({
      ...(card?.data.deputyValue as Record<string, unknown>),
      decision,
    });
    const byMember = await s.click(WANG, value("deputy"));
    expect(byMember.result.toast?.content).toContain("仅限办公室");
    expect(await s.roles()).toEqual(["张三:liaison@市经信局"]);

    const ok = await s.click(OFFICE, value("deputy"));
    expect(ok.result.toast?.type).toBe("success");
    expect(cardText(ok.result.card)).toContain("已将 李四 设为 市经信局 副联络员");
    const reply = ok.items.find((i) => i.kind === "reply");
    expect(reply).toMatchObject({ kind: "reply", message: { type: "text" } });
    expect(await s.roles()).toEqual(["张三:liaison@市经信局", "李四:deputy@市经信局"]);

    const twice = await s.click(OFFICE, value("replace"));
    expect(twice.result.toast?.type).toBe("warning");
    expect(twice.result.toast?.content).toContain("已由");
    expect(await s.roles()).toEqual(["张三:liaison@市经信局", "李四:deputy@市经信局"]);
  });

  it("the office can approve a request as a replacement, or reject it", async () => {
    const s = await setup();
    await s.say(ZHANG, "/bind 市经信局");
    const asked = await s.say(LI, "/bind 市经信局");
    const base = asked.cards[0]?.data.replaceValue as Record<string, unknown>;
    const done = await s.click(OFFICE, base);
    expect(cardText(done.result.card)).toContain("已将 李四 设为 市经信局 联络员");
    expect(await s.roles()).toEqual(["李四:liaison@市经信局"]);

    const again = await s.say(WANG, "/bind 市经信局 副联络员");
    const reject = again.cards[0]?.data.rejectValue as Record<string, unknown>;
    const no = await s.click(OFFICE, reject);
    expect(cardText(no.result.card)).toContain("未批准 王五 绑定 市经信局");
    expect(no.items.some((i) => i.kind === "reply")).toBe(true);
    expect(await s.roles()).toEqual(["李四:liaison@市经信局"]);
  });

  it("the office binds others directly: liaison when free, deputy when taken, replacing when asked", async () => {
    const s = await setup();
    expect((await s.say(OFFICE, "/bind @张三 市经信局", { mentions: [ZHANG] })).texts[0]).toBe(
      "已将 张三 设为 市经信局 联络员。",
    );
    expect((await s.say(OFFICE, "/bind @李四 市经信局", { mentions: [LI] })).texts[0]).toBe(
      "已将 李四 设为 市经信局 副联络员。",
    );
    const swap = await s.say(OFFICE, "/bind @李四 市经信局 联络员", { mentions: [LI] });
    expect(swap.texts[0]).toContain("原联络员 张三 已不再担任");
    expect(await s.roles()).toEqual(["李四:liaison@市经信局"]);
    const back = await s.say(OFFICE, "/bind @李四 市经信局 deputy", { mentions: [LI] });
    expect(back.texts[0]).toContain("（原为联络员）");
  });

  it("refuses unknown, ambiguous and group units with the closest candidates", async () => {
    const s = await setup();
    expect((await s.say(ZHANG, "/bind 市科技厅")).texts[0]).toBe(
      "没有名为「市科技厅」的单位。您是不是要找：市科技局？",
    );
    expect((await s.say(ZHANG, "/bind 市")).texts[0]).toContain("对应多个单位：市经信局、市科技局");
    expect((await s.say(ZHANG, "/bind 各区人民政府")).texts[0]).toBe(
      "「各区人民政府」是单位组，不能直接绑定。请指定其中的单位：江岸区人民政府、江汉区人民政府。",
    );
    expect((await s.say(ZHANG, "/bind")).texts[0]).toContain("请给出单位名称");
    expect(await s.roles()).toEqual([]);
  });

  it("refuses to bind a bot or someone not in the chat, after checking Feishu for a fresh list", async () => {
    const s = await setup();
    const calls = s.directory.calls.listChatMembers;
    const bot = await s.say(OFFICE, "/bind @天气机器人 市经信局", { mentions: [BOT] });
    expect(bot.texts[0]).toBe("「@天气机器人」不是本群成员（机器人也不能绑定），未做任何更改。");
    expect(s.directory.calls.listChatMembers).toBe(calls + 1);
    const typed = await s.say(OFFICE, "/bind @赵六 市经信局");
    expect(typed.texts[0]).toContain("不是有效的 @提及");
    // A newcomer Feishu knows about but our list missed is found by the refresh.
    const newcomer = person("ou_new", "新同事");
    s.directory.add(s.chatId, newcomer);
    const ok = await s.say(OFFICE, "/bind @新同事 市科技局", { mentions: [newcomer] });
    expect(ok.texts[0]).toBe("已将 新同事 设为 市科技局 联络员。");
    expect(await s.roles()).toEqual(["新同事:liaison@市科技局"]);
  });

  it("/unbind: oneself, or others by the office only; the last office member stays", async () => {
    const s = await setup();
    await s.say(OFFICE, "/bind @张三 市经信局", { mentions: [ZHANG] });
    await s.say(OFFICE, "/bind @张三 江岸区", { mentions: [ZHANG] });
    const refused = await s.say(LI, "/unbind @张三", { mentions: [ZHANG] });
    expect(refused.texts[0]).toContain("仅限办公室");
    const one = await s.say(ZHANG, "/解绑 江岸区");
    expect(one.texts[0]).toBe("已解除您的 江岸区人民政府 联络员。 江岸区人民政府 现无联络员。");
    const told = one.cards[0];
    expect(cardText(told)).toContain("江岸区人民政府 现无联络员");
    const rest = await s.say(OFFICE, "/unbind @张三", { mentions: [ZHANG] });
    expect(rest.texts[0]).toContain("已解除 张三 的 市经信局 联络员");
    expect(await s.roles()).toEqual([]);
    expect((await s.say(ZHANG, "/unbind")).texts[0]).toBe("您没有绑定任何单位，无需解除。");

    await s.say(OFFICE, "/grant @李四 office", { mentions: [LI] });
    const t = await createScenario(ctx, { admins: [], chatId: "oc_solo" });
    await t.seedChat("small-plan", [LI, ZHANG], "oc_solo");
    await t.say(LI, "/unbind office", { chatId: "oc_solo" });
    expect((await t.say(LI, "/unbind office", { chatId: "oc_solo" })).texts[0]).toContain(
      "至少需要保留一名办公室成员",
    );
  });

  it("/grant makes office and leader members; they then pass the office checks", async () => {
    const s = await setup();
    expect((await s.say(ZHANG, "/audit")).texts[0]).toContain("仅限办公室");
    expect((await s.say(LI, "/grant @张三 office", { mentions: [ZHANG] })).texts[0]).toContain("仅限办公室");
    expect((await s.say(OFFICE, "/grant @张三 办公室", { mentions: [ZHANG] })).texts[0]).toBe(
      "已授予 张三 办公室身份。",
    );
    expect((await s.say(OFFICE, "/grant @张三 office", { mentions: [ZHANG] })).texts[0]).toContain(
      "无需变更",
    );
    expect((await s.say(ZHANG, "/audit")).cards[0]?.template).toBe("audit");
    expect((await s.say(OFFICE, "/grant @天气机器人 leader", { mentions: [BOT] })).texts[0]).toContain(
      "不是本群成员",
    );
    expect((await s.say(OFFICE, "/grant @李四 liaison", { mentions: [LI] })).texts[0]).toContain("/bind");
    expect((await s.say(OFFICE, "/bind @李四 市经信局 office", { mentions: [LI] })).texts[0]).toContain(
      "/grant",
    );
    const whoami = await s.say(ZHANG, "/whoami");
    expect(whoami.texts[0]).toContain("您的身份：办公室");
  });

  it("/units counts the gaps first; /who names who speaks for a unit or a group's units", async () => {
    const s = await setup();
    await s.say(OFFICE, "/bind @张三 市经信局", { mentions: [ZHANG] });
    await s.say(OFFICE, "/bind @李四 市经信局", { mentions: [LI] });
    const units = await s.say(WANG, "/单位");
    const text = cardText(units.cards[0]);
    expect(units.cards[0]?.data.title).toBe("单位一览 · 缺 3 个联络员");
    expect(text).toContain("共 4 个单位，3 个未指定联络员：市科技局、江岸区人民政府、江汉区人民政府");
    expect(text).toContain("1. 市经信局 — 张三（副：李四）");
    expect(text).toContain("2. 市科技局 — 「未指定」");
    const group = await s.say(WANG, "/联络员 各区");
    expect(cardText(group.cards[0])).toContain("江岸区人民政府 — 「未指定」");
    const person = await s.say(WANG, "/who @张三", { mentions: [ZHANG] });
    expect(person.texts[0]).toContain("张三 的身份：市经信局 联络员");
    expect((await s.say(WANG, "/who 不存在的单位")).texts[0]).toContain("没有名为");
  });

  it("/audit lists changes latest first, by unit, a page at a time", async () => {
    const s = await setup();
    await s.say(OFFICE, "/bind @张三 市经信局", { mentions: [ZHANG] });
    await s.say(OFFICE, "/bind @李四 市经信局 联络员", { mentions: [LI] });
    await s.say(OFFICE, "/bind @王五 市科技局", { mentions: [WANG] });
    for (let i = 0; i < 15; i++)
      await s.say(OFFICE, i % 2 ? "/unbind @王五" : "/bind @王五 市科技局", { mentions: [WANG] });
    const unit = await s.say(OFFICE, "/审计 经信局");
    const lines = cardText(unit.cards[0]);
    expect(lines).toMatch(/办公室王主任 · 绑定 张三 市经信局 联络员 → 李四 市经信局 联络员/);
    expect(cardText(unit.cards[0])).toContain("共 3 条");
    const all = await s.say(OFFICE, "/audit");
    expect(cardText(all.cards[0])).toContain("第 1/2 页");
    expect(cardText(all.cards[0])).toContain("发送 /audit 2 查看下一页");
    const page2 = await s.say(OFFICE, "/audit 第2页");
    expect(cardText(page2.cards[0])).toContain("第 2/2 页");
  });

  it("in a direct chat, binding needs the person to be in one of the plan's chats", async () => {
    const s = await setup();
    const stranger = person("ou_far", "外人");
    const far = await s.say(stranger, "/bind 市科技局", { chatId: "oc_p2p_far", chatType: "p2p" });
    expect(far.texts[0]).toContain("请在方案工作群中发送");
    const near = await s.say(ZHANG, "/bind 市科技局", { chatId: "oc_p2p_zhang", chatType: "p2p" });
    expect(near.texts[0]).toBe("已将您设为 市科技局 联络员。");
    expect(cardsOf(near.items)).toEqual([]);
  });
});
