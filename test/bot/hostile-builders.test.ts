import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { expect, it } from "vitest";
import { members, reports } from "../../src/db/schema";
import { dropControls } from "../../src/domain/escape/controls";
import { renderCard } from "../../src/feishu/cards";
import { textLiteral } from "../../src/feishu/escape";
import type { OutboxItem } from "../../src/outbox/ports";
import { describeDb } from "../helpers/db";
import { markdownMarkup, readCard, readText, textMarkup, visibleOf } from "../helpers/feishu-reader";
import { hostileString } from "../helpers/hostile";
import { LEADER, OFFICE, office, STRANGER, ZHANG } from "./office-scenario";

/** Every message a command produced, rendered exactly as the Feishu client renders it. */
function rendered(items: OutboxItem[]) {
  const out: { kind: "text" | "card"; content: string[]; read: string }[] = [];
  for (const i of items) {
    const message = i.kind === "send" || i.kind === "reply" ? i.message : undefined;
    const card = i.kind === "patch" ? i.card : message?.type === "card" ? message.card : undefined;
    if (message?.type === "text") {
      const content = textLiteral(message.text);
      out.push({ kind: "text", content: [content], read: readText(content) });
    } else if (card) {
      const { texts, markdown } = readCard(renderCard(card));
      out.push({ kind: "card", content: markdown, read: texts.join("\n") });
    }
  }
  return out;
}

const KNOWN_IDS = /^ou_[a-z0-9]+$/;

describeDb("every reply and card builder, fed hostile names, reports and arguments", (ctx) => {
  it("no outgoing message carries markup built from them, and names read as typed", async () => {
    const s = await office(ctx);
    const commands = [
      "/status",
      "/status 市经信局",
      "/status 一.1",
      "/who",
      "/who 市经信局",
      "/units",
      "/missing",
      "/remind",
      "/bulletin month",
      "/audit",
      "/round list",
      "/whoami",
    ];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileString(6), hostileString(6), hostileString(10), async (u, p, r) => {
        // What is stored and what reaches the bot has passed the webhook edge, which drops controls (NUL above all).
        const [unitName, person, progress] = [u, p, r].map(dropControls) as [string, string, string];
        // A unit imported under a hostile name, a liaison whose Feishu name is hostile, a hostile report.
        const name = `市经信局${unitName}`;
        await ctx.database.db.execute(sql`update units set name = ${name} where name like '市经信局%'`);
        await ctx.database.db.update(members).set({ name: person }).where(eq(members.openId, ZHANG.openId));
        // Stored revisions refuse updates (a trigger keeps reports as history); this fixture plants hostile text
        // in the stored report, so it turns the triggers off for its own transaction only.
        await ctx.database.db.transaction(async (tx) => {
          await tx.execute(sql`set local session_replication_role = replica`);
          await tx.update(reports).set({ progress });
        });
        for (const [who, text] of [
          ...commands.map((c) => [OFFICE, c] as const),
          [OFFICE, `/status ${unitName}`],
          [OFFICE, `/who ${unitName}`],
          [OFFICE, `/export ${unitName}`],
          [OFFICE, `/missing ${unitName}`],
          [LEADER, `/remind ${unitName}`],
          [STRANGER, `/bind ${unitName}`],
          [STRANGER, `/report ${unitName}`],
          [STRANGER, `/${unitName}`],
          [STRANGER, `/nosuch ${unitName}`],
        ] as const) {
          const { items } = await s.say(who, text, `ev_h${++n}`);
          for (const m of rendered(items)) {
            for (const c of m.content) {
              const found = m.kind === "text" ? textMarkup(c) : markdownMarkup(c);
              expect(found.links, `${text}: ${c}`).toEqual([]);
              expect(found.images, `${text}: ${c}`).toEqual([]);
              for (const id of found.mentions) expect(id, `${text}: ${c}`).toMatch(KNOWN_IDS);
              expect(
                found.tags.filter((t) => t !== "at" && t !== "font"),
                `${text}: ${c}`,
              ).toEqual([]);
            }
          }
        }
        // The unit's name reads as imported wherever /who shows it.
        const who = rendered((await s.say(OFFICE, "/who", `ev_h${++n}`)).items);
        const flat = (x: string) => x.replace(/\s+/g, " ").trim();
        expect(flat(who.map((m) => m.read).join("\n"))).toContain(flat(visibleOf(name)));
      }),
      { numRuns: Number(process.env.FC_RUNS_DB ?? 6) },
    );
  }, 240_000);
});
