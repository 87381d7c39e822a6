import { expect, it } from "vitest";
import { createBulletinStore } from "../../src/db/store/bulletin-store";
import { md } from "../../src/kernel/messages";
import type { BulletinDraft } from "../../src/status/bulletins/draft";
import { statusPlan } from "../fixtures/status-plan";
import { describeDb } from "../helpers/db";
import { Seeder } from "../helpers/status-seed";

const draft = (title: string, problem: string): BulletinDraft => ({
  title,
  addressee: "各承办单位：",
  preamble: md`现将情况通报如下。`,
  sections: [
    { no: "一", heading: "需协调解决的问题", paragraphs: [md`1.市科技局：${problem}`], trimmable: true },
  ],
  issuer: "领导小组办公室",
  date: "2022年7月5日",
  summary: {
    periodLabel: "2022年第二季度",
    onTimeRatePct: 90,
    overdueUnits: 1,
    flaggedTasks: 0,
    flaggedIndicators: 0,
    problems: 1,
  },
});

describeDb("bulletin store", (ctx) => {
  it("keeps one open draft per period, publishes it once, and never edits a published bulletin", async () => {
    await Seeder.load(ctx.database, statusPlan());
    const store = createBulletinStore(ctx.database.db);
    const now = new Date("2022-07-05T02:00:00Z");
    const first = await store.saveDraft({
      planId: "wuhan-test",
      kind: "quarter",
      period: "2022-Q2",
      draft: draft("第二季度通报", "资金<at id=all></at>"),
      createdBy: "ou_a",
      now,
    });
    expect(first).toMatchObject({
      state: "draft",
      title: "第二季度通报",
      kind: "quarter",
      period: "2022-Q2",
    });
    expect(first.draft.sections[0]?.paragraphs[0]?.rich).toContainEqual({ text: "资金<at id=all></at>" });

    const refreshed = await store.saveDraft({
      planId: "wuhan-test",
      kind: "quarter",
      period: "2022-Q2",
      draft: draft("第二季度通报(更新)", "用地"),
      createdBy: "ou_b",
      now,
    });
    expect(refreshed.id).toBe(first.id);
    expect((await store.get(first.id))?.title).toBe("第二季度通报(更新)");

    const edited = await store.updateDraft(first.id, draft("改后标题", "用地"));
    expect(edited).toMatchObject({ changed: true, record: { title: "改后标题" } });

    const published = await store.publish(first.id, "ou_office", now);
    expect(published).toMatchObject({
      changed: true,
      record: { state: "published", publishedBy: "ou_office" },
    });
    const twice = await store.publish(first.id, "ou_other", new Date("2022-07-06T00:00:00Z"));
    expect(twice).toMatchObject({ changed: false, record: { publishedBy: "ou_office" } });
    expect(twice?.record.publishedAt?.toISOString()).toBe(now.toISOString());
    expect(await store.updateDraft(first.id, draft("再改", "x"))).toMatchObject({
      changed: false,
      record: { title: "改后标题" },
    });

    const next = await store.saveDraft({
      planId: "wuhan-test",
      kind: "quarter",
      period: "2022-Q2",
      draft: draft("重新印发", "x"),
      createdBy: null,
      now,
    });
    expect(next.id).not.toBe(first.id);
    expect((await store.latest("wuhan-test", "quarter", "2022-Q2"))?.id).toBe(next.id);
    expect(await store.latest("wuhan-test", "month", "2022-06")).toBeUndefined();
    expect(await store.get(999_999)).toBeUndefined();
    expect(await store.publish(999_999, "ou_x", now)).toBeUndefined();
  });
});
