import { expect, it } from "vitest";
import { escapeMarkdown } from "../../src/feishu/escape";
import type { CardRef } from "../../src/kernel/messages";
import { button, raw, shown } from "../helpers/collect-scenario";
import { describeDb } from "../helpers/db";
import { ATTACK, cst } from "../helpers/status-scenario";
import { cards, GROUP, LEADER, OFFICE, OFFICE2, OTHER_GROUP, office, only, ZHANG } from "./office-scenario";

describeDb("the bulletin's card actions", (ctx) => {
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
});
