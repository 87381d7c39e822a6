import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { loadConfig } from "../../src/config";
import type { Database } from "../../src/db/client";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { createMemoryLogger } from "../../src/wiring/log";
import { createRuntime, type Runtime } from "../../src/wiring/runtime";
import type { DbContext } from "../helpers/db";
import { type E2E, ENCRYPT_KEY, OFFICE, shownText, startE2E, VERIFICATION_TOKEN } from "./harness";
import { loadWuhan, WUHAN_ID } from "./plan";

/** The schedule's end-to-end tests: the Wuhan plan, two chats, a few people bound through the chat. */

export const OFFICE_CHAT = "oc_sched_office"; // bound first: the plan's office chat
export const WORK = "oc_sched_work"; // the work group the liaisons are in
export const JXJ = { openId: "ou_sched_jxj00000000000000000000001", name: "张经信" }; // 市经信局, lead of 四.1
export const TJ = { openId: "ou_sched_tj000000000000000000000001", name: "李统计" }; // 市统计局 (二.7)
export const SF = { openId: "ou_sched_sf000000000000000000000001", name: "王司法" }; // 市司法局 (四.1)
export const NY = { openId: "ou_sched_ny000000000000000000000001", name: "赵农业" }; // 市农业农村局 (三.7), reports June
export const ZZB = { openId: "ou_sched_zzb00000000000000000000001", name: "钱组织" }; // 市委组织部, deputy only
export const PEOPLE = [JXJ, TJ, SF, NY, ZZB];

export const local = (s: string) => new Date(`${s}:00+08:00`);

/** The bot joins the office chat (first: the plan's office chat) and the work group; the office binds people. */
export async function setUp(ctx: DbContext): Promise<E2E> {
  const t = await startE2E(ctx, { now: local("2022-03-01T10:00") });
  await loadWuhan(ctx.database);
  t.fake.addChat(OFFICE_CHAT, [OFFICE], "领导小组办公室");
  t.fake.addChat(WORK, [OFFICE, ...PEOPLE], "1号议案办理工作群");
  for (const chatId of [OFFICE_CHAT, WORK]) {
    const r = await t.deliver(t.sender.botAdded({ chatId, chatName: chatId, operator: OFFICE.openId }));
    expect(r.status).toBe(200);
  }
  const binds: Array<[typeof JXJ, string]> = [
    [JXJ, "市经信局"],
    [TJ, "市统计局"],
    [SF, "市司法局"],
    [NY, "市农业农村局"],
    [ZZB, "市委组织部 副联络员"],
  ];
  for (const [person, what] of binds) {
    const r = await t.say(OFFICE, `/bind @${person.name} ${what}`, { chatId: WORK, mentions: [person] });
    expect(r.sent.map(shownText).join(), what).toContain(what.split(" ")[0]);
  }
  const [office] = await ctx.database.query<{ chat_id: string }>(
    sql`select chat_id from chats where is_office and plan_id = ${WUHAN_ID}`,
  );
  expect(office?.chat_id).toBe(OFFICE_CHAT);
  return t;
}

/**
 * A tick of the runtime at local time `when` (business clock too): first a dry run (what it plans, with each
 * send's planned local time "6月21日（星期二）09:34"), then the tick; what reached the fake.
 */
export async function tick(t: E2E, when: string) {
  const now = local(when);
  t.at(now);
  const dry = await t.rt.scheduler.tick(now, { dryRun: true });
  const before = t.fake.sent().length;
  const r = await t.rt.scheduler.tick(now);
  expect(r.ran, when).toBe(true);
  expect(r.errors, when).toEqual([]);
  const sent = t.fake.sent().slice(before);
  return { r, planned: dry.planned ?? [], sent, uuids: sent.map((m) => m.uuid ?? "") };
}

/** Ids by name: round(kind, period) and unit(name). */
export async function ids(ctx: DbContext) {
  const rows = await ctx.database.query<{ id: number; kind: string; period: string }>(
    sql`select id, kind, period from rounds`,
  );
  const round = (kind: string, period: string) => {
    const row = rows.find((x) => x.kind === kind && x.period === period);
    if (!row) throw new Error(`no round ${kind} ${period}`);
    return row.id;
  };
  const units = await ctx.database.query<{ id: number; name: string }>(
    sql`select id, name from units where plan_id = ${WUHAN_ID}`,
  );
  const unit = (name: string) => units.find((u) => u.name === name)?.id ?? -1;
  return { round, unit };
}

/** Where a message landed: its group chat, or the person it was sent to directly. */
export const to = (m: FakeMessage) => (m.chatType === "group" ? m.chatId : m.openId);
export const byKey = (sent: FakeMessage[], key: string) => sent.find((m) => m.uuid === key);

/**
 * Another process's runtime over `database` (for Postgres, a pool of its own), talking to the same fake Feishu
 * and reading the same business clock: a second instance, or the process that starts after a crash.
 */
export function runtimeOn(t: E2E, database: Database): Runtime {
  const config = loadConfig({
    FEISHU_APP_ID: t.fake.appId,
    FEISHU_APP_SECRET: t.fake.appSecret,
    FEISHU_DOMAIN: t.fake.url,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    DUBAN_ADMINS: OFFICE.openId,
    LOG_LEVEL: "warn",
  });
  return createRuntime({
    config,
    database,
    logger: createMemoryLogger(),
    clock: { now: () => t.clock.at },
    drainInTick: true,
  });
}
