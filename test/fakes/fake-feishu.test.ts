import { afterEach, describe, expect, it } from "vitest";
import { type FakeFeishu, startFakeFeishu } from "./fake-feishu";

/** The fake's own promises, which other parts' end-to-end tests rely on. Plain fetch, Feishu's shapes. */

let fake: FakeFeishu;
afterEach(async () => {
  await fake?.close();
});

async function token(f: FakeFeishu): Promise<string> {
  const res = await fetch(`${f.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ app_id: f.appId, app_secret: f.appSecret }),
  });
  const body = (await res.json()) as { code: number; tenant_access_token: string; expire: number };
  expect(body).toMatchObject({ code: 0, expire: expect.any(Number) });
  return body.tenant_access_token;
}

async function api(f: FakeFeishu, t: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${f.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${t}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { code: number; msg: string; data?: Record<string, unknown> },
  };
}

const sendText = (f: FakeFeishu, t: string, chatId: string, uuid: string) =>
  api(f, t, "POST", "/open-apis/im/v1/messages?receive_id_type=chat_id", {
    receive_id: chatId,
    msg_type: "text",
    content: JSON.stringify({ text: "hi" }),
    uuid,
  });

describe("fake Feishu Open Platform", () => {
  it("refuses a wrong secret, a missing token and a dead one with Feishu's codes", async () => {
    fake = await startFakeFeishu();
    fake.addChat("oc_1", ["ou_a"]);
    const bad = await fetch(`${fake.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: "POST",
      body: JSON.stringify({ app_id: fake.appId, app_secret: "nope" }),
    });
    expect(((await bad.json()) as { code: number }).code).toBe(10014);
    expect((await api(fake, "", "GET", "/open-apis/bot/v3/info")).body.code).toBe(99991661);
    const t = await token(fake);
    fake.expireTokens();
    expect(await sendText(fake, t, "oc_1", "u1")).toMatchObject({ status: 400, body: { code: 99991663 } });
  });

  it("dedups a uuid for an hour on its clock, then sends again", async () => {
    let now = 1_000_000;
    fake = await startFakeFeishu({ now: () => now });
    fake.addChat("oc_1", ["ou_a"]);
    const t = await token(fake);
    const a = await sendText(fake, t, "oc_1", "same");
    now += 59 * 60_000;
    const b = await sendText(fake, t, "oc_1", "same");
    expect(b.body.data?.message_id).toBe(a.body.data?.message_id);
    now += 2 * 60_000;
    const c = await sendText(fake, t, "oc_1", "same");
    expect(c.body.data?.message_id).not.toBe(a.body.data?.message_id);
    expect(fake.sent({ chatId: "oc_1" })).toHaveLength(2);
  });

  it("applies a fault to the next N matching calls only", async () => {
    fake = await startFakeFeishu();
    fake.addChat("oc_1", ["ou_a"]);
    fake.addChat("oc_2", ["ou_a"]);
    const t = await token(fake);
    fake.inject(
      "send",
      { type: "error", code: 230002 },
      { times: 2, when: (c) => (c.body as { receive_id?: string }).receive_id === "oc_2" },
    );
    expect((await sendText(fake, t, "oc_1", "a")).status).toBe(200);
    expect((await sendText(fake, t, "oc_2", "b")).body.code).toBe(230002);
    expect((await sendText(fake, t, "oc_2", "c")).body.code).toBe(230002);
    expect((await sendText(fake, t, "oc_2", "d")).status).toBe(200);
    expect(fake.calls("send").map((c) => c.fault ?? "-")).toEqual(["-", "error", "error", "-"]);
  });

  it("updates a card twice through a callback token, then refuses it", async () => {
    fake = await startFakeFeishu();
    fake.addChat("oc_1", ["ou_a"]);
    const t = await token(fake);
    const sent = await api(fake, t, "POST", "/open-apis/im/v1/messages?receive_id_type=chat_id", {
      receive_id: "oc_1",
      msg_type: "interactive",
      content: JSON.stringify({ schema: "2.0", body: { elements: [] } }),
    });
    const id = String(sent.body.data?.message_id);
    const cardToken = fake.issueCardToken(id);
    const update = (n: number) =>
      api(fake, t, "POST", "/open-apis/interactive/v1/card/update", {
        token: cardToken,
        card: { schema: "2.0", body: { elements: [{ tag: "markdown", content: `第${n}次` }] } },
      });
    expect((await update(1)).body.code).toBe(0);
    expect((await update(2)).body.code).toBe(0);
    expect((await update(3)).body.code).not.toBe(0);
    expect(JSON.stringify(fake.cardOf(id))).toContain("第2次");
    expect(fake.message(id)?.updates.map((u) => u.via)).toEqual(["card_update", "card_update"]);
  });

  it("creates unknown chats and users on first use when not strict", async () => {
    fake = await startFakeFeishu({ strict: false });
    const t = await token(fake);
    expect((await sendText(fake, t, "oc_new", "x")).status).toBe(200);
    expect(fake.chat("oc_new")?.botIn).toBe(true);
  });

  it("serves its control API for a fake started on its own", async () => {
    fake = await startFakeFeishu();
    await fetch(`${fake.url}/_fake/chats`, {
      method: "POST",
      body: JSON.stringify({ chatId: "oc_c", members: ["ou_x"] }),
    });
    const t = await token(fake);
    await sendText(fake, t, "oc_c", "ctl");
    const messages = (await (await fetch(`${fake.url}/_fake/messages?chatId=oc_c`)).json()) as Array<{
      uuid: string;
    }>;
    expect(messages.map((m) => m.uuid)).toEqual(["ctl"]);
  });
});
