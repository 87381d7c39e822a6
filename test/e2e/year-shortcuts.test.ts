import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardShown } from "../helpers/card-json";
import { type DbContext, describeDb } from "../helpers/db";
import { readDocx } from "../helpers/docx-read";
import { type E2E, OFFICE, type Person } from "./harness";
import { fileAfter, KJJ } from "./office-seed";
import { seedYear } from "./year-seed";

/** The liaison's latest card of a round (by the round's title), read as Feishu now shows it. */
function roundCard(x: E2E, who: Person, title: string) {
  const msg = x.fake
    .sent({ openId: who.openId })
    .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes(title))
    .at(0);
  if (!msg) throw new Error(`${who.name} got no card for ${title}`);
  return { messageId: msg.messageId, card: x.fake.cardOf(msg.messageId) as Record<string, unknown> };
}

/** The row of the overview card that names the task (its 填报, 同上月, 无新进展 buttons). */
function rowOf(card: unknown, code: string) {
  const elements = ((card as { body?: { elements?: unknown[] } }).body?.elements ?? []) as unknown[];
  const row = elements.find((el) => cardShown(el).includes(`**${code}**`));
  if (!row) throw new Error(`no row for ${code}`);
  return row;
}

async function fill(x: E2E, who: Person, title: string, code: string, progress: string) {
  const { card, messageId } = roundCard(x, who, title);
  const form = await x.click(who, cardButton(rowOf(card, code), "填报").value, { messageId });
  const done = await x.click(who, cardButton(form.card, "提交").value, {
    messageId,
    formValue: { status: "in_progress", progress },
  });
  expect(done.toast?.type, done.toast?.content).toBe("success");
}

const latestOf = async (ctx: DbContext, period: string, code: string) =>
  (
    await ctx.database.query<{ progress: string; kind: string; status: string | null }>(
      sql`select r.progress, r.kind, r.status from report_requests q join rounds c on c.id = q.round_id
        join tasks t on t.id = q.task_id join units u on u.id = q.unit_id join reports r on r.id = q.latest_report_id
        where c.period = ${period} and c.kind = 'monthly' and t.code = ${code} and u.name = '市科技局'`,
    )
  )[0];

/** The 二、主要进展 part of the 通报 the office drafts with `command`. */
async function bulletinProgress(x: E2E, command: string): Promise<string> {
  const before = x.fake.sent().length;
  await x.say(OFFICE, command);
  const file = await fileAfter(x, before);
  const doc = (await readDocx(new Uint8Array(file?.bytes ?? []))).paragraphs.map((p) => p.text);
  return doc.slice(doc.indexOf("二、主要进展"), doc.indexOf("三、存在问题")).join("\n");
}

