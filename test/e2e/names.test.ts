import { afterEach, expect, it } from "vitest";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { describeDb } from "../helpers/db";
import { readCard } from "../helpers/feishu-reader";
import { type E2E, OFFICE, shownText, startE2E } from "./harness";

/** What the office reads in the answers: card texts as rendered, text messages as shown. */
const read = (sent: FakeMessage[]) =>
  sent.map((m) => (m.card ? readCard(m.card).texts.join("\n") : shownText(m))).join("\n");

import { loadWuhan } from "./plan";

const CHAT = "oc_e2e_group";
const WANG = { openId: "ou_wangxiaoming00000000000000000001", name: "王小明" };
const LI = { openId: "ou_lisi000000000000000000000000001", name: "李四" };

describeDb("e2e: whoever binds is named, never blank", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("/bind 市科技局 by a member the bot has never listed, then /who 市科技局 names him", async () => {
    e = await startE2E(ctx);
    await loadWuhan(ctx.database);
    // The chat exists in Feishu with 王小明 in it; the bot has stored no member list (no bot-added event).
    e.fake.addChat(CHAT, [OFFICE, WANG], "1号议案办理工作群");
    const bound = await e.say(WANG, "/bind 市科技局");
    expect(bound.status).toBe(200);
    expect(bound.sent.map(shownText).join()).toMatch(/市科技局/);

    const who = await e.say(OFFICE, "/who 市科技局");
    const text = read(who.sent);
    expect(text).toContain("市科技局 — 王小明");
    expect(text).not.toMatch(/— *$/m);
  });

  it("a member renamed in Feishu is renamed in every role on the next member-list refresh", async () => {
    e = await startE2E(ctx);
    await loadWuhan(ctx.database);
    e.fake.addChat(CHAT, [OFFICE, LI], "1号议案办理工作群");
    await e.deliver(
      e.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
    );
    await e.say(LI, "/bind 市财政局");
    const first = read((await e.say(OFFICE, "/who 市财政局")).sent);
    expect(first).toContain("市财政局 — 李四");

    // Renamed in Feishu: the next member-list refresh (here the office's /mapping) carries the new name to the role.
    e.fake.addMember(CHAT, LI.openId, "李思远");
    await e.say(OFFICE, "/mapping");
    const later = read((await e.say(OFFICE, "/who 市财政局")).sent);
    expect(later).toContain("市财政局 — 李思远");
  });
});
