import { afterEach, expect, it } from "vitest";
import { cardButton, cardInputName, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText, startE2E } from "./harness";
import { loadWuhan } from "./plan";

const CHAT = "oc_e2e_group";
const XIAWEI = { openId: "ou_xiawei000000000000000000000000001", name: "夏伟" };
const ZHANG = { openId: "ou_zhang0000000000000000000000000001", name: "张小明" };

describeDb("e2e: members mapped to units through the webhook and the fake Feishu", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("bot added → members listed → mapping card → office confirms → /who shows the map", async () => {
    e = await startE2E(ctx);
    await loadWuhan(ctx.database);
    e.fake.addChat(CHAT, [OFFICE, XIAWEI, ZHANG], "1号议案办理工作群");

    const added = await e.deliver(
      e.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
    );
    expect(added.status).toBe(200);
    expect(e.fake.calls("chat_members").length).toBeGreaterThan(0);
    const mappingMsg = added.sent.find((m) => m.chatId === CHAT && m.msgType === "interactive");
    expect(mappingMsg, "a mapping card in the group").toBeDefined();
    let card: unknown = e.fake.cardOf(mappingMsg?.messageId ?? "");
    expect(cardShown(card)).toContain("第 1/6 页");

    // 夏伟 is 市财政局副局长 on the roster: proposed as the unit's 领导, and 市财政局 keeps its liaison picker.
    for (let i = 0; i < 5 && !cardShown(card).includes("夏伟"); i++) {
      const turned = await e.click(OFFICE, cardButton(card, "下一页").value, {
        messageId: mappingMsg?.messageId,
      });
      card = turned.card;
    }
    expect(cardShown(card)).toContain("夏伟 → 市财政局 领导");
    expect(cardShown(card)).not.toContain("夏伟 → 市财政局 联络员");
    const submit = cardButton(card, "确认提交");
    const confirmValue = JSON.stringify(card).match(/"value":"(ou_xiawei[^"]*)"/)?.[1];
    expect(confirmValue).toBe(`${XIAWEI.openId}|0|leader`);
    const pick = cardInputName(card, "市财政局");
    const answer = await e.click(OFFICE, submit.value, {
      messageId: mappingMsg?.messageId,
      formValue: { confirm: [confirmValue], [pick]: ZHANG.openId },
    });
    expect(answer.status).toBe(200);
    expect(answer.toast?.type).toBe("success");
    expect(cardShown(answer.card)).toContain("张小明 → 市财政局 联络员");

    const who = await e.say(OFFICE, "/who");
    const text = who.sent.map(shownText).join("\n");
    expect(text).toContain("夏伟");
    expect(text).toContain("张小明");
    expect(text).toContain("市财政局");

    // The group has its card: the bot added again sends no second one.
    const again = await e.deliver(
      e.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
    );
    expect(again.sent.filter((m) => m.chatId === CHAT && m.msgType === "interactive")).toEqual([]);
  });

  it("a plain member's office command is refused and changes nothing", async () => {
    e = await startE2E(ctx);
    await loadWuhan(ctx.database);
    e.fake.addChat(CHAT, [OFFICE, ZHANG]);
    const r = await e.say(ZHANG, "/bind @夏伟 市财政局", { mentions: [XIAWEI] });
    expect(r.status).toBe(200);
    expect(r.sent.map(shownText).join()).toMatch(/仅限|办公室/);
    const who = await e.say(OFFICE, "/who 市财政局");
    expect(who.sent.map(shownText).join()).not.toContain("夏伟");
  });
});