/** 同上月 and 本月无新进展 on a unit's overview card, through the real webhook route. */
describeDb("e2e: report shortcuts on the overview card", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("同上月 copies last month's report, not an older one; 无新进展 is stored but never quoted as progress", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    // May: 一.1 and 二.3 reported. June: only 一.1 (二.3 left out).
    x.at("2022-05-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-05");
    await fill(x, KJJ, "2022年5月", "一.1", "五月：揭榜挂帅项目完成遴选");
    await fill(x, KJJ, "2022年5月", "二.3", "五月：算力中心开工");
    x.at("2022-06-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-06");
    await fill(x, KJJ, "2022年6月", "一.1", "六月：揭榜挂帅项目签约3个");

    x.at("2022-07-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-07");
    const july = roundCard(x, KJJ, "2022年7月");
    expect(cardShown(july.card)).toMatch(/全部同上月（\d+项）.*全部本月无新进展（\d+项）/);
    const same = await x.click(KJJ, cardButton(rowOf(july.card, "一.1"), "同上月").value, {
      messageId: july.messageId,
    });
    expect(same.toast?.content).toBe("已按「同上月」报送 1 项。");
    expect(await latestOf(ctx, "2022-07", "一.1")).toEqual({
      progress: "六月：揭榜挂帅项目签约3个",
      kind: "same_as_last",
      status: "in_progress",
    });
    // 二.3 was not reported in June: May's report is not last month's.
    const older = await x.click(KJJ, cardButton(rowOf(same.card, "二.3"), "同上月").value, {
      messageId: july.messageId,
    });
    expect(older.toast?.type).toBe("warning");
    expect(older.toast?.content).toContain("二.3 上月无报送，请逐项填报");
    expect(await latestOf(ctx, "2022-07", "二.3")).toBeUndefined();

    const none = await x.click(KJJ, cardButton(rowOf(older.card, "二.3"), "无新进展").value, {
      messageId: july.messageId,
    });
    expect(none.toast?.content).toBe("已按「本月无新进展」报送 1 项。");
    expect(await latestOf(ctx, "2022-07", "二.3")).toMatchObject({
      progress: "本月无新进展。",
      kind: "no_progress",
    });
    expect(cardShown(none.card)).toContain("本月无新进展");

    // July's bulletin: 一.1's copied report is quoted; 二.3's 无新进展 is not progress.
    x.at("2022-08-01T02:00:00Z");
    const progress = await bulletinProgress(x, "/bulletin month 2022-07");
    expect(progress).toContain("市科技局报告：六月：揭榜挂帅项目签约3个。");
    expect(progress).not.toContain("无新进展");
    expect(progress).not.toMatch(/二\.3/);

    // August says something on 二.3, September says 无新进展: the quarter's bulletin quotes August, not nothing.
    x.at("2022-08-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-08");
    await fill(x, KJJ, "2022年8月", "二.3", "八月：算力中心主体完工");
    x.at("2022-09-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-09");
    const sept = roundCard(x, KJJ, "2022年9月");
    const quiet = await x.click(KJJ, cardButton(rowOf(sept.card, "二.3"), "无新进展").value, {
      messageId: sept.messageId,
    });
    expect(quiet.toast?.content).toBe("已按「本月无新进展」报送 1 项。");
    x.at("2022-10-08T02:00:00Z");
    const q3progress = await bulletinProgress(x, "/bulletin quarter 2022-Q3");
    expect(q3progress).toContain("八月：算力中心主体完工");
    expect(q3progress).not.toContain("无新进展");
  });

  it("in a plan whose units report each quarter (季度调度) they say 本季度无新进展 and 同上季度, on the card, in the answer and in the stored text", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    // As the importer reads 「各牵头单位于每季度末报送工作进展」: one round a quarter, titled 季度调度.
    await ctx.database.query(
      sql`update plans set document = jsonb_set(document, '{rhythm}',
        '[{"kind": "quarterly_dispatch", "text": "各牵头单位于每季度末报送工作进展"}]'::jsonb)`,
    );
    x.at("2022-06-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-06");
    await fill(x, KJJ, "2022年第二季度 季度调度", "一.1", "二季度：揭榜挂帅项目签约3个");

    x.at("2022-09-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-09");
    const q3 = roundCard(x, KJJ, "2022年第三季度 季度调度");
    const shown = cardShown(q3.card);
    expect(shown).toMatch(/全部同上季度（\d+项）.*全部本季度无新进展（\d+项）/);
    expect(shown).not.toContain("本月");
    expect(shown).not.toContain("同上月");
    const form = await x.click(KJJ, cardButton(rowOf(q3.card, "一.1"), "填报").value, {
      messageId: q3.messageId,
    });
    expect(cardShown(form.card)).toContain("本季度主要进展");

    const same = await x.click(KJJ, cardButton(rowOf(q3.card, "一.1"), "同上季度").value, {
      messageId: q3.messageId,
    });
    expect(same.toast?.content).toBe("已按「同上季度」报送 1 项。");
    expect(await latestOf(ctx, "2022-09", "一.1")).toMatchObject({
      progress: "二季度：揭榜挂帅项目签约3个",
      kind: "same_as_last",
    });
    const older = await x.click(KJJ, cardButton(rowOf(same.card, "二.3"), "同上季度").value, {
      messageId: q3.messageId,
    });
    expect(older.toast?.content).toContain("二.3 上季度无报送，请逐项填报");

    const none = await x.click(KJJ, cardButton(rowOf(older.card, "二.3"), "无新进展").value, {
      messageId: q3.messageId,
    });
    expect(none.toast?.content).toBe("已按「本季度无新进展」报送 1 项。");
    expect(await latestOf(ctx, "2022-09", "二.3")).toMatchObject({
      progress: "本季度无新进展。",
      kind: "no_progress",
    });
    expect(cardShown(rowOf(none.card, "二.3"))).toContain("本季度无新进展");
    expect(cardShown(none.card)).not.toContain("本月无新进展");

    // The quarter's bulletin quotes the copied report and not the 无新进展.
    x.at("2022-10-08T02:00:00Z");
    const progress = await bulletinProgress(x, "/bulletin quarter 2022-Q3");
    expect(progress).toContain("市科技局报告：二季度：揭榜挂帅项目签约3个。");
    expect(progress).not.toContain("无新进展");
  });
});
