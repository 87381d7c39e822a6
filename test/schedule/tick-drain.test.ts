import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { FakeFeishu, instance } from "../fakes/schedule";
import { at, seedWuhanLike } from "../fixtures/schedule-seed";
import { describeDb } from "../helpers/db";

describeDb("a crash in the middle of a drain", (ctx) => {
  it("loses nothing and repeats nothing: the next tick resumes with the same keys", async () => {
    await seedWuhanLike(ctx.database);
    const feishu = new FakeFeishu();
    const crashing = instance(ctx.database, feishu, { crashAfter: 3 });
    await crashing.tick(at("2022-06-17", "09:45"));
    const r = await crashing.tick(at("2022-06-21", "09:45"));
    expect(r.enqueued).toBe(6);
    expect(r.drain).toEqual({ error: "Error: drain crashed" });
    expect(feishu.calls).toHaveLength(3);
    const states = () =>
      ctx.database.query<{ state: string; n: number }>(
        sql`select state, count(*)::int as n from outbox group by state order by state`,
      );
    expect(await states()).toEqual([
      { state: "pending", n: 4 }, // the third was delivered but not marked sent when the process died
      { state: "sent", n: 2 },
    ]);

    // A new process: the lock was released with the crash; nothing new is planned, the rest is sent.
    const restarted = instance(ctx.database, feishu);
    const next = await restarted.tick(at("2022-06-21", "09:46"));
    expect(next.ran).toBe(true);
    expect(next.nudges.planned).toBe(0);
    expect(next.enqueued).toBe(0);
    expect(next.drain).toMatchObject({ sent: 4 });
    expect(await states()).toEqual([{ state: "sent", n: 6 }]);
    // Feishu saw the third message's uuid twice and showed it once: every liaison got exactly one reminder.
    expect(feishu.calls).toHaveLength(7);
    expect(feishu.shown.size).toBe(6);
    expect([...feishu.shown.keys()].every((k) => k.endsWith(":remind"))).toBe(true);
  });
});
