import { expect, it } from "vitest";
import { measureCard, renderCard } from "../../src/feishu/cards";
import type { CardRef } from "../../src/kernel/messages";
import { wuhanPlan } from "../fixtures/wuhan-units";
import { describeDb } from "../helpers/db";
import { cardsOf, cardText, createScenario, OFFICE, person, textsOf } from "../helpers/members-scenario";

const LEADER = person("ou_yang", "杨相卫");
const MING = person("ou_ming", "明文龙(市经信局)");
const HU = person("ou_hu", "胡军");
const LI = person("ou_li", "小李(江岸区)");
const ZHAO = person("ou_zhao", "赵六");
const PLAN = "wuhan-2022-proposal-1";

/** The rendered card's form components, as Feishu would receive them. */
function formOf(card: CardRef) {
  const rendered = renderCard(card) as { body: { elements: Record<string, unknown>[] } };
  const form = rendered.body.elements.find((e) => e.tag === "form") as {
    elements: Record<string, unknown>[];
  };
  const multi = form.elements.find((e) => e.tag === "multi_select_static") as
    | { options: { value: string; text: { content: string } }[]; selected_values: string[] }
    | undefined;
  const pickers = form.elements.filter((e) => e.tag === "select_person") as {
    name: string;
    placeholder: { content: string };
  }[];
  const submit = form.elements.find((e) => e.tag === "button") as {
    form_action_type: string;
    behaviors: { value: Record<string, unknown> }[];
  };
  return { rendered, multi, pickers, submit };
}

