import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { Database } from "../../src/db/client";
import { openDatabase } from "../../src/db/open-node";
import { feishuUuid } from "../../src/feishu/client";
import { describeDb } from "../helpers/db";
import type { E2E } from "./harness";
import { local, runtimeOn, setUp, tick } from "./schedule-setup";

/**
 * The schedule with more than one process: two instances ticking at the same instants (for Postgres, each with
 * its own pool), and a process stopped in the middle of a drain whose successor finishes it. Counted in the
 * fake Feishu by uuid (the outbox key): nothing twice, nothing lost.
 */
describeDb("e2e: the schedule across instances and restarts", (ctx) => {
  let e: E2E | undefined;
  let other: Database | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
    await other?.close();
    other = undefined;
  });

  /** The database as another process sees it: PGlite has one session; Postgres gets a second pool. */
  async function secondDatabase(): Promise<Database> {
    if (ctx.kind === "pglite" || !ctx.url) return ctx.database;
    other = await openDatabase({ url: ctx.url, max: 5 });
    return other;
  }

  /** Every message the outbox meant to send reached the fake exactly once; nothing is left unsent. */
  async function exactlyOnce(t: E2E) {
    const rows = await ctx.database.query<{ key: string; kind: string; state: string }>(
      sql`select key, kind, state from outbox order by id`,
    );
    expect(rows.filter((r) => r.state !== "sent")).toEqual([]);
    const messages = t.fake.sent();
    const shown = new Map<string, number>();
    for (const m of messages) shown.set(m.uuid ?? "", (shown.get(m.uuid ?? "") ?? 0) + 1);
    expect([...shown].filter(([, n]) => n > 1)).toEqual([]);
    const sends = rows.filter((r) => r.kind === "send" || r.kind === "reply");
    // Feishu takes a uuid of at most 50 characters: longer keys go out hashed, as the messenger sends them.
    const uuids = await Promise.all(sends.map((r) => feishuUuid(r.key)));
    expect(sends.filter((_, i) => !shown.has(uuids[i] ?? "")).map((r) => r.key)).toEqual([]);
    expect(messages).toHaveLength(sends.length);
    // Each buzz once: a repeated urgent call would list the person twice.
    for (const m of messages) expect(new Set(m.urgentTo).size, m.uuid).toBe(m.urgentTo.length);
    expect(rows.filter((r) => r.kind === "urgent").length).toBeGreaterThan(0);
    return { rows, messages };
  }

  it("two instances ticking at the same instants, a third drain racing them: each message once", async () => {
    e = await setUp(ctx);
    const b = runtimeOn(e, await secondDatabase());
    const instants = [
      "2022-06-16T09:45",
      "2022-06-17T09:45",
      "2022-06-21T09:45",
      "2022-06-24T09:45",
      "2022-06-27T10:15",
      "2022-06-29T10:15",
    ];
    for (const when of instants) {
      const now = local(when);
      e.at(now);
      const [ra, rb] = await Promise.all([
        e.rt.scheduler.tick(now),
        b.scheduler.tick(now),
        // B's own dispatcher drains at the same time, outside the schedule's lock (as behind a pooler).
        b.dispatcher?.runUntilIdle({ maxWaitMs: 0 }),
      ]);
      expect([...ra.errors, ...rb.errors], when).toEqual([]);
      expect(ra.ran || rb.ran, when).toBe(true);
    }
    // Replayed cron: both instances again at the last instant add nothing.
    const sentBefore = e.fake.sent().length;
    const again = await Promise.all([
      e.rt.scheduler.tick(local("2022-06-29T10:16")),
      b.scheduler.tick(local("2022-06-29T10:16")),
    ]);
    expect(again.map((r) => r.enqueued)).toEqual([0, 0]);
    expect(e.fake.sent().length).toBe(sentBefore);

    const { messages } = await exactlyOnce(e);
    const opened = await ctx.database.query<{ n: number }>(
      sql`select count(*)::int as n from rounds where opened_at is not null`,
    );
    expect(opened[0]?.n).toBe(2); // H1 and June, each once
    expect(messages.filter((m) => m.uuid?.startsWith("overview:")).length).toBe(10); // 5 people × 2 rounds
    expect(messages.filter((m) => m.uuid?.startsWith("esc:")).length).toBeGreaterThan(0);
    // Each send was called once: the lock and the claims kept the instances apart (not only Feishu's uuid).
    const calls = new Map<string, number>();
    for (const c of e.fake.calls("send")) {
      const uuid = (c.body as { uuid?: string }).uuid ?? "";
      calls.set(uuid, (calls.get(uuid) ?? 0) + 1);
    }
    expect([...calls].filter(([, n]) => n > 1)).toEqual([]);
  }, 120_000);

  it("a drain stopped mid-way, one answer lost: the next process sends the rest, nothing twice", async () => {
    e = await setUp(ctx);
    await tick(e, "2022-06-16T09:45");
    await tick(e, "2022-06-17T09:45");
    const fake = e.fake;
    const now = local("2022-06-27T10:15"); // the June round's overdue @s and buzzes, H1 reminders, Q2 draft
    e.at(now);
    const before = fake.sent().length;
    const callsBefore = fake.calls("send").length;
    // Feishu accepts the 2nd send but its answer is lost; every send takes a while.
    let n = 0;
    fake.inject("send", { type: "lost_response" }, { times: 1, when: () => ++n === 2 });
    fake.inject("send", { type: "delay", ms: 150 }, { rate: 1 });
    const first = e.rt.scheduler.tick(now);
    await fake.waitFor(() => fake.calls("send").length - callsBefore >= 4, 20_000);
    await e.rt.tickDrain?.stop(); // the process goes down mid-drain
    const ra = await first;
    expect(ra.errors).toEqual([]);
    const planned = await ctx.database.query<{ n: number }>(
      sql`select count(*)::int as n from outbox where key like 'nudge:%' or key like 'esc:%' or key like 'bulletin:%'`,
    );
    const left = await ctx.database.query<{ n: number }>(
      sql`select count(*)::int as n from outbox where state <> 'sent'`,
    );
    expect(left[0]?.n, "the stop came mid-drain").toBeGreaterThan(0);
    expect(fake.sent().length - before).toBeLessThan(planned[0]?.n ?? 0);
    fake.clearFaults();

    // The next process, a minute later: plans nothing new, sends what is left.
    const b = runtimeOn(e, await secondDatabase());
    const next = local("2022-06-27T10:16");
    e.at(next);
    const rb = await b.scheduler.tick(next);
    expect(rb.ran).toBe(true);
    expect(rb.errors).toEqual([]);
    expect(rb.enqueued).toBe(0);
    expect(rb.drain).toMatchObject({ failed: 0 });

    await exactlyOnce(e);
    // The message whose answer was lost was sent again with its uuid and shows once.
    const lost = fake.calls("send").find((c) => c.status === -1);
    const uuid = (lost?.body as { uuid?: string } | undefined)?.uuid ?? "";
    expect(uuid).not.toBe("");
    expect(fake.calls("send").filter((c) => (c.body as { uuid?: string }).uuid === uuid).length).toBe(2);
    expect(fake.sent({ uuid })).toHaveLength(1);
  }, 120_000);
});
