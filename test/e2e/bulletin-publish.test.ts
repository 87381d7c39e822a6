import { afterEach, expect, it } from "vitest";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { cardButton, cardButtons, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText } from "./harness";
import { CHAT, CHAT2, seedOffice, until } from "./office-seed";

/**
 * A draft stays with the office until it is published, and goes only where the office says: signed card
 * actions through the real webhook route, the fake Feishu recording every send.
 */

const PREVIEW_MAX_ELEMENTS = 8;

function elementsOf(card: unknown): unknown[] {
  return ((card as { body?: { elements?: unknown[] } } | undefined)?.body?.elements ?? []) as unknown[];
}

describeDb(
  "e2e: the bulletin draft goes to the office as a preview, and is published where chosen",
  (ctx) => {
    let e: E2E | undefined;
    afterEach(async () => {
      await e?.close();
      e = undefined;
    });

    it("previews privately, downloads, then publishes to the leaders' group only", async () => {
      const x = await seedOffice(ctx, (started) => {
        e = started;
      });
      const before = x.fake.sent().length;
      const sentSince = () => x.fake.sent().slice(before);
      const files = (where: (m: FakeMessage) => boolean) =>
        sentSince().filter((m) => m.msgType === "file" && where(m));

      await x.say(OFFICE, "/bulletin quarter 2022-Q2");
      await until(x, () => files((m) => m.chatType === "p2p").length > 0);
      const preview = sentSince().find((m) => m.chatType === "p2p" && m.msgType === "interactive");
      if (!preview) throw new Error("no preview card reached the office");
      const dm = preview.chatId;
      const card = x.fake.cardOf(preview.messageId);
      // One screen: the counts and the red and yellow tasks, not the text.
      expect(elementsOf(card).length).toBeLessThan(PREVIEW_MAX_ELEMENTS);
      expect(cardShown(card)).toMatch(/绿 \d+/);
      expect(cardShown(card)).toMatch(/黄 \d+/);
      expect(cardShown(card)).toMatch(/红 \d+/);
      expect(cardShown(card)).not.toContain("总体情况");
      expect(cardButtons(card).map((b) => b.label)).toEqual(["修改", "发布", "下载"]);
      const on = { messageId: preview.messageId, chatId: dm };

      // 修改 and back: still the office's, nothing sent anywhere.
      const form = await x.click(OFFICE, cardButton(card, "修改").value, on);
      expect(cardShown(form.card)).toContain("导语");
      const back = await x.click(OFFICE, cardButton(form.card, "返回").value, on);
      expect(cardButtons(back.card).map((b) => b.label)).toEqual(["修改", "发布", "下载"]);

      // 下载: the .docx again, privately.
      const privately = files((m) => m.chatType === "p2p").length;
      await x.click(OFFICE, cardButton(card, "下载").value, on);
      await until(x, () => files((m) => m.chatType === "p2p").length > privately);
      expect(files((m) => m.chatType === "p2p").length).toBe(privately + 1);

      // 发布 asks where: the work group and the leaders' group by name, or the file only.
      const choice = await x.click(OFFICE, cardButton(card, "发布").value, on);
      expect(cardButtons(choice.card).map((b) => b.label)).toEqual([
        "发布到工作群「1号议案办理工作群」",
        "发布到「1号议案领导小组群」",
        "仅生成文件",
        "返回",
      ]);
      const published = await x.click(
        OFFICE,
        cardButton(choice.card, "发布到「1号议案领导小组群」").value,
        on,
      );
      expect(published.toast?.type, published.toast?.content).toBe("success");
      await until(x, () => files((m) => m.chatId === CHAT2).length > 0);

      // The leaders' group got the published text and the final file; the work group only the one line.
      const inLeaders = sentSince().filter((m) => m.chatId === CHAT2);
      expect(inLeaders.map((m) => m.msgType).sort()).toEqual(["file", "interactive"]);
      const text = cardShown(
        x.fake.cardOf(inLeaders.find((m) => m.msgType === "interactive")?.messageId ?? ""),
      );
      expect(text).toContain("总体情况");
      expect(text).toContain("已发布");
      const file = x.fake
        .files()
        .find((f) => f.fileKey === inLeaders.find((m) => m.msgType === "file")?.fileKey);
      expect(file?.fileName).toMatch(/2022年第二季度通报\.docx$/);
      const inWork = sentSince().filter((m) => m.chatId === CHAT);
      expect(inWork.map((m) => m.msgType)).toEqual(["text"]);
      for (const m of inWork) {
        expect(shownText(m)).not.toContain("总体情况");
        expect(shownText(m)).not.toContain("红灯");
      }
    });
  },
);
