import { afterEach, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/fake-feishu-types";
import { cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText } from "./harness";
import { seedOffice } from "./office-seed";

/**
 * The 通报 as the office receives it, end to end over the Wuhan sample plan (of 2022): periods stay inside the
 * plan, only units that were asked are counted.
 */

describeDb("e2e: the bulletin stays inside the plan and counts only units that were asked", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  const shown = (x: E2E, sent: FakeMessage[]) =>
    sent
      .map((m) => (m.msgType === "interactive" ? cardShown(x.fake.cardOf(m.messageId)) : shownText(m)))
      .join("\n");

  it("drafts a period of the plan's year by default and refuses one outside the plan naming its span", async () => {
    const x = await seedOffice(ctx, (started) => {
      e = started;
    });
    const outside = shown(x, (await x.say(OFFICE, "/bulletin year 2021")).sent);
    expect(outside).toContain("2021年度不在本工作方案期间（2022年3月31日至2022年11月30日）内");

    x.at("2026-12-06T02:00:00Z");
    const late = shown(x, (await x.say(OFFICE, "/bulletin quarter")).sent);
    expect(late).toContain("2022年第四季度");
    const year = shown(x, (await x.say(OFFICE, "/bulletin year")).sent);
    expect(year).toContain("2022年度");
    const q2 = shown(x, (await x.say(OFFICE, "/bulletin quarter Q2")).sent);
    expect(q2).toContain("2022年第二季度");
  });
});
