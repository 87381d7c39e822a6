/**
 * Recording fakes for the schedule's ports, over the real database: an Outbox that writes outbox rows
 * (insert … on conflict (key) do nothing, as the real one must), a collection opener that creates report
 * requests, a bulletin drafter, an outbox drain that "sends" due rows to a fake Feishu (which, like Feishu,
 * shows a message once per uuid) and can crash mid-way.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client";
import {
  bulletins,
  chatMembers,
  chats,
  collections,
  members,
  outbox,
  reportRequests,
  reports,
  units,
} from "../../src/db/schema";
import { createPlanStore } from "../../src/db/store/plan-store";
import { createScheduleStore } from "../../src/db/store/schedule-store";
import { localTime } from "../../src/domain/schedule/time";
import { chineseCalendarData } from "../../src/jobs/calendar-data";
import { type TickDeps, tick } from "../../src/jobs/tick";
import { silentLogger } from "../../src/log";
import { loadPlan } from "../../src/services/plans";
import type { Outbox, OutboxItem } from "../../src/services/ports/outbox";
import type {
  BulletinDrafter,
  CollectionOpener,
  DraftBulletinInput,
  OpenRoundInput,
  OutboxDrain,
} from "../../src/services/ports/schedule";
import { people, wuhanLikePlan } from "../fixtures/wuhan-like-plan";

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
export function fakeOpener(database: Database): CollectionOpener & { calls: OpenCall[] } {
  const calls: OpenCall[] = [];
  return {
    calls,
    async openCollection(input) {
      calls.push({ ...input, day: localTime(input.now, TZ).day });
      const rows = await database.query<{ unit_id: number; task_id: number; role: string }>(sql`
        select coalesce(g.unit_id, tu.unit_id) as unit_id, tu.task_id, tu.role
        from task_units tu join tasks t on t.id = tu.task_id
        left join unit_group_members g on g.group_id = tu.unit_id
        where t.plan_id = ${input.planId} and t.retired_at is null and tu.role in ('lead', 'responsible')`);
      const values =
        input.kind === "monthly"
          ? rows.map((r) => ({
              collectionId: input.collectionId,
              unitId: r.unit_id,
              taskId: r.task_id,
              role: r.role as "lead" | "responsible",
            }))
          : [...new Set(rows.map((r) => r.unit_id))].map((unitId) => ({
              collectionId: input.collectionId,
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

/** Loads the Wuhan-like plan (with optional schedule settings) and binds chats, the office and liaisons. */
export async function seedWuhanLike(
  database: Database,
  settings?: Record<string, unknown>,
): Promise<{ planId: string; unitIds: Record<string, number> }> {
  const { settings: _s, ...plan } = wuhanLikePlan();
  const { planId } = await loadPlan(createPlanStore(database.db), plan, {
    now: new Date("2022-03-01T00:00:00Z"),
  });
  if (settings)
    await database.query(
      sql`update plans set settings = ${JSON.stringify({ schedule: settings })}::jsonb where id = ${planId}`,
    );
  const unitRows = await database.db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.planId, planId));
  const unitIds = Object.fromEntries(unitRows.map((u) => [u.name, u.id]));
  await database.db.insert(chats).values([
    { chatId: people.groupChat, planId, name: "议案办理工作群" },
    { chatId: people.officeChat, planId, name: "领导小组办公室", isOffice: true },
  ]);
  await database.db.insert(members).values([
    { planId, openId: people.office, name: "办公室王五", role: "office" },
    ...Object.entries(people.liaisons).map(([unit, openId]) => ({
      planId,
      openId,
      name: `${unit}联络员`,
      role: "liaison" as const,
      unitId: unitIds[unit] ?? null,
    })),
  ]);
  await database.db
    .insert(chatMembers)
    .values(Object.values(people.liaisons).map((openId) => ({ chatId: people.groupChat, openId })));
  return { planId, unitIds };
}

/** A unit reports every request it has in a round: revision 1 each, and latest_report_id set. */
export async function reportAll(
  database: Database,
  collectionId: number,
  unitId: number,
  at: Date,
): Promise<number> {
  const requests = await database.db
    .select({ id: reportRequests.id })
    .from(reportRequests)
    .where(and(eq(reportRequests.collectionId, collectionId), eq(reportRequests.unitId, unitId)));
  for (const r of requests) {
    const [rep] = await database.db
      .insert(reports)
      .values({
        requestId: r.id,
        revision: 1,
        submittedBy: "ou_x",
        submittedAt: at,
        status: "in_progress",
        progress: "按计划推进",
        idempotencyKey: `test:${r.id}`,
      })
      .returning({ id: reports.id });
    await database.db
      .update(reportRequests)
      .set({ latestReportId: rep?.id ?? null })
      .where(eq(reportRequests.id, r.id));
  }
  return requests.length;
}

export async function roundId(database: Database, kind: string, period: string): Promise<number> {
  const [row] = await database.db
    .select({ id: collections.id })
    .from(collections)
    .where(and(sql`${collections.kind} = ${kind}`, eq(collections.period, period)));
  if (!row) throw new Error(`no round ${kind} ${period}`);
  return row.id;
}

/** Local instant in Asia/Shanghai: at("2022-06-21", "09:45"). */
export function at(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+08:00`);
}

/** Every day from `from` to `to` inclusive. */
export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export { silentLogger };
