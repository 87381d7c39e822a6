import { readFileSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import { createPlanStore } from "../../src/db/store/plan-store";
import { cardButton } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText, startE2E } from "./harness";

/**
 * The office sends its plan as a Word file to the bot: the bot downloads it through the message resource API
 * of the fake Feishu, answers with a preview, and loads it only on 导入 — through the real webhook route.
 */

const DOCX = readFileSync(new URL("../fixtures/plans/wuhan-2022-proposal-1.docx", import.meta.url));
const MEMBER: Person = { openId: "ou_member000000000000000000000000009", name: "李科员" };

async function sendFile(e: E2E, from: Person, fileName: string, bytes: Uint8Array) {
  const before = e.fake.sent().length;
  e.fake.addUser(from);
  const userMsg = e.fake.userMessage(from.openId, { p2p: true }, "");
  const fileKey = e.fake.attachFile(userMsg.messageId, fileName, bytes);
  const env = e.sender.message({ text: "", sender: from.openId, chatId: userMsg.chatId, chatType: "p2p" });
  const m = env.event.message as Record<string, unknown>;
  m.message_id = userMsg.messageId;
  m.message_type = "file";
  m.content = JSON.stringify({ file_key: fileKey, file_name: fileName });
  const res = await e.post(env);
  await e.settle();
  return { status: res.status, sent: e.fake.sent().slice(before) };
}

describeDb("e2e: a plan file sent to the bot in a direct message", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("previews the .docx, loads it on 导入, and a second 导入 changes nothing", async () => {
    e = await startE2E(ctx);
    const store = createPlanStore(ctx.database.db);
    const sent = await sendFile(e, OFFICE, "wuhan-2022-proposal-1.docx", DOCX);
    expect(sent.status).toBe(200);
    expect(e.fake.calls("message_resource")).toHaveLength(1);
    const preview = sent.sent.at(-1);
    const shown = shownText(preview);
    expect(shown).toContain("工作方案导入预览");
    expect(shown).toContain("章节 4 个，任务 23 项");
    expect(shown).toContain("市经信局（新）");
    expect(shown).toContain("未能识别的内容");
    expect(shown).toContain("月调度、季通报、半年检查、全年总结");
    // Nothing is loaded before the office confirms.
    expect(await store.listPlans()).toEqual([]);

    const apply = cardButton(preview?.card, "导入").value;
    const clicked = await e.click(OFFICE, apply, { chatId: preview?.chatId });
    expect(clicked.toast?.type).toBe("success");
    expect(JSON.stringify(clicked.card)).toContain("任务 23 项");
    const plans = await store.listPlans();
    expect(plans.map((p) => [p.id, p.tasks])).toEqual([["wuhan-2022-proposal-1", 23]]);

    const again = await e.click(OFFICE, apply, { chatId: preview?.chatId });
    expect(again.toast?.content).toContain("已导入");
  });

  it("the same plan sent again shows the revision instead; 取消 changes nothing", async () => {
    e = await startE2E(ctx);
    const store = createPlanStore(ctx.database.db);
    const first = (await sendFile(e, OFFICE, "wuhan-2022-proposal-1.docx", DOCX)).sent.at(-1);
    await e.click(OFFICE, cardButton(first?.card, "导入").value, { chatId: first?.chatId });
    const loaded = await store.getPlanDocument("wuhan-2022-proposal-1");

    const second = (await sendFile(e, OFFICE, "wuhan-2022-proposal-1.docx", DOCX)).sent.at(-1);
    const shown = shownText(second);
    expect(shown).toContain("工作方案修订预览");
    expect(shown).toContain("与已导入方案相比");
    expect(shown).toContain("内容相同");
    expect(shown).not.toContain("（新）");

    const cancel = await e.click(OFFICE, cardButton(second?.card, "取消").value, { chatId: second?.chatId });
    expect(JSON.stringify(cancel.card)).toContain("导入已取消");
    expect(await store.getPlanDocument("wuhan-2022-proposal-1")).toEqual(loaded);
    const late = await e.click(OFFICE, cardButton(second?.card, "导入").value, { chatId: second?.chatId });
    expect(late.toast?.content).toContain("已取消");
  });

  it("a plain member's file is refused without being downloaded", async () => {
    e = await startE2E(ctx);
    const sent = await sendFile(e, MEMBER, "wuhan-2022-proposal-1.docx", DOCX);
    expect(shownText(sent.sent.at(-1))).toContain("仅限办公室成员");
    expect(e.fake.calls("message_resource")).toHaveLength(0);
    expect(await createPlanStore(ctx.database.db).listPlans()).toEqual([]);
  });
});
