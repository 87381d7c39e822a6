import { Client, LoggerLevel } from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderCard } from "../../src/feishu/cards";
import { createFeishuMessenger, type FeishuMessenger, feishuUuid, sdkDomain } from "../../src/feishu/client";
import { MessengerError } from "../../src/kernel/messenger";
import { type FakeFeishu, startFakeFeishu } from "../fakes/fake-feishu";

let fake: FakeFeishu;
let messenger: FeishuMessenger;

const card = (title: string) => ({ template: "notice", data: { title, color: "blue", body: "正文" } });

beforeAll(async () => {
  fake = await startFakeFeishu();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.addChat("oc_group", [
    { openId: "ou_a", name: "张三" },
    { openId: "ou_b", name: "李四" },
  ]);
  messenger = createFeishuMessenger({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
    timeoutMs: 2000,
  });
});

describe("Feishu messenger against the fake Open Platform (real SDK Client)", () => {
  it("sends text to a chat with a tenant token and the outbox key as uuid", async () => {
    const { messageId } = await messenger.send({ chatId: "oc_group" }, { type: "text", text: "你好" }, "k1");
    const [m] = fake.sent({ chatId: "oc_group" });
    expect(m?.messageId).toBe(messageId);
    expect(m?.msgType).toBe("text");
    expect(m?.text).toBe("你好");
    expect(m?.uuid).toBe("k1");
    const call = fake.calls("send")[0];
    expect(call?.query.receive_id_type).toBe("chat_id");
    expect(call?.headers.authorization).toMatch(/^Bearer t-/);
    expect(fake.calls("token")).toHaveLength(1);
  });

  it("sends a card to a user as an interactive message whose content is the rendered card", async () => {
    await messenger.send({ openId: "ou_a" }, { type: "card", card: card("通知") }, "k2");
    const [m] = fake.sent({ openId: "ou_a" });
    expect(m?.msgType).toBe("interactive");
    expect(m?.card).toEqual(renderCard(card("通知")));
    expect(fake.calls("send")[0]?.query.receive_id_type).toBe("open_id");
  });

  it("sends once for a repeated uuid (Feishu's 1 h dedup) and answers the same message id", async () => {
    const a = await messenger.send({ chatId: "oc_group" }, { type: "text", text: "一" }, "same-key");
    const b = await messenger.send({ chatId: "oc_group" }, { type: "text", text: "一" }, "same-key");
    expect(b.messageId).toBe(a.messageId);
    expect(fake.sent({ chatId: "oc_group" })).toHaveLength(1);
  });

  it("hashes keys longer than 50 characters into a deterministic uuid Feishu accepts", async () => {
    const long = `nudge:${"x".repeat(60)}:step-1`;
    const other = `nudge:${"x".repeat(60)}:step-2`;
    const u = await feishuUuid(long);
    expect(u.length).toBeLessThanOrEqual(50);
    expect(await feishuUuid(long)).toBe(u);
    expect(await feishuUuid(other)).not.toBe(u);
    await messenger.send({ chatId: "oc_group" }, { type: "text", text: "长" }, long);
    expect(fake.sent({ uuid: u })).toHaveLength(1);
  });

  it("replies to a message, in a thread when asked", async () => {
    const asked = fake.userMessage("ou_a", { chatId: "oc_group" }, "@督办 /status");
    const r = await messenger.reply(asked.messageId, { type: "text", text: "进度如下" }, "r1", true);
    const m = fake.message(r.messageId);
    expect(m?.parentId).toBe(asked.messageId);
    expect(m?.chatId).toBe("oc_group");
    expect(m?.threadId).toBeTruthy();
  });

  it("patches a card in place", async () => {
    const { messageId } = await messenger.send(
      { chatId: "oc_group" },
      { type: "card", card: card("旧") },
      "p1",
    );
    await messenger.patchCard(messageId, card("新"));
    expect(fake.cardOf(messageId)).toEqual(renderCard(card("新")));
    expect(fake.message(messageId)?.updates).toHaveLength(1);
  });

  it("buzzes members with urgent_app", async () => {
    const { messageId } = await messenger.send(
      { chatId: "oc_group" },
      { type: "card", card: card("催") },
      "u1",
    );
    await messenger.urgent(messageId, ["ou_a", "ou_b"]);
    expect(fake.message(messageId)?.urgentTo).toEqual(["ou_a", "ou_b"]);
    expect(fake.calls("urgent")[0]?.query.user_id_type).toBe("open_id");
  });

  it("lists every member of a chat across pages", async () => {
    const members = Array.from({ length: 250 }, (_, i) => ({ openId: `ou_m${i}`, name: `成员${i}` }));
    fake.addChat("oc_big", members);
    const people = await messenger.listChatMembers("oc_big");
    expect(people).toHaveLength(250);
    expect(people[249]).toEqual({ openId: "ou_m249", name: "成员249" });
    expect(fake.calls("chat_members")).toHaveLength(3);
  });

  it("looks up a user and answers undefined for one Feishu does not know", async () => {
    expect(await messenger.getUser("ou_b")).toEqual({ openId: "ou_b", name: "李四" });
    expect(await messenger.getUser("ou_nobody")).toBeUndefined();
  });

  it("reads the bot's own open_id", async () => {
    expect(await messenger.botInfo()).toEqual({ openId: fake.botOpenId, name: fake.botName });
  });

  it("uploads a file and sends it as a file message", async () => {
    const bytes = new TextEncoder().encode("单位,进度\n市经信局,80%\n");
    const base64 = btoa(String.fromCharCode(...bytes));
    const { messageId } = await messenger.send(
      { chatId: "oc_group" },
      { type: "file", fileName: "进度.csv", fileType: "stream", base64 },
      "f1",
    );
    const m = fake.message(messageId);
    expect(m?.msgType).toBe("file");
    const file = fake.file(m?.fileKey ?? "");
    expect(file?.fileName).toBe("进度.csv");
    expect(file?.fileType).toBe("stream");
    expect([...(file?.bytes ?? [])]).toEqual([...bytes]);
  });

  it("refreshes the token once on 99991663 and retries", async () => {
    await messenger.send({ chatId: "oc_group" }, { type: "text", text: "a" }, "t1");
    fake.expireTokens();
    await messenger.send({ chatId: "oc_group" }, { type: "text", text: "b" }, "t2");
    expect(fake.sent({ chatId: "oc_group" })).toHaveLength(2);
    expect(messenger.tokens.fetches).toBe(2);
    expect(fake.calls("send").map((c) => c.status)).toEqual([200, 400, 200]);
  });

  it("gives up after one refresh when the token is refused again", async () => {
    fake.inject("send", { type: "token_invalid" }, { times: 2 });
    const err = await messenger
      .send({ chatId: "oc_group" }, { type: "text", text: "x" }, "t3")
      .catch((e) => e);
    expect(err).toBeInstanceOf(MessengerError);
    expect(err.reason).toBe("token");
    expect(fake.calls("send")).toHaveLength(2);
  });

  it("refreshes once for a burst of concurrent calls that all meet a dead token", async () => {
    await messenger.send({ chatId: "oc_group" }, { type: "text", text: "warm" }, "w0");
    fake.expireTokens();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        messenger.send({ chatId: "oc_group" }, { type: "text", text: `${i}` }, `w${i + 1}`),
      ),
    );
    expect(messenger.tokens.fetches).toBe(2);
    expect(fake.sent({ chatId: "oc_group" })).toHaveLength(21);
  });

  it("maps Feishu's failures to what the dispatcher does about them", async () => {
    const send = (key: string) =>
      messenger
        .send({ chatId: "oc_group" }, { type: "text", text: "x" }, key)
        .catch((e: MessengerError) => e);

    fake.inject("send", { type: "rate_limit", resetSeconds: 7 });
    const limited = await send("e1");
    expect(limited).toMatchObject({
      reason: "rate_limited",
      detail: { code: 99991400, status: 429, resetSeconds: 7 },
    });

    fake.inject("send", { type: "server_error", status: 503 });
    expect(await send("e2")).toMatchObject({ reason: "transient", detail: { status: 503 } });

    fake.removeBotFromChat("oc_group");
    const gone = await send("e3");
    expect(gone).toMatchObject({ reason: "permanent", detail: { code: 230002 } });
    expect((gone as MessengerError).message).toContain("机器人不在该群中");
    fake.addBotToChat("oc_group");

    fake.resignUser("ou_b");
    const resigned = await messenger
      .send({ openId: "ou_b" }, { type: "text", text: "x" }, "e4")
      .catch((e) => e);
    expect(resigned).toMatchObject({ reason: "permanent", detail: { code: 230013 } });
  });

  it("treats a request Feishu never answers as transient after the timeout", async () => {
    const quick = createFeishuMessenger({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.url,
      timeoutMs: 200,
    });
    fake.inject("send", { type: "hang" });
    const err = await quick.send({ chatId: "oc_group" }, { type: "text", text: "x" }, "h1").catch((e) => e);
    expect(err).toMatchObject({ reason: "transient" });
    expect(String(err.message)).toContain("200 ms");
  });

  it("refuses a card that cannot be rendered as a permanent failure, without calling Feishu", async () => {
    const err = await messenger
      .send({ chatId: "oc_group" }, { type: "card", card: { template: "no-such-card", data: {} } }, "c1")
      .catch((e) => e);
    expect(err).toMatchObject({ reason: "permanent" });
    expect(fake.calls("send")).toHaveLength(0);
  });

  it("answers the SDK's default transport too (so other parts may use a plain Client)", async () => {
    const plain = new Client({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.url,
      loggerLevel: LoggerLevel.error,
    });
    const res = await plain.im.message.create({
      params: { receive_id_type: "chat_id" },
      data: { receive_id: "oc_group", msg_type: "text", content: JSON.stringify({ text: "plain" }) },
    });
    expect(res.code).toBe(0);
    expect(fake.message(res.data?.message_id ?? "")?.text).toBe("plain");
  });
});

describe("FEISHU_DOMAIN mapping", () => {
  it("maps feishu and lark to the SDK's domains and keeps a URL", () => {
    expect(sdkDomain("feishu")).toBe("https://open.feishu.cn");
    expect(sdkDomain("lark")).toBe("https://open.larksuite.com");
    expect(sdkDomain("http://127.0.0.1:9999/")).toBe("http://127.0.0.1:9999");
  });
});
