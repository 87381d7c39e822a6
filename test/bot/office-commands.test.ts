import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { createDubanBot } from "../../src/bot";
import type { CardActionEvent, MessageEvent } from "../../src/bot/events";
import { createBotDeps } from "../../src/compose";
import { members } from "../../src/db/schema";
import { escapeMarkdown } from "../../src/feishu/escape";
import { silentLogger } from "../../src/log";
import type { CardRef } from "../../src/services/ports/messages";
import type { OutboxItem } from "../../src/services/ports/outbox";
import { createMemoryOutbox } from "../fakes/memory-outbox";
import { button, raw, shown } from "../helpers/collect-scenario";
import { type DbContext, describeDb } from "../helpers/db";
import { ATTACK, cst, seedQ2 } from "../helpers/status-scenario";

const OFFICE = { openId: "ou_office", name: "王主任" };
const OFFICE2 = { openId: "ou_office2", name: "刘科长" };
const LEADER = { openId: "ou_leader", name: "杨组长" };
const ZHANG = { openId: "ou_zhang", name: "张三" }; // 市经信局 liaison, everything reported
const STRANGER = { openId: "ou_stranger", name: "路人" };
const GROUP = "oc_group";
const OTHER_GROUP = "oc_group2";

type Who = { openId: string; name: string };

/** The Q2 seed (wuhan-test) with a bot over it, the memory outbox, a clock, and two bound group chats. */
async function office(ctx: DbContext, at = cst("2022-06-26", "12:00"), groups = [GROUP, OTHER_GROUP]) {
  const { rounds } = await seedQ2(ctx.database);
  const outbox = createMemoryOutbox();
  const clock = { at: new Date(at) };
  const deps = createBotDeps({
    database: ctx.database,
    outbox,
    messenger: undefined,
    clock: { now: () => clock.at },
    logger: silentLogger,
    timezone: "Asia/Shanghai",
    admins: [OFFICE.openId],
  });
  await ctx.database.db.insert(members).values([
    { planId: "wuhan-test", openId: OFFICE2.openId, name: OFFICE2.name, role: "office" },
    { planId: "wuhan-test", openId: LEADER.openId, name: LEADER.name, role: "leader" },
  ]);
  for (const g of groups) {
    await deps.members.saveChat({ chatId: g, name: g, chatType: "group" }, clock.at);
    await deps.access.bindChat(g, "wuhan-test", "group");
  }
  const bot = createDubanBot(deps);
  let seq = 0;
  const since = async (work: () => Promise<unknown>) => {
    const before = outbox.items.length;
    const result = await work();
    return { result, items: outbox.items.slice(before) };
  };
  const message = (from: Who, text: string, eventId = `ev_${++seq}`): MessageEvent => ({
    kind: "message",
    eventId,
    at: clock.at,
    chatId: GROUP,
    chatType: "group",
    messageId: `om_${eventId}`,
    sender: from,
    text,
    mentions: [],
    addressed: true,
  });
  return {
    deps,
    outbox,
    clock,
    rounds,
    message,
    async say(from: Who, text: string, eventId?: string) {
      const { items } = await since(() => bot.handleEvent(message(from, text, eventId)));
      return { items, texts: texts(items), cards: cards(items) };
    },
    async sayEvent(ev: MessageEvent) {
      const { items } = await since(() => bot.handleEvent(ev));
      return { items, texts: texts(items), cards: cards(items) };
    },
    async click(from: Who, value: Record<string, unknown>, formValue?: Record<string, unknown>) {
      const ev: CardActionEvent = {
        kind: "card_action",
        eventId: `card_${++seq}`,
        at: clock.at,
        operator: from,
        chatId: GROUP,
        messageId: `om_card_${seq}`,
        value,
        formValue,
        name: undefined,
        tag: "button",
        option: undefined,
      };
      const { result, items } = await since(() => bot.handleCardAction(ev));
      return { ...(result as Awaited<ReturnType<typeof bot.handleCardAction>>), items };
    },
    async bulletinState() {
      return ctx.database.query<{ id: number; state: string; published_by: string | null }>(
        sql`select id, state, published_by from bulletins order by id`,
      );
    },
  };
}

