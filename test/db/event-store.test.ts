import { describe, expect, it } from "vitest";
import { batcher } from "../../src/db/store/batch";
import { createEventStore } from "../../src/db/store/event-store";
import { describeDb } from "../helpers/db";

describe("batcher", () => {
  it("sends the first call alone and groups the calls that arrive while batches are running", async () => {
    const batches: number[][] = [];
    const run = batcher<number, number>(
      async (items) => {
        batches.push(items);
        await new Promise((r) => setTimeout(r, 10));
        return items.map((i) => i * 2);
      },
      { maxInFlight: 1, maxBatch: 3 },
    );
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => run(i)));
    expect(results).toEqual([2, 4, 6, 8, 10, 12]);
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it("rejects every call of a failed batch and carries on with the next", async () => {
    let n = 0;
    const run = batcher<number, number>(
      async (items) => {
        if (n++ === 0) throw new Error("db down");
        return items;
      },
      { maxInFlight: 1 },
    );
    const a = run(1);
    const b = run(2);
    await expect(a).rejects.toThrow("db down");
    await expect(b).resolves.toBe(2);
  });
});

describeDb("event store", (ctx) => {
  it("claims an event_id once, even when the same id is claimed concurrently in one batch", async () => {
    const store = createEventStore(ctx.database.db);
    const now = new Date("2022-06-22T01:30:00Z");
    const claim = (eventId: string) =>
      store.claim({ eventId, eventType: "t", payload: { kind: "x" }, now, leaseUntil: now });
    const ids = ["a", "a", "b", "a", "c", "b", "a", "b"];
    const results = await Promise.all(ids.map(claim));
    // Exactly one claim per id wins (which one depends on how the statements interleave).
    const winners = ids.filter((_, i) => results[i]);
    expect(winners.sort()).toEqual(["a", "b", "c"]);
    expect(await claim("a")).toBe(false);
    expect(await store.get("a")).toMatchObject({ state: "pending", attempts: 1 });
    await Promise.all([
      store.markDone({ eventId: "a", eventType: "t" }, now),
      store.markDone({ eventId: "b", eventType: "t" }, now),
    ]);
    expect(await store.get("a")).toMatchObject({ state: "done", handledAt: now });
    expect(await store.get("c")).toMatchObject({ state: "pending" });
  });

  it("marks a large batch done, and a done event is no longer handed out to run again", async () => {
    const store = createEventStore(ctx.database.db);
    const now = new Date("2022-06-22T01:30:00Z");
    const ids = Array.from({ length: 300 }, (_, i) => `ev_${i}`);
    // Leases already over: every one of them is due again unless marked done.
    await Promise.all(
      ids.map((eventId) =>
        store.claim({ eventId, eventType: "t", payload: { kind: "x", eventId }, now, leaseUntil: now }),
      ),
    );
    const done = ids.filter((_, i) => i % 3 !== 0);
    await Promise.all(done.map((id) => store.markDone({ eventId: id, eventType: "t" }, now)));
    for (const id of done.slice(0, 5)) expect(await store.get(id)).toMatchObject({ state: "done" });
    const later = new Date(now.getTime() + 60_000);
    const due = await store.takeDue(later, new Date(later.getTime() + 300_000), 500);
    expect(due.map((d) => d.eventId).sort()).toEqual(ids.filter((_, i) => i % 3 === 0).sort());
    expect(due[0]?.payload).toMatchObject({ kind: "x" });
    // Pruning keeps what is still pending and forgets what was handled.
    expect(await store.prune(later)).toBe(done.length);
    expect(await store.get("ev_0")).toMatchObject({ state: "pending" });
  });

  it("takes an event marked done twice in one batch, and the claims riding with the marks still land", async () => {
    const store = createEventStore(ctx.database.db);
    const now = new Date("2022-06-22T01:30:00Z");
    const claim = (eventId: string) =>
      store.claim({ eventId, eventType: "t", payload: { kind: "x" }, now, leaseUntil: now });
    expect(await claim("run-twice")).toBe(true);
    // A run after the lease and the first run finish together: both mark the same event.
    const marks = [1, 2].map(() => store.markDone({ eventId: "run-twice", eventType: "t" }, now));
    // The marks ride in this claim's statement; a refused statement would fail the claim too.
    expect(await claim("next")).toBe(true);
    await Promise.all(marks);
    expect(await store.get("run-twice")).toMatchObject({ state: "done", handledAt: now });
    expect(await store.get("next")).toMatchObject({ state: "pending" });
  });

  it("records an event as done again when its record was deleted before its handler finished", async () => {
    const store = createEventStore(ctx.database.db);
    const now = new Date("2022-06-22T01:30:00Z");
    await store.markDone({ eventId: "gone", eventType: "im.message.receive_v1" }, now);
    expect(await store.get("gone")).toMatchObject({
      state: "done",
      eventType: "im.message.receive_v1",
      handledAt: now,
    });
    // And so it stays a duplicate should Feishu deliver it again.
    expect(await store.claim({ eventId: "gone", eventType: "t", payload: null, now, leaseUntil: null })).toBe(
      false,
    );
  });
});
