import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema";
import { createOutboxStore } from "../../src/db/store/outbox-store";
import { createFeishuMessenger } from "../../src/feishu/client";
import { OutboxDispatcher } from "../../src/outbox/dispatcher";
import type { OutboxItem } from "../../src/outbox/ports";
import { createMemoryLogger } from "../../src/wiring/log";
import { type FakeFeishu, startFakeFeishu } from "../fakes/fake-feishu";
import { describeDb } from "../helpers/db";

let fake: FakeFeishu;
beforeAll(async () => {
  fake = await startFakeFeishu();
});
afterAll(async () => {
  await fake.close();
});

const toChat = (key: string, purpose: string): OutboxItem => ({
  key,
  purpose,
  planId: "p1",
  kind: "send",
  to: { chatId: "oc_g" },
  message: { type: "text", text: `${purpose}：${key}` },
});

describeDb("a three-hour Feishu outage", (ctx) => {
  it("sends what still means something afterwards and drops reminders whose moment passed, with an audit entry", async () => {
    fake.reset();
    fake.addChat("oc_g", [{ openId: "ou_a", name: "张三" }]);
    let now = new Date("2022-06-22T01:30:00Z");
    const clock = { now: () => now };
    const store = createOutboxStore(ctx.database, { clock });
    const logger = createMemoryLogger();
    const dispatcher = () =>
      new OutboxDispatcher({
        queue: store,
        messenger: createFeishuMessenger({
          appId: fake.appId,
          appSecret: fake.appSecret,
          domain: fake.url,
          timeoutMs: 5000,
        }),
        clock,
        logger,
        backoffBaseMs: 50,
        random: () => 0.5,
      });

    await store.enqueue([
      toChat("nudge-1", "nudge"),
      toChat("esc-1", "escalation"),
      toChat("reply-1", "reply"),
      toChat("bulletin-1", "bulletin"),
    ]);
    // Feishu answers 500 to everything: one attempt each fails and goes back to wait.
    const outage = fake.inject("send", { type: "server_error", status: 503 }, { rate: 1 });
    await dispatcher().runUntilIdle({ maxWaitMs: 0 });
    expect(fake.sent({ chatId: "oc_g" })).toHaveLength(0);

    now = new Date(now.getTime() + 3 * 3_600_000);
    outage.remove();
    await store.enqueue([toChat("nudge-2", "nudge")]); // a reminder due now is still worth sending
    // The clock is the test's: move it on between drains so that retries (a slow token, say) come due.
    for (let i = 0; i < 5 && fake.sent({ chatId: "oc_g" }).length < 3; i++) {
      await dispatcher().runUntilIdle({ maxWaitMs: 0 });
      now = new Date(now.getTime() + 60_000);
    }

    const sent = fake.sent({ chatId: "oc_g" }).map((m) => m.content);
    expect(sent.some((c) => c.includes("reply-1"))).toBe(true);
    expect(sent.some((c) => c.includes("bulletin-1"))).toBe(true);
    expect(sent.some((c) => c.includes("nudge-2"))).toBe(true);
    expect(sent.some((c) => c.includes("nudge-1") || c.includes("esc-1"))).toBe(false);
    expect(sent).toHaveLength(3);

    expect(await store.get("nudge-1")).toMatchObject({ state: "skipped" });
    expect((await store.get("esc-1"))?.lastError).toMatch(/提醒时机已过/);
    const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, "outbox.dropped"));
    expect(audit.map((a) => a.subject).sort()).toEqual(["outbox:esc-1", "outbox:nudge-1"]);
    expect(logger.lines.filter((l) => String(l.msg).includes("long outage"))).toHaveLength(2);
  });

  it("does not buzz people twice when the process died during an urgent (加急) call", async () => {
    fake.reset();
    fake.addChat("oc_g", [{ openId: "ou_a", name: "张三" }]);
    let now = new Date("2022-06-22T01:30:00Z");
    const clock = { now: () => now };
    const store = createOutboxStore(ctx.database, { clock });
    await store.enqueue([
      {
        key: "urg-1",
        purpose: "escalation",
        planId: "p1",
        kind: "urgent",
        target: { messageId: "om_x" },
        openIds: ["ou_a"],
      },
    ]);
    // Claimed, and the process dies before the outcome is recorded: the lease is all that is left.
    expect(await store.claim(now, 10, 60_000)).toHaveLength(1);
    now = new Date(now.getTime() + 5 * 60_000);
    await new OutboxDispatcher({
      queue: store,
      messenger: createFeishuMessenger({
        appId: fake.appId,
        appSecret: fake.appSecret,
        domain: fake.url,
        timeoutMs: 5000,
      }),
      clock,
    }).runUntilIdle();
    expect(fake.calls("urgent")).toHaveLength(0);
    expect(await store.get("urg-1")).toMatchObject({ state: "skipped" });
    expect((await store.get("urg-1"))?.lastError).toMatch(/不重复加急/);
  });
});
