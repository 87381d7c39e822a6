import { expect, it } from "vitest";
import type { CardRef } from "../../src/kernel/messages";
import { button, buttons, raw, shown } from "../helpers/collect-scenario";
import { describeDb } from "../helpers/db";
import { ATTACK, cst } from "../helpers/status-scenario";
import { cards, GROUP, LEADER, OFFICE, OFFICE2, OTHER_GROUP, office, only, ZHANG } from "./office-scenario";

describeDb("the bulletin's card actions", (ctx) => {
  it("/bulletin drafts a preview; 修改 rewords or regenerates; 发布 asks where, then posts once there, office only", async () => {
    const s = await office(ctx, cst("2022-07-05", "10:00"));
    const draft = only((await s.say(OFFICE, "/通报 季度")).cards);
    expect(draft.template).toBe("bulletin-preview");
    expect(shown(draft)).toContain("2022年第二季度通报");
    expect(shown(draft)).toContain("草稿");
    expect(shown(draft)).toMatch(/绿 \d+.*黄 \d+.*红 \d+/);
    // The preview is not the text: no section of the 通报 is in it.
    expect(shown(draft)).not.toContain("总体情况");
    expect(buttons(draft).map((b) => b.label)).toEqual(["修改", "发布", "下载"]);

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
    expect(saved.card?.template).toBe("bulletin-preview");
    const empty = await s.click(OFFICE, button(form.card as CardRef, "保存修改"), {
      preamble: "  ",
      requirements: "x",
    });
    expect(empty.toast).toEqual({ type: "error", content: "导语不能为空" });
    // 按最新数据重新生成 brings back the preview.
    const regenerated = await s.click(OFFICE, button(form.card as CardRef, "按最新数据重新生成"));
    expect(regenerated.card?.template).toBe("bulletin-preview");

    // 下载 sends the .docx to whoever clicked, privately.
    const download = await s.click(OFFICE, button(draft, "下载"));
    expect(download.items.map((i) => (i.kind === "send" ? [i.to, i.message.type] : []))).toEqual([
      [{ openId: OFFICE.openId }, "file"],
    ]);

    // A liaison (a forwarded card) and a leader may not publish or edit: nothing changes, nothing is sent.
    for (const who of [ZHANG, LEADER]) {
      const refused = await s.click(who, button(draft, "发布"));
      expect(refused.toast?.type).toBe("warning");
      expect(refused.toast?.content).toContain("仅限办公室");
      expect(refused.items).toEqual([]);
      expect((await s.click(who, button(draft, "修改"))).toast?.content).toContain("仅限办公室");
    }
    expect((await s.bulletinState()).map((b) => b.state)).toEqual(["draft"]);

    // 发布 asks where: each group of the plan by name, or the file only; nothing is published yet.
    const choice = await s.click(OFFICE, button(draft, "发布"));
    expect(choice.card?.template).toBe("bulletin-targets");
    expect(choice.items).toEqual([]);
    const labels = buttons(choice.card as CardRef).map((b) => b.label);
    expect(labels).toEqual([`发布到「${GROUP}」`, `发布到「${OTHER_GROUP}」`, "仅生成文件", "返回"]);
    expect((await s.bulletinState()).map((b) => b.state)).toEqual(["draft"]);

    // Two office members pick the second group at once, then one again: published once, sent there only.
    const toOther = button(choice.card as CardRef, `发布到「${OTHER_GROUP}」`);
    const [a, b] = await Promise.all([s.click(OFFICE, toOther), s.click(OFFICE2, toOther)]);
    const c = await s.click(OFFICE, toOther);
    const answers = [a, b, c];
    expect(answers.filter((x) => x.toast?.type === "success")).toHaveLength(1);
    expect(answers.filter((x) => x.toast?.content.includes("无需重复发布"))).toHaveLength(2);
    const id = (await s.bulletinState())[0]?.id;
    const sends = answers.flatMap((x) => x.items).filter((i) => i.kind === "send");
    expect([...new Set(sends.map((i) => i.key))].sort()).toEqual(
      [`bulletin:${id}:${OTHER_GROUP}`, `bulletin-file:${id}:${OTHER_GROUP}`].sort(),
    );
    expect(sends.every((i) => i.kind === "send" && "chatId" in i.to && i.to.chatId === OTHER_GROUP)).toBe(
      true,
    );
    const posted = cards(sends)[0];
    expect(posted?.template).toBe("bulletin");
    expect(shown(posted)).toContain("2022年第二季度通报");
    expect(shown(posted)).toContain("已发布");
    expect(raw(posted)).not.toContain("<at id=all>");
    expect(raw(posted)).not.toContain("bulletin_publish");
    const winner = answers.find((x) => x.toast?.type === "success");
    expect(shown(winner?.card)).toMatch(/已发布 · 7月5日 10:00 · (王主任|刘科长)/);
    const [row] = await s.bulletinState();
    expect(row?.state).toBe("published");

    // 仅生成文件 afterwards: the final file to the clicker only.
    const fileOnly = await s.click(OFFICE, button(choice.card as CardRef, "仅生成文件"));
    expect(fileOnly.items.map((i) => (i.kind === "send" ? [i.to, i.message.type] : []))).toEqual([
      [{ openId: OFFICE.openId }, "file"],
    ]);

    // Published: 修改 no longer changes it.
    const late = await s.click(OFFICE, button(draft, "修改"));
    expect(late.toast?.content).toContain("已发布");
    expect(late.card?.template).toBe("bulletin-preview");
  });

  it("发布 with no group chat to post to offers the file only", async () => {
    const s = await office(ctx, cst("2022-07-05", "10:00"), []);
    const draft = only((await s.say(OFFICE, "/bulletin quarter 2022-Q2")).cards);
    const r = await s.click(OFFICE, button(draft, "发布"));
    expect(r.card?.template).toBe("bulletin-targets");
    expect(shown(r.card)).toContain("暂无可发布的群");
    expect(buttons(r.card as CardRef).map((b) => b.label)).toEqual(["仅生成文件", "返回"]);
    expect(r.items).toEqual([]);
    expect((await s.bulletinState()).map((b) => b.state)).toEqual(["draft"]);
    expect((await s.say(OFFICE, "/bulletin weekly")).texts[0]).toContain("用法");
    expect((await s.say(OFFICE, "/bulletin")).texts[0]).toContain("请给出通报类型");
  });
});
