import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { renderCard } from "../../src/feishu/cards";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { type CardButton, cardButton, cardButtons, cardInputName, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText, startE2E } from "./harness";
import { loadWuhan, WUHAN_ID } from "./plan";

const CHAT = "oc_e2e_group";
const MING: Person = { openId: "ou_ming00000000000000000000000000001", name: "明文龙" }; // 市经信局 liaison
const HU: Person = { openId: "ou_hu0000000000000000000000000000001", name: "胡军" }; // 市科技局 liaison
const ZHOU: Person = { openId: "ou_zhou000000000000000000000000000001", name: "周敏" }; // 市科技局 deputy
const LI: Person = { openId: "ou_li0000000000000000000000000000001", name: "李娜" }; // 江岸区 liaison
const ZHAO: Person = { openId: "ou_zhao000000000000000000000000000001", name: "赵六" }; // bound later
const ATTACK = "进展顺利<at id=all></at> [点我](http://evil.example) **粗**";
const JUNE = "2022年6月 月调度";

describeDb(
  "e2e: progress collected through interactive cards (webhook → bot → outbox → fake Feishu)",
  (ctx) => {
    let e: E2E | undefined;
    /** The mapping card the bot sent when it joined the group. */
    let mapping: FakeMessage | undefined;
    afterEach(async () => {
      await e?.close();
      e = undefined;
    });

    const q = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
      ctx.database.query<T>(query);

    async function requestId(unit: string, code: string): Promise<number> {
      const [row] = await q<{ id: number }>(sql`
      select rr.id from report_requests rr join units u on u.id = rr.unit_id join tasks t on t.id = rr.task_id
      where u.name = ${unit} and t.code = ${code}`);
      if (!row) throw new Error(`no request ${unit} ${code}`);
      return Number(row.id);
    }

    const revisions = () =>
      q<{ unit: string; code: string | null; revision: number; late: boolean; progress: string }>(sql`
      select u.name as unit, t.code, r.revision, r.late, r.progress from reports r
      join report_requests rr on rr.id = r.request_id join units u on u.id = rr.unit_id
      left join tasks t on t.id = rr.task_id order by r.id`);

    /** The overview cards a person received directly (p2p) for a round. */
    function overviews(p: Person, title = JUNE): FakeMessage[] {
      if (!e) throw new Error("not started");
      return e.fake
        .sent({ openId: p.openId, msgType: "interactive" })
        .filter(
          (m) =>
            cardShown(m.card).includes(title) &&
            cardButtons(m.card).some((b) => b.label === "填报" || b.label === "修改"),
        );
    }

    function onlyOverview(p: Person): FakeMessage {
      const all = overviews(p);
      expect(all, `${p.name}'s overview cards`).toHaveLength(1);
      const [m] = all;
      if (!m) throw new Error("no card");
      return m;
    }

    /** The button on a card whose callback names this request. */
    function fillFor(card: unknown, reqId: number): CardButton {
      const b = cardButtons(card).find((x) => x.value.requestId === reqId);
      if (!b) throw new Error(`no button for request ${reqId}`);
      return b;
    }

    async function setup(): Promise<E2E> {
      const x = await startE2E(ctx);
      e = x;
      await loadWuhan(ctx.database);
      x.fake.addChat(CHAT, [OFFICE, MING, HU, ZHOU, LI, ZHAO], "1号议案办理工作群");
      // The bot joins the group: the chat is bound to the plan, its members listed, the mapping card sent.
      const added = await x.deliver(
        x.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
      );
      mapping = added.sent.find((m) => m.chatId === CHAT && m.msgType === "interactive");
      for (const [who, text] of [
        [MING, "/bind @明文龙 市经信局"],
        [HU, "/bind @胡军 市科技局"],
        [ZHOU, "/bind @周敏 市科技局 副联络员"],
        [LI, "/bind @李娜 江岸区"],
      ] as const) {
        const r = await x.say(OFFICE, text, { mentions: [who] });
        expect(r.sent.map(shownText).join(), text).toContain(`已将 ${who.name} 设为`);
      }
      const opened = await x.say(OFFICE, "/round open monthly 2022-06");
      const reply = opened.sent.map(shownText).join("\n");
      expect(reply).toContain(`已开启「${JUNE}」`);
      expect(reply).toContain("报送截止 2022年6月24日（星期五）18:00");
      return x;
    }

    /** Opens the form from the person's overview card and submits it; returns both answers. */
    async function fillAndSubmit(p: Person, reqId: number, form: Record<string, unknown>) {
      if (!e) throw new Error("not started");
      const card = onlyOverview(p);
      const fill = await e.click(p, fillFor(e.fake.cardOf(card.messageId), reqId).value, {
        messageId: card.messageId,
        chatId: card.chatId,
      });
      expect(fill.card, fill.toast?.content).toBeDefined();
      const submit = cardButtons(fill.card).find((b) => b.submit);
      if (!submit) throw new Error("no submit button");
      const answer = await e.click(p, submit.value, {
        messageId: card.messageId,
        chatId: card.chatId,
        formValue: form,
      });
      return { fill, submit, answer, card };
    }

    it("bind → open → each liaison's card → 填报 → 提交: stored, answered, the deputy's copy patched, the lead told", async () => {
      const x = await setup();

      // One overview card per liaison and deputy, in a direct chat: unit, round, due date, tasks 待报送 with 填报.
      const huCard = onlyOverview(HU);
      expect(huCard.chatType).toBe("p2p");
      const shown = cardShown(x.fake.cardOf(huCard.messageId));
      expect(shown).toContain(`市科技局 · ${JUNE}`);
      expect(shown).toContain("2022年6月24日（星期五）18:00");
      const [{ n }] = (await q<{ n: number }>(sql`
      select count(*)::int as n from report_requests rr join units u on u.id = rr.unit_id
      where u.name = '市科技局'`)) as [{ n: number }];
      const fills = cardButtons(x.fake.cardOf(huCard.messageId)).filter((b) => b.label === "填报");
      expect(fills).toHaveLength(Math.min(Number(n), 10));
      expect(shown.match(/待报送/g)?.length).toBeGreaterThanOrEqual(Math.min(Number(n), 10));
      const zhouCard = onlyOverview(ZHOU);
      onlyOverview(MING);
      onlyOverview(LI);
      // Outbox keys are longer than Feishu's 50-character uuid: each card still has its own uuid.
      const uuids = [huCard, zhouCard].map((m) => m.uuid);
      expect(new Set(uuids).size).toBe(2);
      for (const u of uuids) expect(u?.length).toBeLessThanOrEqual(50);

      // 胡军 fills 三.1 (lead: 市经信局): the answer is the form, in place.
      const req = await requestId("市科技局", "三.1");
      const { fill, answer } = await fillAndSubmit(HU, req, {
        status: "in_progress",
        progress: ATTACK,
        problems: "需要市发改委协调用地",
        evidence: "https://example.gov.cn/a.pdf",
      });
      expect(cardShown(fill.card)).toContain("进展情况");
      expect(answer.status).toBe(200);
      expect(answer.toast).toMatchObject({ type: "success" });
      expect(answer.toast?.content).toContain("已报送「三.1」（第1版）");
      const answered = cardShown(answer.card);
      expect(answered).toContain(`市科技局 · ${JUNE}`);
      expect(answered).toContain("已报送");
      expect(answered).toContain("<at id=all></at>"); // shown literally …
      expect(JSON.stringify(answer.card)).not.toContain("<at id=all>"); // … because it is escaped
      expect(await revisions()).toEqual([
        { unit: "市科技局", code: "三.1", revision: 1, late: false, progress: ATTACK },
      ]);

      // The deputy's copy was patched through the outbox; the liaison's own card is updated by the answer.
      expect(x.fake.calls("patch").length).toBe(1);
      const patched = x.fake.cardOf(zhouCard.messageId);
      expect(cardShown(patched)).toContain("已报送");
      expect(cardShown(patched)).toContain("<at id=all></at>");
      const raw = JSON.stringify(patched);
      expect(raw).not.toContain("<at id=all>");
      expect(raw).not.toContain("[点我](http://evil");

      // The lead unit's liaison is told, once, with the text shown literally.
      const notices = x.fake
        .sent({ openId: MING.openId, msgType: "interactive" })
        .filter((m) => cardShown(m.card).includes("市科技局 已报送"));
      expect(notices).toHaveLength(1);
      const notice = JSON.stringify(notices[0]?.card);
      expect(cardShown(notices[0]?.card)).toContain("需要市发改委协调用地");
      expect(notice).not.toContain("<at id=all>");
      expect(notice).not.toContain("[点我](http://evil");

      // The lead opens 汇总 for 三.1 from its own card: 市科技局's report, escaped.
      const mingCard = onlyOverview(MING);
      const task = await q<{ id: number }>(
        sql`select id from tasks where code = '三.1' and plan_id = ${WUHAN_ID}`,
      );
      const leadButton = cardButtons(x.fake.cardOf(mingCard.messageId)).find(
        (b) => b.label === "汇总" && b.value.taskId === Number(task[0]?.id),
      );
      if (!leadButton) throw new Error("no 汇总 button for 三.1");
      const lead = await x.click(MING, leadButton.value, {
        messageId: mingCard.messageId,
        chatId: mingCard.chatId,
      });
      expect(cardShown(lead.card)).toContain("汇总 · 三.1");
      expect(cardShown(lead.card)).toContain("需要市发改委协调用地");
      expect(cardShown(lead.card)).toContain("<at id=all></at>");
      expect(JSON.stringify(lead.card)).not.toContain("<at id=all>");
      expect(JSON.stringify(lead.card)).not.toContain("[点我](http://evil");

      // The status side reads the same report.
      const status = await x.rt.botDeps.status.status(WUHAN_ID, "市科技局");
      if (!status.ok || !status.card) throw new Error(`status: ${status.ok ? "" : status.text}`);
      const statusCard = cardShown(renderCard(status.card));
      expect(statusCard).toContain("已报送 1/");
      expect(JSON.stringify(renderCard(status.card))).not.toContain("<at id=all>");
    });

    it("refuses a forwarded card and a forged submit politely; a validation error names the field; a double click stores once", async () => {
      const x = await setup();
      const req = await requestId("市科技局", "三.1");
      const huCard = onlyOverview(HU);
      const fill = fillFor(x.fake.cardOf(huCard.messageId), req);

      // 李娜 (江岸区) clicks a 填报 forwarded to her: a polite refusal naming the unit, no form.
      const forwarded = await x.click(LI, fill.value, { messageId: "om_forwarded_copy" });
      expect(forwarded.toast?.type).toBe("warning");
      expect(forwarded.toast?.content).toContain("抱歉");
      expect(forwarded.toast?.content).toContain("市科技局");
      expect(forwarded.card).toBeUndefined();

      const form = await x.click(HU, fill.value, { messageId: huCard.messageId, chatId: huCard.chatId });
      const submit = cardButton(form.card, "提交");
      const forged = await x.click(LI, submit.value, { formValue: { status: "done", progress: "冒名" } });
      expect(forged.toast?.content).toContain("市科技局");
      expect(await revisions()).toEqual([]);

      // A validation error: a Chinese toast naming the field; nothing stored, the form stays.
      const empty = await x.click(HU, submit.value, {
        messageId: huCard.messageId,
        formValue: { status: "in_progress", progress: "   " },
      });
      expect(empty.toast).toEqual({ type: "error", content: "「进展情况」不能为空" });
      expect(empty.card).toBeUndefined();
      const bad = await x.click(HU, submit.value, {
        messageId: huCard.messageId,
        formValue: { status: "in_progress", progress: "好", evidence: "javascript:alert(1)" },
      });
      expect(bad.toast?.content).toContain("「佐证材料链接」");
      expect(await revisions()).toEqual([]);

      // A double click: the same form twice, two events with their own event_id: one revision, one notice.
      const content = { status: "in_progress", progress: "第一次" };
      const a = await x.click(HU, submit.value, { messageId: huCard.messageId, formValue: content });
      const b = await x.click(HU, submit.value, { messageId: huCard.messageId, formValue: content });
      expect(a.toast?.content).toContain("已报送「三.1」（第1版）");
      expect(b.toast?.content).toContain("重复提交未再保存");
      expect((await revisions()).map((r) => r.revision)).toEqual([1]);
      // (Each click is a new signed event with its own event_id: the second reached the bot, which said so.)

      const notices = x.fake
        .sent({ openId: MING.openId, msgType: "interactive" })
        .filter((m) => cardShown(m.card).includes("市科技局 已报送"));
      expect(notices).toHaveLength(1);
    });

    it("a falling cumulative figure asks first; late reports are 迟报; the office reopens a round for a unit", async () => {
      const x = await setup();
      // 一.1's figures (数据中心机架, 4万个) are reported by 市经信局, its first responsible unit.
      const racksReq = await requestId("市经信局", "一.1");
      const first = await fillAndSubmit(MING, racksReq, { status: "in_progress", progress: "推进" });
      expect(first.answer.toast?.type).not.toBe("error");
      const edit = await x.click(MING, fillFor(first.answer.card, racksReq).value, {
        messageId: first.card.messageId,
      });
      const racks = cardInputName(edit.card, "数据中心机架");
      const submitEdit = cardButton(edit.card, "提交修改");
      const up = await x.click(MING, submitEdit.value, {
        messageId: first.card.messageId,
        formValue: { status: "in_progress", progress: "已建成2万个", [racks]: "2万" },
      });
      expect(up.toast?.content).toContain("第2版");
      // 50% reached with 39.6% of 04-01..10-31 gone at the due date: on track.
      expect(up.toast?.type).toBe("success");

      const again = await x.click(MING, fillFor(up.card, racksReq).value, {
        messageId: first.card.messageId,
      });
      expect(cardShown(again.card)).toContain('"default_value":"20000"');
      const down = await x.click(MING, cardButton(again.card, "提交修改").value, {
        messageId: first.card.messageId,
        formValue: { status: "in_progress", progress: "核减", [racks]: "10000" },
      });
      expect(down.toast?.type).toBe("warning");
      expect(down.toast?.content).toContain("由 2万个 降至 1万个");
      expect((await revisions()).map((r) => r.revision)).toEqual([1, 2]);
      const confirmed = await x.click(MING, cardButton(down.card, "确认无误，提交").value, {
        messageId: first.card.messageId,
        formValue: { status: "in_progress", progress: "核减", [racks]: "10000" },
      });
      expect(confirmed.toast?.content).toContain("第3版");
      expect(confirmed.toast?.content).toContain("数据中心机架 完成25%，时序进度39.6%，滞后于时序进度");
      expect((await revisions()).map((r) => r.revision)).toEqual([1, 2, 3]);

      // After the due date a first report is 迟报; after the close (5 working days on) everything is.
      x.at("2022-06-25T02:00:00Z");
      const liReq = (
        await q<{ id: number }>(sql`
      select rr.id from report_requests rr join units u on u.id = rr.unit_id
      where u.name = '江岸区人民政府' order by rr.id limit 1`)
      )[0]?.id;
      const late = await fillAndSubmit(LI, Number(liReq), { status: "in_progress", progress: "晚了" });
      expect(late.answer.toast?.content).toContain("记为迟报");
      expect(cardShown(late.answer.card)).toContain("迟报");
      expect((await revisions()).at(-1)).toMatchObject({ unit: "江岸区人民政府", late: true });

      x.at("2022-07-02T02:00:00Z");
      const huReq = await requestId("市科技局", "三.1");
      const closed = await fillAndSubmit(HU, huReq, { status: "done", progress: "关闭后" });
      expect(closed.answer.toast?.content).toContain("迟报");
      expect((await revisions()).at(-1)).toMatchObject({ unit: "市科技局", late: true });

      // The office reopens the round for 市科技局: a fresh card, and reports until then are on time.
      const reopened = await x.say(OFFICE, "/round reopen 市科技局 monthly 2022-06 2022-07-08");
      expect(reopened.sent.map(shownText).join()).toContain(
        "已为「市科技局」重新开放「2022年6月 月调度」至 2022年7月8日（星期五）18:00",
      );
      const fresh = overviews(HU).at(-1);
      if (!fresh) throw new Error("no fresh card");
      expect(cardShown(fresh.card)).toContain("延期至 2022年7月8日");
      const otherReq = await requestId("市科技局", "一.1");
      const ok = await x.click(HU, fillFor(fresh.card, otherReq).value, { messageId: fresh.messageId });
      const stored = await x.click(HU, cardButton(ok.card, "提交").value, {
        messageId: fresh.messageId,
        formValue: { status: "in_progress", progress: "补报" },
      });
      expect(stored.toast?.type).toBe("success");
      expect((await revisions()).at(-1)).toMatchObject({ unit: "市科技局", code: "一.1", late: false });
    });

    it("a liaison bound after the round opened (mapping card) gets its card at once", async () => {
      const x = await setup();
      expect(overviews(ZHAO)).toEqual([]);
      const mappingMsg = mapping;
      // The card lists the units without a liaison eight a page: the office turns to the unit's page.
      let card = x.fake.cardOf(mappingMsg?.messageId ?? "");
      for (let page = 0; page < 10 && !cardShown(card).includes("江汉区人民政府"); page++)
        card = (await x.click(OFFICE, cardButton(card, "下一页").value, { messageId: mappingMsg?.messageId }))
          .card as Record<string, unknown> | undefined;
      const pick = cardInputName(card, "江汉区人民政府");
      const answer = await x.click(OFFICE, cardButton(card, "确认提交").value, {
        messageId: mappingMsg?.messageId,
        formValue: { confirm: [], [pick]: ZHAO.openId },
      });
      expect(answer.toast?.type).toBe("success");
      const zhao = onlyOverview(ZHAO);
      expect(cardShown(zhao.card)).toContain(`江汉区人民政府 · ${JUNE}`);
      // Opening the round again sends nobody a second card.
      const again = await x.say(OFFICE, "/round open monthly 2022-06");
      expect(again.sent.map(shownText).join()).toContain("无需重复开启");
      // (The office may hear, privately, of the units still without a liaison: the list has changed.)
      expect(again.sent.filter((m) => m.chatType === "p2p" && !m.uuid?.startsWith("nocontact:"))).toEqual([]);
      expect(overviews(ZHAO)).toHaveLength(1);
    });

    it("the schedule, reaching rounds the office opened by hand, keeps them: one row, the office's times, no second card", async () => {
      const x = await setup();
      // July by hand, early and with the office's own due date.
      const july = await x.say(OFFICE, "/round open monthly 2022-07 2022-07-27");
      expect(july.sent.map(shownText).join()).toContain("2022年7月27日（星期三）18:00");
      const rounds = () =>
        q<{ period: string; due: string; n: number }>(sql`
        select period, to_char(due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as due,
               count(*) over (partition by kind, period)::int as n
        from rounds where kind = 'monthly' and period in ('2022-06', '2022-07') order by period`);
      const before = await rounds();
      expect(before).toEqual([
        { period: "2022-06", due: "2022-06-24 18:00", n: 1 },
        { period: "2022-07", due: "2022-07-27 18:00", n: 1 },
      ]);
      const ticked: unknown[] = [];
      for (const at of ["2022-06-21T02:00:00Z", "2022-07-18T02:00:00Z", "2022-07-20T02:00:00Z"]) {
        x.at(at);
        const result = await x.rt.scheduler.tick(new Date(at));
        expect(result).toMatchObject({ ran: true, errors: [] });
        ticked.push(result.rounds);
        await x.settle();
      }
      // The schedule did its own work meanwhile (created the rounds still to come, the 自评 round among them;
      // opened the half-year round, due 06-30) …
      expect(ticked[0]).toMatchObject({ created: 6, opened: 1 });
      const h1 = await q<{ opened: boolean }>(
        sql`select opened_at is not null as opened from rounds where kind = 'half_year'`,
      );
      expect(h1).toEqual([{ opened: true }]);
      // … and left the office's rounds alone.
      expect(await rounds()).toEqual(before);
      // July stays open past Feishu's 14 days for a card: the one card more is the refresh, not a reopening.
      expect(overviews(HU, "2022年7月 月调度").map((m) => m.uuid?.split(":")[0])).toEqual([
        "overview",
        "refresh",
      ]);
      expect(overviews(HU)).toHaveLength(1);
    });
  },
);
