/**
 * Recording fakes for the schedule's ports, over the real database: an Outbox that writes outbox rows
 * (insert … on conflict (key) do nothing, as the real one must), a collection opener that creates report
 * requests, a bulletin drafter, an outbox drain that "sends" due rows to a fake Feishu (which, like Feishu,
 * shows a message once per uuid) and can crash mid-way.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client";
import { bulletins, outbox, reportRequests } from "../../src/db/schema";
import { createScheduleStore } from "../../src/db/store/schedule-store";
import { localTime } from "../../src/domain/time";
import type { Outbox, OutboxItem } from "../../src/outbox/ports";
import { chineseCalendarData } from "../../src/schedule/calendar-data";
import type {
  BulletinDrafter,
  DraftBulletinInput,
  OpenRoundInput,
  OutboxDrain,
  RoundOpener,
} from "../../src/schedule/ports";
import { type TickDeps, tick } from "../../src/schedule/tick";
import { silentLogger } from "../../src/wiring/log";

export const TZ = "Asia/Shanghai";

export function tableOutbox(database: Database): Outbox {
  return {
    async enqueue(items: OutboxItem[]) {
      if (items.length === 0) return 0;
      const rows = await database.db
        .insert(outbox)
        .values(
          items.map((i) => ({
            key: i.key,
            planId: i.planId ?? null,
            kind: i.kind,
            purpose: i.purpose,
            bucket: i.kind === "send" ? ("chatId" in i.to ? i.to.chatId : i.to.openId) : i.kind,
            payload: i,
            notBefore: i.notBefore ?? new Date(0),
          })),
        )
        .onConflictDoNothing({ target: outbox.key })
        .returning({ id: outbox.id });
      return rows.length;
    },
    async get() {
      return undefined;
    },
    async listFailed() {
      return [];
    },
  };
}

export interface OpenCall extends OpenRoundInput {
  day: string;
}

/** Opens rounds as the cards issue will: one request per unit × task (monthly) or per unit (documents). */
export function fakeOpener(database: Database): RoundOpener & { calls: OpenCall[] } {
  const calls: OpenCall[] = [];
  return {
    calls,
    async openRound(input) {
      calls.push({ ...input, day: localTime(input.now, TZ).day });
      const rows = await database.query<{ unit_id: number; task_id: number; role: string }>(sql`
        select coalesce(g.unit_id, tu.unit_id) as unit_id, tu.task_id, tu.role
        from task_units tu join tasks t on t.id = tu.task_id
        left join unit_group_members g on g.group_id = tu.unit_id
        where t.plan_id = ${input.planId} and t.retired_at is null and tu.role in ('lead', 'responsible')`);
      const values =
        input.kind === "monthly"
          ? rows.map((r) => ({
              roundId: input.roundId,
              unitId: r.unit_id,
              taskId: r.task_id,
              role: r.role as "lead" | "responsible",
            }))
          : [...new Set(rows.map((r) => r.unit_id))].map((unitId) => ({
              roundId: input.roundId,
              unitId,
              taskId: null,
              role: null,
            }));
      if (values.length > 0) await database.db.insert(reportRequests).values(values).onConflictDoNothing();
      return { requests: values.length, cards: new Set(values.map((v) => v.unitId)).size };
    },
  };
}

export function fakeDrafter(
  database: Database,
): BulletinDrafter & { calls: Array<DraftBulletinInput & { day: string }> } {
  const calls: Array<DraftBulletinInput & { day: string }> = [];
  return {
    calls,
    async draftBulletin(input) {
      calls.push({ ...input, day: localTime(input.now, TZ).day });
      const [existing] = await database.db
        .select({ id: bulletins.id })
        .from(bulletins)
        .where(
          and(
            eq(bulletins.planId, input.planId),
            eq(bulletins.kind, input.kind),
            eq(bulletins.period, input.period),
          ),
        );
      if (existing) return { bulletinId: existing.id };
      const [row] = await database.db
        .insert(bulletins)
        .values({
          planId: input.planId,
          kind: input.kind,
          period: input.period,
          title: input.title,
          body: {},
          createdBy: "schedule",
        })
        .returning({ id: bulletins.id });
      return { bulletinId: row?.id ?? 0 };
    },
  };
}

export interface Delivery {
  key: string;
  kind: string;
  purpose: string;
  day: string;
  at: Date;
  payload: OutboxItem;
}

/** Feishu as the outbox sees it: every call is logged; a uuid already shown is not shown again. */
export class FakeFeishu {
  readonly calls: Delivery[] = [];
  readonly shown = new Map<string, Delivery>();
  deliver(d: Delivery): void {
    this.calls.push(d);
    if (!this.shown.has(d.key)) this.shown.set(d.key, d);
  }
  shownList(): Delivery[] {
    return [...this.shown.values()];
  }
}

/**
 * Sends due rows (pending, not_before <= now) in id order, then marks them sent. crashAfter: delivers that
 * many rows and throws before marking the last one sent (a process dying mid-drain).
 */
export function fakeDrain(
  database: Database,
  feishu: FakeFeishu,
  opts: { crashAfter?: number; pauseMs?: number } = {},
): OutboxDrain {
  return {
    async drain({ now }) {
      const due = await database.db
        .select()
        .from(outbox)
        .where(
          and(eq(outbox.state, "pending"), sql`${outbox.notBefore} <= ${now.toISOString()}::timestamptz`),
        )
        .orderBy(outbox.id);
      let sent = 0;
      for (const row of due) {
        if (opts.pauseMs !== undefined) await new Promise((r) => setTimeout(r, opts.pauseMs));
        feishu.deliver({
          key: row.key,
          kind: row.kind,
          purpose: row.purpose,
          day: localTime(now, TZ).day,
          at: now,
          payload: row.payload as OutboxItem,
        });
        if (opts.crashAfter !== undefined && sent + 1 >= opts.crashAfter) throw new Error("drain crashed");
        await database.db.update(outbox).set({ state: "sent", sentAt: now }).where(eq(outbox.id, row.id));
        sent++;
      }
      return { sent, failed: 0, pending: 0 };
    },
  };
}

export interface Instance {
  deps: TickDeps;
  opener: ReturnType<typeof fakeOpener>;
  drafter: ReturnType<typeof fakeDrafter>;
  tick(now: Date, opts?: { dryRun?: boolean }): ReturnType<typeof tick>;
}

/** One scheduler instance over a database, with recording fakes; `feishu` may be shared between instances. */
export function instance(
  database: Database,
  feishu: FakeFeishu,
  drainOpts: Parameters<typeof fakeDrain>[2] = {},
): Instance {
  const opener = fakeOpener(database);
  const drafter = fakeDrafter(database);
  const deps: TickDeps = {
    store: createScheduleStore(database),
    outbox: tableOutbox(database),
    opener,
    drafter,
    drain: fakeDrain(database, feishu, drainOpts),
    calendar: chineseCalendarData,
    logger: silentLogger,
  };
  return { deps, opener, drafter, tick: (now, opts) => tick(deps, now, opts) };
}
