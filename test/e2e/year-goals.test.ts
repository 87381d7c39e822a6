import { afterEach, expect, it } from "vitest";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText } from "./harness";
import { cardText, FGW, JXJ, seedOffice } from "./office-seed";

/** Goals (目标指标) through the real webhook route and the fake Feishu, on the Wuhan sample plan. */
describeDb("e2e: the plan's goal indicators", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("/status shows the four goals; the office sets owners; the owner's liaison reports a value", async () => {
    const x = await seedOffice(ctx, (started) => {
      e = started;
    });
    const status = cardText(x, (await x.say(OFFICE, "/status 全部")).sent);
    expect(status).toContain("目标指标（4项）");
    for (const [name, target] of [
      ["数字经济核心产业增加值占GDP的比重", "9%左右"],
      ["数字经济领域重大项目", "20个以上"],
      ["数字经济产业园", "5个以上"],
      ["数字经济应用场景", "200个以上"],
    ])
      expect(status).toMatch(new RegExp(`${name}\\*\\* 目标 ${target} · 当前 —`));

    // /goals proposes owners from the tasks' lead units; the office takes them.
    const listed = cardText(x, (await x.say(OFFICE, "/goals")).sent);
    expect(listed).toContain("建议 市经信局");
    const refused = await x.say(JXJ, "/goals owner all");
    expect(refused.sent.map(shownText).join()).not.toContain("已确定责任单位");
    const set = await x.say(OFFICE, "/goals owner all");
    expect(set.sent.map(shownText).join()).toContain("数字经济应用场景 — 市经信局");
    const moved = await x.say(OFFICE, "/goals owner 1 市发改委");
    expect(moved.sent.map(shownText).join()).toContain("数字经济核心产业增加值占GDP的比重 — 市发改委");

    // Only the owner's liaison reports; /status shows value, share reached and time progress.
    const wrong = await x.say(JXJ, "/goals report 1 8.2 2022-06-30 市统计局");
    expect(wrong.sent.map(shownText).join()).toContain("由市发改委报送");
    const ok = await x.say(FGW, "/goals report 1 8.2 2022-06-30 市统计局季度核算");
    expect(ok.sent.map(shownText).join()).toContain("已记录「数字经济核心产业增加值占GDP的比重」8.2%");
    await x.say(JXJ, "/goals report 4 120 2022-06-30 场景清单");
    const after = cardText(x, (await x.say(OFFICE, "/status 全部")).sent);
    expect(after).toContain("当前 8.2%（截至2022年6月30日） · 完成 91.1%");
    expect(after).toMatch(
      /数字经济应用场景\*\* 目标 200个以上 · 当前 120个（截至2022年6月30日） · 完成 60% · 时序 48\.\d%/,
    );
    const goals = cardText(x, (await x.say(OFFICE, "/目标")).sent);
    expect(goals).toContain("来源：市统计局季度核算");
    expect(goals).toContain("责任单位：市发改委");
  });
});
