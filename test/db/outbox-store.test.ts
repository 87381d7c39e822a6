import { expect, it } from "vitest";
import type { Database } from "../../src/db/client";
import { openDatabase } from "../../src/db/open-node";
import { createOutboxStore } from "../../src/db/store/outbox-store";
import type { OutboxItem } from "../../src/outbox/ports";
import { describeDb } from "../helpers/db";

const text = (t: string) => ({ type: "text" as const, text: t });
const send = (key: string, chatId = "oc_1", extra: Partial<OutboxItem> = {}): OutboxItem =>
  ({ key, purpose: "nudge", kind: "send", to: { chatId }, message: text(key), ...extra }) as OutboxItem;

describeDb("outbox store", (ctx) => {
  const at = (iso: string) => new Date(iso);
  const T0 = at("2022-06-01T09:00:00+08:00");
  const store = () => createOutboxStore(ctx.database, { clock: { now: () => T0 } });

  it("adds each key once and says how many were new", async () => {
    const s = store();
    expect(await s.enqueue([send("a"), send("b")])).toBe(2);
    expect(await s.enqueue([send("b"), send("c")])).toBe(1);
    expect(await s.enqueue([send("a")])).toBe(0);
    expect((await s.get("b"))?.state).toBe("pending");
    expect(await s.get("zzz")).toBeUndefined();
  });

  it("files each row under the rate-limit bucket of its chat, user or message", async () => {
    const s = store();
    await s.enqueue([
      send("card", "oc_9"),
      { key: "dm", purpose: "p", kind: "send", to: { openId: "ou_1" }, message: text("x") },
      { key: "re", purpose: "p", kind: "reply", replyTo: { outboxKey: "card" }, message: text("x") },
      { key: "re2", purpose: "p", kind: "reply", replyTo: { messageId: "om_1" }, message: text("x") },
      {
        key: "pa",
        purpose: "p",
        kind: "patch",
        target: { outboxKey: "card" },
        card: { template: "t", data: {} },
      },
    ]);
    const claimed = await s.claim(T0, 10, 60_000);
    expect(Object.fromEntries(claimed.map((r) => [r.key, r.bucket]))).toEqual({
      card: "chat:oc_9",
      dm: "user:ou_1",
      re2: "msg:om_1",
    });
    // re and pa wait for "card" to be sent; once it is, they are claimable, re under the card's chat.
    await s.markSent([{ id: claimed.find((r) => r.key === "card")?.id ?? 0, messageId: "om_card" }], T0);
    const next = await s.claim(T0, 10, 60_000);
    expect(Object.fromEntries(next.map((r) => [r.key, [r.bucket, r.dependency?.messageId]]))).toEqual({
      re: ["chat:oc_9", "om_card"],
      pa: ["key:card", "om_card"],
    });
  });

  it("claims under a lease: nobody else takes the rows until the lease ends", async () => {
    const s = store();
    await s.enqueue([send("a"), send("b")]);
    expect(await s.claim(T0, 10, 30_000)).toHaveLength(2);
    expect(await s.claim(at("2022-06-01T09:00:29+08:00"), 10, 30_000)).toHaveLength(0);
    const again = await s.claim(at("2022-06-01T09:00:31+08:00"), 10, 30_000);
    expect(again.map((r) => r.key).sort()).toEqual(["a", "b"]);
  });

  it("claims nothing before not_before, and at most perBucket rows of one chat", async () => {
    const s = store();
    await s.enqueue([send("later", "oc_1", { notBefore: at("2022-06-01T10:00:00+08:00") })]);
    expect(await s.claim(T0, 10, 60_000)).toHaveLength(0);
    expect(await s.nextDueAt()).toEqual(at("2022-06-01T10:00:00+08:00"));
    await s.enqueue([send("x1", "oc_x"), send("x2", "oc_x"), send("x3", "oc_x"), send("y1", "oc_y")]);
    const claimed = await s.claim(T0, 10, 60_000, 2);
    expect(claimed.map((r) => r.key)).toEqual(["x1", "x2", "y1"]);
  });

  it("puts a row back for a retry, and fails it for the office to see", async () => {
    const s = store();
    await s.enqueue([send("a", "oc_1", { planId: "p1" }), send("b", "oc_1", { planId: "p2" })]);
    const [a, b] = await s.claim(T0, 10, 60_000);
    await s.markRetry(a?.id ?? 0, at("2022-06-01T09:05:00+08:00"), "HTTP 500", true);
    await s.markFailed(b?.id ?? 0, T0, "飞书错误 230002 机器人不在该群中");
    const rowA = await s.get("a");
    expect(rowA).toMatchObject({ state: "pending", attempts: 1, lastError: "HTTP 500" });
    expect(await s.claim(at("2022-06-01T09:04:59+08:00"), 10, 60_000)).toHaveLength(0);
    expect(await s.listFailed("p2")).toMatchObject([
      { key: "b", lastError: "飞书错误 230002 机器人不在该群中" },
    ]);
    expect(await s.listFailed("p1")).toEqual([]);
    expect((await s.listFailed(null)).map((r) => r.key)).toEqual(["b"]);
  });

  it("records many sent rows at once, each with its message id", async () => {
    const s = store();
    await s.enqueue([
      send("a"),
      send("b"),
      {
        key: "p",
        purpose: "x",
        kind: "patch",
        target: { messageId: "om_9" },
        card: { template: "t", data: {} },
      },
    ]);
    const rows = await s.claim(T0, 10, 60_000);
    const id = (k: string) => rows.find((r) => r.key === k)?.id ?? 0;
    await s.markSent(
      [
        { id: id("a"), messageId: "om_a" },
        { id: id("b"), messageId: "om_b" },
        { id: id("p"), messageId: undefined },
      ],
      T0,
    );
    expect(await s.get("a")).toMatchObject({ state: "sent", messageId: "om_a", attempts: 1, sentAt: T0 });
    expect(await s.get("b")).toMatchObject({ state: "sent", messageId: "om_b" });
    expect(await s.get("p")).toMatchObject({ state: "sent", messageId: null });
  });

  it("keeps a mark from overwriting a row someone else finished", async () => {
    const s = store();
    await s.enqueue([send("a")]);
    const [row] = await s.claim(T0, 10, 60_000);
    await s.markSent([{ id: row?.id ?? 0, messageId: "om_1" }], T0);
    await s.markRetry(row?.id ?? 0, T0, "late timeout", true);
    expect(await s.get("a")).toMatchObject({
      state: "sent",
      messageId: "om_1",
      attempts: 1,
      lastError: null,
    });
  });

  it("skips a card patch that a newer patch of the same card supersedes", async () => {
    const s = store();
    const patch = (key: string, title: string): OutboxItem => ({
      key,
      purpose: "card",
      kind: "patch",
      target: { messageId: "om_1" },
      card: { template: "notice", data: { title } },
    });
    await s.enqueue([patch("p1", "一"), patch("p2", "二")]);
    const claimed = await s.claim(T0, 10, 60_000);
    expect(claimed.map((r) => r.key)).toEqual(["p2"]);
    expect(await s.get("p1")).toMatchObject({ state: "skipped" });
  });

  it("fails a dependent row whose target never appeared, after the orphan grace", async () => {
    const s = createOutboxStore(ctx.database, { clock: { now: () => T0 }, orphanAfterMs: 60_000 });
    await s.enqueue([
      { key: "u", purpose: "p", kind: "urgent", target: { outboxKey: "ghost" }, openIds: ["ou_1"] },
    ]);
    expect(await s.claim(T0, 10, 60_000)).toHaveLength(0);
    expect(await s.nextDueAt()).toEqual(at("2022-06-01T09:01:00+08:00"));
    const [row] = await s.claim(at("2022-06-01T09:01:00+08:00"), 10, 60_000);
    expect(row).toMatchObject({ key: "u", dependency: null });
  });

  it("never gives the same row to two claimers at once", async () => {
    const s = store();
    await s.enqueue(Array.from({ length: 300 }, (_, i) => send(`k${i}`, `oc_${i % 30}`)));
    // Postgres: separate connection pools, as two processes would have. PGlite has one connection.
    const others: Database[] =
      ctx.kind === "postgres"
        ? await Promise.all([1, 2, 3].map(() => openDatabase({ url: ctx.url, max: 2 })))
        : [];
    try {
      const stores = [s, ...others.map((d) => createOutboxStore(d, { clock: { now: () => T0 } }))];
      const rounds = await Promise.all(
        Array.from({ length: 12 }, (_, i) => stores[i % stores.length]?.claim(T0, 40, 60_000) ?? []),
      );
      const ids = rounds.flat().map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(300);
    } finally {
      await Promise.all(others.map((d) => d.close()));
    }
  });
});
