import { describe, expect, it } from "vitest";
import { envelopeSchema } from "../../src/feishu/envelopes";
import { BotIdentityUnavailable, type NormalizeContext, normalize } from "../../src/feishu/events";
import { rawText, resolveMentions } from "../../src/feishu/message-content";
import { createEventSender, loadFixture, TEST_BOT } from "../fakes/event-sender";

const ctx: NormalizeContext = { botOpenId: async () => TEST_BOT.openId };
const norm = (name: string, c: NormalizeContext = ctx) =>
  normalize(envelopeSchema.parse(loadFixture(name)), c);

describe("normalizing Feishu events", () => {
  it("a group text message: the bot's mention removed, others as @Name and listed, addressed", async () => {
    const r = await norm("message-group-text");
    expect(r).toMatchObject({
      kind: "event",
      event: {
        kind: "message",
        eventId: "5e3702a84e847582be8db7fb73283c02",
        chatId: "oc_5ce6d572455d361153b7xx51da133945",
        chatType: "group",
        messageId: "om_5ce6d572455d361153b7cb51da133945",
        sender: { openId: "ou_84aad35d084aa403a838cf73ee18467", name: "" },
        text: "/bind @张三 市经信局",
        mentions: [{ openId: "ou_7d8a6e6df7621556ce0d21922b676706", name: "张三" }],
        addressed: true,
        messageType: "text",
      },
    });
    if (r.kind === "event") expect(r.event.at.toISOString()).toBe(new Date(1656900233482).toISOString());
  });

  it("a p2p message is addressed without any mention", async () => {
    const r = await norm("message-p2p-text");
    expect(r).toMatchObject({
      event: { chatType: "p2p", text: "/进度 市经信局", addressed: true, mentions: [] },
    });
  });

  it("a rich-text (post) message is read line by line with its mentions resolved", async () => {
    const r = await norm("message-group-post");
    expect(r).toMatchObject({
      event: {
        text: "/remind @李四\n请尽快报送",
        addressed: true,
        messageType: "post",
        mentions: [{ openId: "ou_1f2e3d4c5b6a79880716253443526170", name: "李四" }],
      },
    });
  });

  it("a group message that does not @ the bot is passed with addressed=false", async () => {
    const s = createEventSender();
    const env = s.message({ text: "@_user_1 你看一下", mentions: [{ openId: "ou_x1", name: "王五" }] });
    const r = await normalize(envelopeSchema.parse(env), ctx);
    expect(r).toMatchObject({ event: { addressed: false, text: "@王五 你看一下" } });
  });

  it("a huge message keeps only what the bot needs to refuse it, so storing it costs nothing", async () => {
    const s = createEventSender();
    const env = s.message({ text: `/who ${"市".repeat(50_000)}`, chatType: "p2p" });
    const r = await normalize(envelopeSchema.parse(env), { ...ctx, maxText: 2001 });
    expect(r.kind === "event" && r.event.kind === "message" && r.event.text.length).toBe(2001);
    const dflt = await normalize(envelopeSchema.parse(env), ctx);
    expect(dflt.kind === "event" && dflt.event.kind === "message" && dflt.event.text.length).toBe(10_000);
  });

  it("an image message becomes a message with empty text and its type", async () => {
    const s = createEventSender();
    const env = s.message({
      text: "",
      chatType: "p2p",
      messageType: "image",
      content: '{"image_key":"img_v2_x"}',
    });
    expect(await normalize(envelopeSchema.parse(env), ctx)).toMatchObject({
      event: { kind: "message", text: "", messageType: "image", addressed: true, image: { key: "img_v2_x" } },
    });
    // Content that is not the documented {image_key} carries no photo.
    const odd = s.message({ text: "", chatType: "p2p", messageType: "image", content: '{"key":1}' });
    const r = await normalize(envelopeSchema.parse(odd), ctx);
    expect(r.kind === "event" && r.event.kind === "message" && r.event.image).toBeUndefined();
  });

  it("messages sent by apps are ignored (no loops between bots)", async () => {
    const s = createEventSender();
    const env = s.message({ text: "hi", chatType: "p2p", senderType: "app" });
    expect(await normalize(envelopeSchema.parse(env), ctx)).toMatchObject({ kind: "ignored" });
  });

  it("a mention cannot be resolved while the bot's open_id is unknown: the caller asks Feishu to retry", async () => {
    await expect(norm("message-group-text", { botOpenId: async () => undefined })).rejects.toBeInstanceOf(
      BotIdentityUnavailable,
    );
    // Without mentions the bot's identity is not needed.
    expect(await norm("message-p2p-text", { botOpenId: async () => undefined })).toMatchObject({
      kind: "event",
    });
  });

  it("membership and chat events", async () => {
    expect(await norm("bot-added")).toMatchObject({
      event: {
        kind: "bot_added",
        chatId: "oc_5ce6d572455d361153b7xx51da133945",
        chatName: "数字经济提案办理工作群",
        operator: { openId: "ou_84aad35d084aa403a838cf73ee18467" },
      },
    });
    expect(await norm("bot-deleted")).toMatchObject({ event: { kind: "bot_removed" } });
    const users = [
      { openId: "ou_2a3b4c5d6e7f8091a2b3c4d5e6f70819", name: "王五" },
      { openId: "ou_3b4c5d6e7f8091a2b3c4d5e6f708192a", name: "赵六" },
    ];
    expect(await norm("user-added")).toMatchObject({ event: { kind: "users_added", users } });
    expect(await norm("user-deleted")).toMatchObject({
      event: { kind: "users_removed", users, reason: "deleted" },
    });
    expect(await norm("user-withdrawn")).toMatchObject({
      event: { kind: "users_removed", users, reason: "withdrawn" },
    });
    expect(await norm("chat-disbanded")).toMatchObject({ event: { kind: "chat_disbanded" } });
  });

  it("a card action: operator, value, form values, context; create_time in microseconds", async () => {
    const r = await norm("card-action");
    expect(r).toMatchObject({
      kind: "card",
      event: {
        kind: "card_action",
        operator: { openId: "ou_84aad35d084aa403a838cf73ee18467" },
        chatId: "oc_5ce6d572455d361153b7xx51da133945",
        messageId: "om_574d639e4a44e4dd646eaf628e2f6a1c",
        value: { action: "report_submit", collection: 12, task: "二.3" },
        formValue: { status: "on_track" },
        name: "submit",
        tag: "button",
      },
    });
    if (r.kind === "card") expect(r.event.at.toISOString()).toBe(new Date(1656900500123).toISOString());
  });

  it("unknown event types are ignored, malformed known ones are invalid", async () => {
    const s = createEventSender();
    const unknown = envelopeSchema.parse({
      ...s.chatDisbanded({ chatId: "oc_1" }),
      header: { event_id: "e", event_type: "drive.file.edit_v1" },
    });
    expect(await normalize(unknown, ctx)).toMatchObject({ kind: "ignored" });
    const bad = s.botAdded({ chatId: "oc_1", chatName: "x" });
    bad.event = { name: "no chat id" };
    expect(await normalize(envelopeSchema.parse(bad), ctx)).toMatchObject({ kind: "invalid" });
  });
});

