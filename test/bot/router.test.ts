import { expect, it } from "vitest";
import { createDubanBot } from "../../src/bot";
import type { MessageEvent } from "../../src/bot/events";
import { createAccessStore } from "../../src/db/store/access-store";
import { createPlanStore } from "../../src/db/store/plan-store";
import { loadPlan } from "../../src/plans/load";
import { createBotDeps } from "../../src/wiring/bot-deps";
import { silentLogger } from "../../src/wiring/log";
import { createMemoryOutbox } from "../fakes/memory-outbox";
import { smallPlan } from "../fixtures/small-plan";
import { describeDb } from "../helpers/db";

const OFFICE = "ou_office1";
let seq = 0;
function message(text: string, sender = "ou_member1", chatId = "oc_group1"): MessageEvent {
  seq++;
  return {
    kind: "message",
    eventId: `ev_${seq}`,
    at: new Date(),
    chatId,
    chatType: "group",
    messageId: `om_${seq}`,
    sender: { openId: sender, name: "某人" },
    text,
    mentions: [],
    addressed: true,
  };
}

describeDb("bot router", (ctx) => {
  async function setup() {
    const outbox = createMemoryOutbox();
    const plans = createPlanStore(ctx.database.db);
    await loadPlan(plans, smallPlan(), { now: new Date() });
    const bot = createDubanBot(
      createBotDeps({
        database: ctx.database,
        outbox,
        messenger: undefined,
        clock: { now: () => new Date("2022-06-20T02:00:00Z") },
        logger: silentLogger,
        timezone: "Asia/Shanghai",
        admins: [OFFICE],
      }),
    );
    return { bot, outbox, plans };
  }

  it("/help lists only what the caller may use", async () => {
    const { bot, outbox } = await setup();
    await bot.handleEvent(message("/help"));
    await bot.handleEvent(message("/帮助", OFFICE));
    const [member, office] = outbox.texts();
    expect(member).toContain("/help");
    expect(member).not.toContain("/plan");
    expect(office).toContain("/plan");
  });

  it("answers an unknown command with the closest one", async () => {
    const { bot, outbox } = await setup();
    await bot.handleEvent(message("/hlep"));
    expect(outbox.texts()[0]).toContain("/help");
  });

  it("refuses an office command from a plain member, and changes nothing", async () => {
    const { bot, outbox } = await setup();
    await bot.handleEvent(message("/plan use small-plan"));
    expect(outbox.texts()[0]).toContain("仅限");
    const chat = await createAccessStore(ctx.database.db).chat("oc_group1");
    expect(chat).toBeUndefined();
  });

  it("lets an admin from DUBAN_ADMINS bind the chat to a plan; a redelivered event replies once", async () => {
    const { bot, outbox } = await setup();
    const ev = message("/plan use small", OFFICE);
    await bot.handleEvent(ev);
    await bot.handleEvent(ev);
    expect(outbox.items).toHaveLength(1);
    expect(outbox.texts()[0]).toContain("测试工作方案");
    const chat = await createAccessStore(ctx.database.db).chat("oc_group1");
    expect(chat?.planId).toBe("small-plan");
  });

  it("ignores group messages not addressed to the bot", async () => {
    const { bot, outbox } = await setup();
    await bot.handleEvent({ ...message("/help"), addressed: false });
    expect(outbox.items).toHaveLength(0);
  });

  it("the first group bound to a plan becomes its office chat; a second group does not", async () => {
    const { bot } = await setup();
    await bot.handleEvent(message("/plan use small-plan", OFFICE, "oc_first"));
    await bot.handleEvent(message("/plan use small-plan", OFFICE, "oc_second"));
    const access = createAccessStore(ctx.database.db);
    expect((await access.chat("oc_first"))?.isOffice).toBe(true);
    expect((await access.chat("oc_second"))?.isOffice).toBe(false);
    // Binding the office chat again keeps it the office chat.
    await bot.handleEvent(message("/plan use small-plan", OFFICE, "oc_first"));
    expect((await access.chat("oc_first"))?.isOffice).toBe(true);
  });
});
