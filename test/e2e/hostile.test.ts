import fc from "fast-check";
import { afterEach, expect, it } from "vitest";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { describeDb } from "../helpers/db";
import { markdownMarkup, readCard, readText, textMarkup } from "../helpers/feishu-reader";
import { HOSTILE_PIECES, hostileString } from "../helpers/hostile";
import { type E2E, OFFICE, startE2E } from "./harness";
import { loadWuhan } from "./plan";

const CHAT = "oc_e2e_group";
const MEMBER = { openId: "ou_member000000000000000000000000001", name: "赵六" };
const COMMANDS = [
  "/status",
  "/who",
  "/bind",
  "/report",
  "/remind",
  "/missing",
  "/export",
  "/bulletin",
  "/nosuch",
];

/** Markup in what the fake Feishu received, as Feishu would parse it. */
function markupOf(m: FakeMessage) {
  if (m.text !== undefined) return [textMarkup(m.text)];
  return readCard(m.card).markdown.map(markdownMarkup);
}

function readOf(m: FakeMessage): string {
  return m.text !== undefined ? readText(m.text) : readCard(m.card).texts.join("\n");
}

describeDb(
  "e2e: hostile arguments to every command, through the webhook route and the fake Feishu",
  (ctx) => {
    let e: E2E | undefined;
    afterEach(async () => {
      await e?.close();
      e = undefined;
    });

    it("from a plain member and from the office: no outgoing message carries markup built from them", async () => {
      e = await startE2E(ctx);
      await loadWuhan(ctx.database);
      e.fake.addChat(CHAT, [OFFICE, MEMBER], "1号议案办理工作群");
      await e.deliver(
        e.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
      );
      const known = new Set([OFFICE.openId, MEMBER.openId]);
      const args = [HOSTILE_PIECES.join(" "), ...fc.sample(hostileString(6), { numRuns: 2, seed: 11 })];
      for (const from of [MEMBER, OFFICE])
        for (const cmd of COMMANDS)
          for (const arg of args) {
            const r = await e.say(from, `${cmd} ${arg}`);
            expect(r.status).toBe(200);
            expect(r.sent.length, `${cmd} from ${from.name}: answered`).toBeGreaterThan(0);
            for (const m of r.sent)
              for (const found of markupOf(m)) {
                const where = `${cmd} ${JSON.stringify(arg)} from ${from.name}`;
                expect(found.links, where).toEqual([]);
                expect(found.images, where).toEqual([]);
                for (const id of found.mentions) expect(known.has(id), `${where}: mention ${id}`).toBe(true);
                expect(
                  found.tags.filter((t) => t !== "at" && t !== "font"),
                  where,
                ).toEqual([]);
              }
          }
    }, 300_000);

    it("a 50,000-character argument to /bind, /who and /status gets a short reply naming the cap, no echo", async () => {
      e = await startE2E(ctx);
      await loadWuhan(ctx.database);
      e.fake.addChat(CHAT, [OFFICE, MEMBER], "1号议案办理工作群");
      const huge = `市科技局${'<at user_id="all">所有人</at>'.repeat(2000)}`.slice(0, 50_000);
      for (const from of [MEMBER, OFFICE])
        for (const cmd of ["/bind", "/who", "/status"]) {
          const r = await e.say(from, `${cmd} ${huge}`);
          expect(r.status).toBe(200);
          expect(r.sent).toHaveLength(1);
          const read = r.sent.map(readOf).join("");
          expect(read.length).toBeLessThan(200);
          expect(read).toMatch(/上限\d+字/);
          expect(read).not.toContain("所有人");
        }
      // Nothing was bound by any of it.
      const who = await e.say(OFFICE, "/who 市科技局");
      expect(who.sent.map(readOf).join()).not.toContain(MEMBER.name);
    }, 300_000);
  },
);
