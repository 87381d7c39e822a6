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
    const card = e.fake.cardOf(mappingMsg?.messageId ?? "");
    expect(cardShown(card)).toContain("夏伟");

    // The office keeps the proposed roster match and picks 张小明 for 市经信局.
    const submit = cardButton(card, "确认提交");
    const options = JSON.stringify(card).match(/"value":"([^"]*夏伟[^"]*|[^"]*ou_xiawei[^"]*)"/);
    const confirmValue = options?.[1];
    expect(confirmValue).toBeDefined();
    const pick = cardInputName(card, "市经信局");
    const answer = await e.click(OFFICE, submit.value, {
      messageId: mappingMsg?.messageId,
      formValue: { confirm: [confirmValue], [pick]: ZHANG.openId },
    });
    expect(answer.status).toBe(200);
    expect(answer.toast?.type).not.toBe("error");

    const who = await e.say(OFFICE, "/who");
    const text = who.sent.map(shownText).join("\n");
    expect(text).toContain("夏伟");
    expect(text).toContain("市财政局");
    expect(text).toContain("张小明");
    expect(text).toContain("市经信局");
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