describeDb("members end to end", (ctx) => {
  it("bot added → members listed → mapping card → the office confirms → /who shows the map", async () => {
    const s = await createScenario(ctx, {
      plans: [wuhanPlan()],
      people: [OFFICE, LEADER, MING, HU, LI, ZHAO],
    });
    const added = await s.botAdded(OFFICE);
    expect(s.directory.calls.listChatMembers).toBe(1);
    const [card] = cardsOf(added.items);
    expect(card?.template).toBe("mapping");
    expect(added.items[0]).toMatchObject({ kind: "send", to: { chatId: s.chatId } });
    if (!card) return;
    const { multi, pickers, submit } = formOf(card);
    // Heads of units (局长, 副局长, 总工程师) are proposed as 领导, never as liaisons: their units keep a picker.
    expect(multi?.options.map((o) => o.text.content)).toEqual([
      "杨相卫 → 领导小组（名单：市经信局局长）",
      "胡军 → 市科技局 领导（名单：市科技局副局长）",
      "明文龙(市经信局) → 市经信局 领导（名单：市经信局总工程师）",
    ]);
    expect(multi?.selected_values).toHaveLength(3);
    // Only units still without a liaison, eight a page.
    expect(pickers.map((p) => p.placeholder.content)).toContain("市经信局：选择联络员");
    expect(pickers).toHaveLength(8);
    expect(cardText(card)).toContain("第 1/6 页");
    expect(submit.form_action_type).toBe("submit");
    expect(submit.behaviors[0]?.value).toEqual({
      action: "mapping_submit",
      planId: PLAN,
      chatId: s.chatId,
      page: 0,
    });
    expect(cardText(card)).toContain("赵六");
    expect(cardText(card)).toContain(`@${OFFICE.openId}`);

    // 下一页 until the districts: 小李(江岸区) is proposed there as 江岸区's liaison by the display name.
    const labels: string[] = [];
    let page = card;
    for (let i = 0; i < 5; i++) {
      const next = page.data.nextValue as Record<string, unknown>;
      const turned = await s.click(OFFICE, next);
      if (!turned.result.card) throw new Error("no page");
      page = turned.result.card;
      labels.push(...(formOf(page).multi?.options.map((o) => o.text.content) ?? []));
    }
    expect(cardText(page)).toContain("第 6/6 页");
    expect(page.data.nextValue).toBe("");
    expect(labels).toEqual(["小李(江岸区) → 江岸区人民政府 联络员（按群昵称）"]);

    const jianghan = await s.unitId(PLAN, "江汉区人民政府");
    const form = { confirm: multi?.selected_values, [`u${jianghan}`]: ZHAO.openId };
    const submitted = await s.click(OFFICE, submit.behaviors[0]?.value ?? {}, form);
    expect(submitted.result.toast).toEqual({ type: "success", content: "已保存 4 项对应。" });
    expect(cardText(submitted.result.card)).toContain("赵六 → 江汉区人民政府 联络员");
    expect(submitted.result.card?.template).toBe("mapping");
    expect((await s.roles(PLAN)).sort()).toEqual(
      ["杨相卫:leader", "明文龙(市经信局):leader", "胡军:leader", "赵六:liaison@江汉区人民政府"].sort(),
    );

    const who = await s.say(ZHAO, "/who");
    const map = cardText(who.cards[0]);
    expect(map).toContain("明文龙(市经信局)");
    expect(map).toContain("杨相卫");
    expect(map).toContain("46 个单位未指定联络员");
    const one = await s.say(ZHAO, "/谁 江汉区");
    expect(cardText(one.cards[0])).toContain("赵六");
  });

  it("a plain member cannot submit the mapping card or use office commands; nothing changes", async () => {
    const s = await createScenario(ctx, { plans: [wuhanPlan()], people: [OFFICE, MING, ZHAO] });
    const added = await s.botAdded(OFFICE);
    const card = cardsOf(added.items)[0];
    if (!card) throw new Error("no mapping card");
    const { multi, submit } = formOf(card);
    const value = submit.behaviors[0]?.value ?? {};
    const refused = await s.click(ZHAO, value, { confirm: multi?.selected_values });
    expect(refused.result.toast?.type).toBe("warning");
    expect(refused.result.toast?.content).toContain("仅限办公室");
    expect(refused.result.card).toBeUndefined();
    expect(await s.roles(PLAN)).toEqual([]);
    const audit = await s.say(ZHAO, "/audit");
    expect(audit.texts[0]).toContain("仅限办公室");
    const bind = await s.say(ZHAO, "/bind 市科技局", { mentions: [] });
    expect(bind.texts[0]).toContain("已将您设为 市科技局 联络员");
    const other = await s.say(ZHAO, "/bind @明文龙(市经信局) 市经信局", { mentions: [MING] });
    expect(other.texts[0]).toContain("仅限办公室");
    expect(await s.roles(PLAN)).toEqual(["赵六:liaison@市科技局"]);
  });

  it("a double submit makes one change, and a stale card never overwrites a liaison", async () => {
    const s = await createScenario(ctx, { plans: [wuhanPlan()], people: [OFFICE, MING, ZHAO] });
    const card = cardsOf((await s.botAdded(OFFICE)).items)[0];
    if (!card) throw new Error("no mapping card");
    const { multi, submit } = formOf(card);
    const value = submit.behaviors[0]?.value ?? {};
    // The office picks 明文龙 (a head of unit, proposed as 领导) as 市经信局's liaison all the same.
    const jingxin = await s.unitId(PLAN, "市经信局");
    const form = { confirm: multi?.selected_values, [`u${jingxin}`]: MING.openId };
    const first = await s.click(OFFICE, value, form);
    expect(first.result.toast?.type).toBe("success");
    const audits = await s.deps.audit.list(PLAN, { limit: 50, offset: 0 });
    const second = await s.click(OFFICE, value, form);
    expect(second.result.toast).toEqual({ type: "info", content: "没有新的变更（可能已提交过）。" });
    expect((await s.deps.audit.list(PLAN, { limit: 50, offset: 0 })).total).toBe(audits.total);
    // Someone else is made 市经信局's liaison; re-submitting the old card keeps them.
    await s.say(OFFICE, "/bind @赵六 市经信局 联络员", { mentions: [ZHAO] });
    const stale = await s.click(OFFICE, value, form);
    expect(cardText(stale.result.card)).toContain("市经信局 已有联络员 赵六，未更改");
    expect(await s.roles(PLAN)).toContain("赵六:liaison@市经信局");
    expect(await s.roles(PLAN)).not.toContain("明文龙(市经信局):liaison@市经信局");
  });

  it("without DUBAN_ADMINS the person who added the bot is the office (audited); with no Feishu app it still works", async () => {
    const s = await createScenario(ctx, { plans: [wuhanPlan()], admins: [], messenger: false });
    const added = await s.botAdded(LEADER);
    const card = cardsOf(added.items)[0];
    expect(cardText(card)).toContain("未能读取群成员列表");
    expect(await s.roles(PLAN)).toEqual(["杨相卫:office"]);
    const log = await s.deps.audit.list(PLAN, { limit: 10, offset: 0 });
    expect(log.entries.map((e) => e.action)).toContain("grant");
    expect(log.entries.find((e) => e.action === "grant")?.after).toMatchObject({ reason: "bootstrap" });
    const units = await s.say(LEADER, "/units");
    expect(cardText(units.cards[0])).toContain("47 个未指定联络员");
  });

  it("when Feishu fails to list members, the card still goes out and says so; /mapping retries", async () => {
    const s = await createScenario(ctx, { plans: [wuhanPlan()], people: [OFFICE, MING] });
    s.directory.failing = true;
    const added = await s.botAdded(OFFICE);
    expect(cardText(cardsOf(added.items)[0])).toContain("未能读取群成员列表");
    s.directory.failing = false;
    // The group has its card: asking again updates that card in place, and re-adding the bot sends none.
    const retry = await s.say(OFFICE, "/mapping");
    expect(cardsOf(retry.items)).toEqual([]);
    expect(retry.texts[0]).toContain("已按最新情况更新");
    const patch = retry.items.find((i) => i.kind === "patch");
    if (patch?.kind !== "patch") throw new Error("no patch");
    expect(patch.target).toEqual({ outboxKey: `mapping:${PLAN}:${s.chatId}` });
    expect(patch.card.template).toBe("mapping");
    expect(cardText(patch.card)).not.toContain("未能读取群成员列表");
    expect(cardText(patch.card)).toContain("明文龙(市经信局) → 市经信局 领导");
    const again = await s.botAdded(OFFICE);
    expect(cardsOf(again.items)).toEqual([]);
  });

  it("with several plans the office chooses one on a card, then gets the mapping card", async () => {
    const s = await createScenario(ctx, {
      plans: [wuhanPlan(), (await import("../fixtures/small-plan")).smallPlan()],
    });
    const added = await s.botAdded(OFFICE);
    const choose = cardsOf(added.items)[0];
    expect(choose?.template).toBe("plan-choose");
    const plans = (choose?.data.plans ?? []) as { value: Record<string, unknown> }[];
    const small = plans.find((p) => p.value.planId === "small-plan");
    if (!small) throw new Error("no small plan button");
    const member = await s.click(ZHAO, small.value);
    expect(member.result.toast?.content).toContain("仅限办公室");
    const chosen = await s.click(OFFICE, small.value);
    expect(chosen.result.toast?.type).toBe("success");
    expect(cardsOf(chosen.items)[0]?.template).toBe("mapping");
    expect((await s.deps.access.chat(s.chatId))?.planId).toBe("small-plan");
    const again = await s.click(OFFICE, small.value);
    expect(again.result.toast?.content).toContain("已绑定该方案");
    expect(again.items).toEqual([]);
  });

  it("keeps the mapping card within Feishu's limits for the whole Wuhan catalog and roster", async () => {
    const roster = wuhanPlan().roster ?? [];
    const everyone = roster.map((r, i) => person(`ou_r${i}`, `${r.name}(${r.unit})`));
    const s = await createScenario(ctx, { plans: [wuhanPlan()], people: [OFFICE, ...everyone] });
    const full = cardsOf((await s.botAdded(OFFICE)).items)[0];
    if (!full) throw new Error("no mapping card");
    const a = formOf(full);
    const sizes = [measureCard(a.rendered)];
    let proposals = a.multi?.options.length ?? 0;
    for (let page = full; page.data.nextValue; ) {
      const turned = (await s.click(OFFICE, page.data.nextValue as Record<string, unknown>)).result.card;
      if (!turned) throw new Error("no page");
      page = turned;
      const f = formOf(page);
      expect(f.pickers.length).toBeLessThanOrEqual(8);
      proposals += f.multi?.options.length ?? 0;
      sizes.push(measureCard(f.rendered));
    }
    expect(proposals).toBeGreaterThanOrEqual(45);

    const strangers = Array.from({ length: 80 }, (_, i) => person(`ou_s${i}`, `联络员${i}号`));
    const t = await createScenario(ctx, {
      plans: [wuhanPlan()],
      people: [OFFICE, ...strangers],
      chatId: "oc_other",
    });
    const empty = cardsOf((await t.botAdded(OFFICE, "oc_other")).items)[0];
    if (!empty) throw new Error("no mapping card");
    const b = formOf(empty);
    expect(b.pickers).toHaveLength(8);
    for (const size of [...sizes, measureCard(b.rendered)]) {
      expect(size.elements).toBeLessThan(200);
      expect(size.bytes).toBeLessThan(30 * 1024);
    }
  });

  it("ignores a mapping card submitted from another chat", async () => {
    const s = await createScenario(ctx, { plans: [wuhanPlan()], people: [OFFICE, MING] });
    const card = cardsOf((await s.botAdded(OFFICE)).items)[0];
    if (!card) throw new Error("no mapping card");
    const { multi, submit } = formOf(card);
    const r = await s.click(
      OFFICE,
      submit.behaviors[0]?.value ?? {},
      { confirm: multi?.selected_values },
      { chatId: "oc_else" },
    );
    expect(r.result.toast?.type).toBe("error");
    expect(await s.roles(PLAN)).toEqual([]);
    expect(textsOf(r.items)).toEqual([]);
  });
});
