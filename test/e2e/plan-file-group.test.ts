import { readFileSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import { createPlanStore } from "../../src/db/store/plan-store";
import { cardButton } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText, startE2E } from "./harness";

/**
 * The office drops its plan file in the group and asks the bot with "@督办助手 导入计划" — replying to the file
 * message, or right after sending it. The bot reads the message back from the fake Open Platform, downloads the
 * file and previews it in the group; only 导入 loads it. Through the real webhook route.
 */

const DOCX = readFileSync(new URL("../fixtures/plans/wuhan-2022-proposal-1.docx", import.meta.url));
const GROUP = "oc_office_group";
const MEMBER: Person = { openId: "ou_member000000000000000000000000009", name: "李科员" };

async function start(ctx: Parameters<typeof startE2E>[0]): Promise<E2E> {
  const e = await startE2E(ctx);
  e.fake.addChat(GROUP, [OFFICE, MEMBER], "市政府办公室工作群");
  return e;
}

/** "@督办助手 <text>" in the group, as a reply to `parentId` when given; returns what the bot sent. */
async function ask(e: E2E, from: Person, text: string, parentId?: string) {
  const before = e.fake.sent().length;
  const userMsg = e.fake.userMessage(from.openId, { chatId: GROUP }, text);
  const env = e.sender.message({
    text,
    sender: from.openId,
    chatId: GROUP,
    chatType: "group",
    mentionBot: true,
    ...(parentId ? { parentId } : {}),
  });
  (env.event.message as { message_id: string }).message_id = userMsg.messageId;
  const res = await e.post(env);
  await e.settle();
  expect(res.status).toBe(200);
  return { asked: userMsg, sent: e.fake.sent().slice(before) };
}

describeDb("e2e: a plan file dropped in the office's group", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("a reply to the file message with 导入计划 previews it in the group and 导入 loads it", async () => {
    e = await start(ctx);
    const store = createPlanStore(ctx.database.db);
    const file = e.fake.userFile(OFFICE.openId, { chatId: GROUP }, "wuhan-2022-proposal-1.docx", DOCX);
    e.fake.userMessage(MEMBER.openId, { chatId: GROUP }, "收到");
    const { asked, sent } = await ask(e, OFFICE, "导入计划", file.messageId);

    expect(e.fake.calls("message_get").map((c) => c.path)).toEqual([
      `/open-apis/im/v1/messages/${file.messageId}`,
    ]);
    expect(e.fake.calls("message_resource").map((c) => c.path)).toEqual([
      `/open-apis/im/v1/messages/${file.messageId}/resources/${file.fileKey}`,
    ]);
    const preview = sent.at(-1);
    expect(preview?.chatId).toBe(GROUP);
    expect(preview?.parentId).toBe(asked.messageId);
    const shown = shownText(preview);
    expect(shown).toContain("工作方案导入预览");
    expect(shown).toContain("章节 4 个，任务 23 项");
    expect(await store.listPlans()).toEqual([]);

    const clicked = await e.click(OFFICE, cardButton(preview?.card, "导入").value, { chatId: GROUP });
    expect(clicked.toast?.type).toBe("success");
    expect((await store.listPlans()).map((p) => [p.id, p.tasks])).toEqual([["wuhan-2022-proposal-1", 23]]);
  });

  it("导入计划 right after sending the file takes the chat's latest file", async () => {
    e = await start(ctx);
    e.fake.userFile(OFFICE.openId, { chatId: GROUP }, "会议纪要.txt", new TextEncoder().encode("会议纪要"));
    const file = e.fake.userFile(OFFICE.openId, { chatId: GROUP }, "wuhan-2022-proposal-1.docx", DOCX);
    const { sent } = await ask(e, OFFICE, "导入计划");

    const list = e.fake.calls("message_list");
    expect(list).toHaveLength(1);
    expect(list[0]?.query).toMatchObject({
      container_id_type: "chat",
      container_id: GROUP,
      sort_type: "ByCreateTimeDesc",
    });
    expect(e.fake.calls("message_resource").map((c) => c.path)).toEqual([
      `/open-apis/im/v1/messages/${file.messageId}/resources/${file.fileKey}`,
    ]);
    expect(shownText(sent.at(-1))).toContain("章节 4 个，任务 23 项");
  });

  it("anyone but the office is refused before a message is read", async () => {
    e = await start(ctx);
    const file = e.fake.userFile(MEMBER.openId, { chatId: GROUP }, "wuhan-2022-proposal-1.docx", DOCX);
    const replied = await ask(e, MEMBER, "导入计划", file.messageId);
    const latest = await ask(e, MEMBER, "导入计划");
    expect(shownText(replied.sent.at(-1))).toContain("仅限办公室成员");
    expect(shownText(latest.sent.at(-1))).toContain("仅限办公室成员");
    for (const endpoint of ["message_get", "message_list", "message_resource"] as const)
      expect(e.fake.calls(endpoint)).toHaveLength(0);
    expect(await createPlanStore(ctx.database.db).listPlans()).toEqual([]);
  });

  it("says what is wrong: no file, a reply to a text, and the group-message scope missing", async () => {
    e = await start(ctx);
    const none = await ask(e, OFFICE, "导入计划");
    expect(shownText(none.sent.at(-1))).toContain("本群最近的消息中没有文件");

    const text = e.fake.userMessage(MEMBER.openId, { chatId: GROUP }, "请办公室导入方案");
    const notFile = await ask(e, OFFICE, "导入计划", text.messageId);
    expect(shownText(notFile.sent.at(-1))).toContain("所回复的消息不是文件");

    const file = e.fake.userFile(OFFICE.openId, { chatId: GROUP }, "wuhan-2022-proposal-1.docx", DOCX);
    e.fake.grantGroupMessages(false);
    for (const parent of [file.messageId, undefined]) {
      const refused = await ask(e, OFFICE, "导入计划", parent);
      expect(shownText(refused.sent.at(-1))).toContain("im:message.group_msg");
    }
    expect(e.fake.calls("message_resource")).toHaveLength(0);
  });
});
