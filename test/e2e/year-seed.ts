import { expect } from "vitest";
import { cardButton, cardButtons, cardShown } from "../helpers/card-json";
import type { DbContext } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText, startE2E } from "./harness";
import { CHAT, FGW, JXJ, KJJ } from "./office-seed";
import { loadWuhan } from "./plan";

/**
 * A small world for the year's features: the Wuhan plan, one work group, liaisons of 市科技局, 市发改委 and
 * 市经信局 bound by /bind, and the monthly round of `period` opened by /round.
 */
export async function seedYear(ctx: DbContext, started: (x: E2E) => void, now = "2022-06-20T02:00:00Z") {
  const x = await startE2E(ctx, { now: new Date(now) });
  started(x);
  await loadWuhan(ctx.database);
  x.fake.addChat(CHAT, [OFFICE, JXJ, KJJ, FGW], "1号议案办理工作群");
  await x.deliver(
    x.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
  );
  for (const [who, unit] of [
    [JXJ, "市经信局"],
    [KJJ, "市科技局"],
    [FGW, "市发改委"],
  ] as const) {
    const r = await x.say(OFFICE, `/bind @${who.name} ${unit}`, { mentions: [who] });
    expect(r.sent.map(shownText).join(), unit).toContain("已将");
  }
  return x;
}

/** The liaison fills the first task of their latest round card, with a problem for the office. */
export async function reportProblem(x: E2E, who: Person, period: string, problems: string) {
  const msg = x.fake
    .sent({ openId: who.openId })
    .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes(period))
    .at(0);
  if (!msg) throw new Error(`${who.name} got no card for ${period}`);
  const card = x.fake.cardOf(msg.messageId);
  const fill = cardButtons(card).find((b) => b.label === "填报" || b.label === "修改");
  if (!fill) throw new Error("nothing to fill");
  const form = await x.click(who, fill.value, { messageId: msg.messageId });
  const done = await x.click(who, cardButton(form.card, "提交").value, {
    messageId: msg.messageId,
    formValue: { status: "blocked", progress: "揭榜挂帅项目推进中", problems },
  });
  expect(done.toast?.type, done.toast?.content).not.toBe("error");
  return done;
}