const texts = (items: OutboxItem[]) =>
  items.flatMap((i) =>
    (i.kind === "send" || i.kind === "reply") && i.message.type === "text" ? [i.message.text] : [],
  );
const cards = (items: OutboxItem[]): CardRef[] =>
  items.flatMap((i) =>
    (i.kind === "send" || i.kind === "reply") && i.message.type === "card" ? [i.message.card] : [],
  );
const only = (list: CardRef[]): CardRef => {
  expect(list).toHaveLength(1);
  return list[0] as CardRef;
};

describeDb("the office's commands", (ctx) => {
  it("/status answers the round, a unit, a task and another round with cards; says what it cannot find", async () => {
    const s = await office(ctx);
    const overview = only((await s.say(OFFICE, "/status")).cards);
    expect(overview.template).toBe("status-overview");
    const body = shown(overview);
    expect(body).toContain("2022年6月 月调度");
    expect(body).toContain("逾期未报（3家）");
    expect(body.indexOf("江汉区人民政府")).toBeLessThan(body.indexOf("市经信局"));

    const unit = only((await s.say(OFFICE, "/进度 发改委")).cards);
    expect(unit.template).toBe("status-unit");
    expect(shown(unit)).toContain("市发改委 · 2022年6月 月调度");

    const task = only((await s.say(OFFICE, "/状态 二.1")).cards);
    expect(task.template).toBe("status-task");
    expect(shown(task)).toContain("工业技改项目");
    expect(raw(task)).not.toContain("<at id=all>");

    // A round named last; typed stuck to the alias.
    const may = only((await s.say(OFFICE, "/status 2022-05")).cards);
    expect(shown(may)).toContain("2022年5月 月调度");
    const mayUnit = only((await s.say(OFFICE, "/进度东湖高新区 5月")).cards);
    expect(shown(mayUnit)).toContain("东湖高新区管委会 · 2022年5月 月调度");

    expect((await s.say(OFFICE, "/status 市不存在局")).texts[0]).toContain("未找到单位或任务「市不存在局」");
    expect((await s.say(OFFICE, "/status 三.9")).texts[0]).toBe("未找到任务 三.9。");

    // Liaisons and leaders read status too; a plain member is told who may.
    expect(only((await s.say(ZHANG, "/status")).cards).template).toBe("status-overview");
    expect(only((await s.say(LEADER, "/status 市经信局")).cards).template).toBe("status-unit");
    const refused = await s.say(STRANGER, "/status");
    expect(refused.cards).toEqual([]);
    expect(refused.texts[0]).toContain("仅限");
  });

  it("/missing names the units and their liaisons, for the office and leaders only", async () => {
    const s = await office(ctx);
    const card = only((await s.say(LEADER, "/未报")).cards);
    expect(card.template).toBe("status-missing");
    const body = shown(card);
    expect(body).toContain("李四");
    expect(body).toContain("无联络员");
    expect(body).not.toContain("市经信局");
    const april = shown(only((await s.say(OFFICE, "/missing 4月")).cards));
    expect(april).toContain("各单位均已报送");
    expect((await s.say(ZHANG, "/missing")).texts[0]).toContain("仅限办公室、领导小组成员");
  });

  it("/remind nudges only non-reporters' liaisons, once per slot, and says how many", async () => {
    const s = await office(ctx);
    const first = await s.say(OFFICE, "/催办", "ev_remind_1");
    const nudges = first.items.filter((i) => i.purpose === "remind");
    const to = nudges.map((i) => (i.kind === "send" && "openId" in i.to ? i.to.openId : "?"));
    expect(to.sort()).toEqual(["ou_li", "ou_wang", "ou_zhao"]);
    expect(to).not.toContain("ou_zhang");
    const card = cards(nudges)[0];
    expect(card?.template).toBe("nudge");
    expect(first.texts[0]).toContain("已向 2 家单位的 3 位联络员发送「2022年6月 月调度」催报提醒");
    expect(first.texts[0]).toContain("江汉区人民政府");
    expect(first.texts[0]).toContain("未绑定联络员");

    // The same event again (a redelivery) nudges nobody and says nothing new.
    const replay = await s.sayEvent(s.message(OFFICE, "/催办", "ev_remind_1"));
    expect(replay.items).toEqual([]);

    // Another office member ten minutes later: nobody nudged twice, and told when they may ask again.
    s.clock.at = new Date(cst("2022-06-26", "12:10"));
    const again = await s.say(OFFICE2, "/remind");
    expect(again.items.filter((i) => i.purpose === "remind")).toEqual([]);
    expect(again.texts[0]).toContain("3 位联络员30分钟内已提醒过,未重复发送,6月26日 12:30 后可再次催办");

    // After the slot, a /remind for one unit nudges that unit's two people only.
    s.clock.at = new Date(cst("2022-06-26", "12:31"));
    const one = await s.say(OFFICE, "/remind 发改委");
    expect(one.items.filter((i) => i.purpose === "remind")).toHaveLength(2);
    expect(one.texts[0]).toContain("已向 1 家单位的 2 位联络员");

    expect((await s.say(OFFICE, "/remind 市经信局")).texts[0]).toContain("无需催报");
    const leader = await s.say(LEADER, "/remind");
    expect(leader.texts[0]).toContain("仅限办公室");
    expect(leader.items.filter((i) => i.purpose === "remind")).toEqual([]);
  });

  it("/bulletin drafts; 修改 rewords or regenerates; 发布 posts once to every group, office only", async () => {
    const s = await office(ctx, cst("2022-07-05", "10:00"));
    const draft = only((await s.say(OFFICE, "/通报 季度")).cards);
    expect(draft.template).toBe("bulletin");
    expect(shown(draft)).toContain("2022年第二季度通报");
    expect(shown(draft)).toContain("草稿");

    // 修改 → the form, prefilled; 保存修改 with text that tries to @all and link.
    const form = await s.click(OFFICE, button(draft, "修改"));
    expect(form.card?.template).toBe("bulletin-edit");
    expect(shown(form.card)).toContain("各承办单位要对照工作方案");
    const typed = `请各单位高度重视。${ATTACK}`;
    const saved = await s.click(OFFICE, button(form.card as CardRef, "保存修改"), {
      preamble: typed,
      requirements: "（一）抓紧补报。\n\n（二）加快推进滞后任务。",
    });
    expect(saved.toast?.type).toBe("success");
    expect(saved.card?.template).toBe("bulletin");
    expect(raw(saved.card)).toContain(escapeMarkdown(typed));
    expect(raw(saved.card)).not.toContain("<at id=all>");
    expect(shown(saved.card)).toContain("（二）加快推进滞后任务。");
    expect(shown(saved.card)).not.toContain("各承办单位要对照工作方案");
    const empty = await s.click(OFFICE, button(form.card as CardRef, "保存修改"), {
      preamble: "  ",
      requirements: "x",
    });
    expect(empty.toast).toEqual({ type: "error", content: "导语不能为空" });
    // 按最新数据重新生成 brings back the composed text.
    const regenerated = await s.click(OFFICE, button(form.card as CardRef, "按最新数据重新生成"));
    expect(shown(regenerated.card)).toContain("各承办单位要对照工作方案");
    expect(shown(regenerated.card)).not.toContain("加快推进滞后任务");

    // A liaison (a forwarded card) and a leader may not publish or edit: nothing changes, nothing is sent.
    for (const who of [ZHANG, LEADER]) {
      const refused = await s.click(who, button(draft, "发布"));
      expect(refused.toast?.type).toBe("warning");
      expect(refused.toast?.content).toContain("仅限办公室");
      expect(refused.items).toEqual([]);
      expect((await s.click(who, button(draft, "修改"))).toast?.content).toContain("仅限办公室");
    }
    expect((await s.bulletinState()).map((b) => b.state)).toEqual(["draft"]);

    // Two office members click 发布 at once, then one again: published once, one send per group chat.
    const [a, b] = await Promise.all([
      s.click(OFFICE, button(draft, "发布")),
      s.click(OFFICE2, button(draft, "发布")),
    ]);
    const c = await s.click(OFFICE, button(draft, "发布"));
    const answers = [a, b, c];
    expect(answers.filter((x) => x.toast?.type === "success")).toHaveLength(1);
    expect(answers.filter((x) => x.toast?.content.includes("无需重复发布"))).toHaveLength(2);
    const sends = s.outbox.items.filter((i) => i.purpose === "bulletin");
    expect(sends.map((i) => i.key).sort()).toEqual(
      [
        `bulletin:${(await s.bulletinState())[0]?.id}:${GROUP}`,
        `bulletin:${(await s.bulletinState())[0]?.id}:${OTHER_GROUP}`,
      ].sort(),
    );
    const posted = cards(sends)[0];
    expect(shown(posted)).toContain("2022年第二季度通报");
    expect(shown(posted)).toContain("已发布");
    expect(raw(posted)).not.toContain("bulletin_publish");
    const winner = answers.find((x) => x.toast?.type === "success");
    expect(shown(winner?.card)).toMatch(/已发布 · 7月5日 10:00 · (王主任|刘科长)/);
    const [row] = await s.bulletinState();
    expect(row?.state).toBe("published");

    // Published: 修改 no longer changes it.
    const late = await s.click(OFFICE, button(draft, "修改"));
    expect(late.toast?.content).toContain("已发布");
    expect(late.card?.template).toBe("bulletin");
  });

  it("发布 with no group chat to post to publishes nothing", async () => {
    const s = await office(ctx, cst("2022-07-05", "10:00"), []);
    const draft = only((await s.say(OFFICE, "/bulletin quarter 2022-Q2")).cards);
    const r = await s.click(OFFICE, button(draft, "发布"));
    expect(r.toast?.type).toBe("warning");
    expect(r.toast?.content).toContain("没有工作群");
    expect(r.items).toEqual([]);
    expect((await s.bulletinState()).map((b) => b.state)).toEqual(["draft"]);
    expect((await s.say(OFFICE, "/bulletin weekly")).texts[0]).toContain("用法");
    expect((await s.say(OFFICE, "/bulletin")).texts[0]).toContain("请给出通报类型");
  });

  it("/export sends the round's .xlsx as a file to the chat, once per event", async () => {
    const s = await office(ctx);
    const r = await s.say(LEADER, "/导出 2022-06", "ev_export");
    const file = r.items.find((i) => i.purpose === "export");
    if (file?.kind !== "send" || file.message.type !== "file") throw new Error("no file sent");
    expect(file.to).toEqual({ chatId: GROUP });
    expect(file.key).toBe("export:ev_export");
    expect(file.message.fileName).toBe("1号议案_2022-06_月调度.xlsx");
    expect(file.message.fileType).toBe("xls");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(Buffer.from(file.message.base64, "base64")).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", "2022-06 月调度"]);
    expect(r.texts[0]).toContain("1号议案_2022-06_月调度.xlsx");
    expect((await s.sayEvent(s.message(LEADER, "/导出 2022-06", "ev_export"))).items).toEqual([]);
    expect((await s.say(OFFICE, "/export 2021-01")).texts[0]).toContain("未找到轮次");
    expect((await s.say(ZHANG, "/export")).texts[0]).toContain("仅限");
  });

  it("status_page answers a view in place; a liaison may not page the missing list", async () => {
    const s = await office(ctx);
    const june = s.rounds.june;
    const page = await s.click(OFFICE, { action: "status_page", view: "overview", roundId: june, page: 1 });
    expect(page.card?.template).toBe("status-overview");
    const missing = await s.click(ZHANG, { action: "status_page", view: "missing", roundId: june, page: 1 });
    expect(missing.card).toBeUndefined();
    expect(missing.toast?.content).toContain("仅限办公室和领导小组");
    const bad = await s.click(OFFICE, { action: "status_page", view: "overview", roundId: "x", page: 1 });
    expect(bad.toast?.type).toBe("error");
  });

  it("/help lists the office's commands by role; a near miss suggests the command", async () => {
    const s = await office(ctx);
    const names = ["/status", "/missing", "/remind", "/bulletin", "/export"];
    const has = async (who: Who) => {
      const text = (await s.say(who, "/help")).texts[0] ?? "";
      return names.filter((n) => text.includes(`• ${n}`));
    };
    expect(await has(OFFICE)).toEqual(names);
    expect(await has(LEADER)).toEqual(["/status", "/missing", "/export"]);
    expect(await has(ZHANG)).toEqual(["/status"]);
    expect(await has(STRANGER)).toEqual([]);
    expect((await s.say(OFFICE, "/remnd")).texts[0]).toContain("/remind");
    expect((await s.say(OFFICE, "/bulletn")).texts[0]).toContain("/bulletin");
  });
});
