import type { Outbox, OutboxItem, OutboxRow } from "../../src/outbox/ports";

/** An in-memory Outbox for bot unit tests: records items, dedups by key like the real one. */
export function createMemoryOutbox(): Outbox & { items: OutboxItem[]; texts(): string[] } {
  const items: OutboxItem[] = [];
  const rows = new Map<string, OutboxRow>();
  return {
    items,
    texts() {
      return items.flatMap((i) =>
        (i.kind === "send" || i.kind === "reply") && i.message.type === "text" ? [i.message.text] : [],
      );
    },
    async enqueue(list) {
      let n = 0;
      for (const item of list) {
        if (rows.has(item.key)) continue;
        n++;
        items.push(item);
        rows.set(item.key, {
          id: rows.size + 1,
          key: item.key,
          kind: item.kind,
          purpose: item.purpose,
          planId: item.planId ?? null,
          state: "pending",
          attempts: 0,
          lastError: null,
          messageId: null,
          createdAt: new Date(),
          sentAt: null,
        });
      }
      return n;
    },
    async get(key) {
      return rows.get(key);
    },
    async listFailed() {
      return [...rows.values()].filter((r) => r.state === "failed");
    },
  };
}
