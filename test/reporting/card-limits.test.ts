import { expect, it } from "vitest";
import { CARD_MAX_BYTES, CARD_MAX_ELEMENTS, measureCard, renderCard } from "../../src/feishu/cards";
import type { CardRef } from "../../src/kernel/messages";
import { bigPlan } from "../fixtures/big-plan";
import { button, buttons, inputName, raw, scenario, shown } from "../helpers/collect-scenario";
import { describeDb } from "../helpers/db";

const JXJ = "ou_jxj";
/** Text that escaping makes longest: every character becomes a 5–6 byte entity. */
const worst = (n: number) => "<>[]()*_~#|!`$+-{}:.".repeat(Math.ceil(n / 20)).slice(0, n);

function withinLimits(card: CardRef) {
  const { bytes, elements } = measureCard(renderCard(card));
  expect(bytes).toBeLessThanOrEqual(CARD_MAX_BYTES);
  expect(elements).toBeLessThanOrEqual(CARD_MAX_ELEMENTS);
  return { bytes, elements };
}

describeDb("collect cards stay within Feishu's limits", (ctx) => {
  it("a unit with 40 tasks gets a paged overview; every page fits, before and after reporting", async () => {
    const s = await scenario(ctx.database, bigPlan());
    await s.bind(JXJ, "市经信局");
    await s.command("/round open monthly 2022-06");
    const first = s.screen(JXJ);
    expect(shown(first)).toContain("共 40 项");
    expect(shown(first)).toContain("第 1/4 页");
    withinLimits(first);
    expect(buttons(first).map((b) => b.label)).not.toContain("上一页");

    // Walk the pages with the page buttons, report every task with the longest texts, and measure again.
    let card = first;
    const pages: CardRef[] = [first];
    for (let p = 1; p < 4; p++) {
      card = (await s.click(button(card, "下一页"), JXJ)).card as CardRef;
      expect(shown(card)).toContain(`第 ${p + 1}/4 页`);
      pages.push(card);
    }
    expect(buttons(card).map((b) => b.label)).not.toContain("下一页");
    for (const page of pages) {
      for (const fill of buttons(page).filter((b) => b.label === "填报")) {
        const form = (await s.click(fill.value, JXJ)).card as CardRef;
        const answer = await s.click(button(form, "提交"), JXJ, {
          status: "in_progress",
          progress: worst(500),
          problems: worst(300),
          evidence: `https://example.gov.cn/${"a".repeat(400)}`,
        });
        expect(answer.toast?.type).not.toBe("error");
      }
    }
    for (let p = 0; p < 4; p++) {
      const again = await s.collect.overviewCard(1, await s.unitId("市经信局"), s.clock.at, p);
      const m = withinLimits(again as CardRef);
      expect(m.bytes).toBeGreaterThan(3000); // a real page, not an empty one
    }
  });

  it("the task form with four indicators and the longest prefilled texts fits", async () => {
    const s = await scenario(ctx.database, bigPlan());
    await s.bind(JXJ, "市经信局");
    await s.command("/round open monthly 2022-06");
    // 二.1 is the 11th task: on page 2.
    const page2 = (await s.click(button(s.screen(JXJ), "下一页"), JXJ)).card as CardRef;
    const form = (await s.click(button(page2, "填报"), JXJ)).card as CardRef;
    expect(shown(form)).toContain("标杆智能工厂");
    const values = Object.fromEntries(
      ["工业技改项目", "标杆智能工厂", "数字化生产线", "工业互联网平台"].map((n, i) => [
        inputName(form, n),
        String(i * 7),
      ]),
    );
    await s.click(button(form, "提交"), JXJ, {
      status: "behind",
      progress: worst(500),
      problems: worst(300),
      evidence: `https://example.gov.cn/${"b".repeat(450)}`,
      ...values,
    });
    const again = (await s.click(button(s.screen(JXJ), "修改"), JXJ)).card as CardRef;
    expect(again.template).toBe("task-form");
    withinLimits(again);
    // Escaping: the prefilled text is a plain input value (shown literally), never markdown.
    expect(raw(again)).toContain(JSON.stringify(worst(500)).slice(1, -1));
  });

  it("the lead view of a task shared by 20 districts is paged and every page fits", async () => {
    const s = await scenario(ctx.database, bigPlan());
    await s.bind(JXJ, "市经信局");
    const districts = Array.from({ length: 20 }, (_, i) => `第${i + 1}区人民政府`);
    for (const [i, d] of districts.entries()) await s.bind(`ou_d${i}`, d);
    await s.command("/round open monthly 2022-06");
    for (const [i] of districts.entries()) {
      const openId = `ou_d${i}`;
      const form = (await s.click(button(s.screen(openId), "填报"), openId)).card as CardRef;
      await s.click(button(form, "提交"), openId, {
        status: "blocked",
        progress: worst(500),
        problems: worst(300),
        evidence: `https://example.gov.cn/${"c".repeat(450)}`,
      });
    }
    let view = (await s.click(button(s.screen(JXJ), "汇总"), JXJ)).card as CardRef;
    expect(view.template).toBe("lead-view");
    expect(shown(view)).toContain("共 21 个单位：已报送 20");
    const seen = new Set<string>();
    for (let p = 0; p < 3; p++) {
      withinLimits(view);
      for (const d of districts) if (shown(view).includes(`**${d}**`)) seen.add(d);
      if (p < 2) view = (await s.click(button(view, "下一页"), JXJ)).card as CardRef;
    }
    expect(seen.size).toBe(20);
    expect(buttons(view).map((b) => b.label)).toContain("返回");
  });
});