describe("mention resolution", () => {
  const m = (key: string, openId: string | undefined, name: string) => ({
    key,
    id: { open_id: openId },
    name,
  });
  it("does not confuse @_user_1 with @_user_10 and lists each person once", () => {
    const mentions = [m("@_user_1", "ou_a", "甲"), m("@_user_10", "ou_b", "乙")];
    const r = resolveMentions("@_user_10 与 @_user_1 和 @_user_10", mentions, "ou_bot");
    expect(r.text).toBe("@乙 与 @甲 和 @乙");
    expect(r.mentions.map((p) => p.openId)).toEqual(["ou_b", "ou_a"]);
    expect(r.botMentioned).toBe(false);
  });

  it("shows @所有人 without listing it", () => {
    const r = resolveMentions("@_all 开会", [m("@_all", undefined, "所有人")], "ou_bot");
    expect(r).toEqual({ text: "@所有人 开会", mentions: [], botMentioned: false });
  });

  it("keeps the lines of a multi-line command", () => {
    const r = resolveMentions("@_user_1 /bind\n市经信局  联络员", [m("@_user_1", "ou_bot", "bot")], "ou_bot");
    expect(r).toEqual({ text: "/bind\n市经信局 联络员", mentions: [], botMentioned: true });
  });

  it("reads text out of text content and ignores broken content", () => {
    expect(rawText("text", '{"text":"/help"}')).toBe("/help");
    expect(rawText("text", "not json")).toBe("");
    expect(rawText("post", '{"zh_cn":{"title":"t","content":[[{"tag":"text","text":"/status"}]]}}')).toBe(
      "/status",
    );
  });
});
