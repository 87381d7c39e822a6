/**
 * Builds the scheduler for the entries (node-cron, the Workers cron, `duban tick`) from real ports; the
 * composition root (src/wiring/runtime.ts) passes them. Every port is required except the drain: without one (Node,
 * where the dispatcher's own loop sends; or no Feishu credentials) rows wait in the outbox for whoever drains.
 */
import type { Database } from "../db/client";
import { createScheduleStore } from "../db/store/schedule-store";
import type { Logger } from "../kernel/logger";
import type { Outbox } from "../outbox/ports";
import { chineseCalendarData } from "../schedule/calendar-data";
import type { BulletinDrafter, OutboxDrain, RoundOpener } from "../schedule/ports";
import { type TickOptions, type TickStep, tick } from "../schedule/tick";
import type { TickResult } from "../schedule/tick-result";

export interface SchedulePorts {
  /** The outbox store (enqueue with keys). */
  outbox: Outbox;
  /** Open a round: report requests + overview cards (the collection service). */
  opener: RoundOpener;
  /** Draft a bulletin for the office (src/schedule/bulletin-drafter.ts over the status service). */
  drafter: BulletinDrafter;
  /** Drain due rows (called by every tick, under the schedule lock); absent: someone else drains. */
  drain?: OutboxDrain;
  /** DUBAN_ADMINS: the office of a plan with neither an office chat nor office members. */
  admins?: readonly string[];
  /** Features' own reminder steps, run after the rounds' actions in every tick. */
  steps?: ReadonlyArray<TickStep>;
}

export interface Scheduler {
  tick(now: Date, opts?: TickOptions): Promise<TickResult>;
}

export function createScheduler(database: Database, logger: Logger, ports: SchedulePorts): Scheduler {
  const deps = {
    store: createScheduleStore(database, { admins: ports.admins ?? [] }),
    outbox: ports.outbox,
    opener: ports.opener,
    drafter: ports.drafter,
    ...(ports.drain ? { drain: ports.drain } : {}),
    ...(ports.steps ? { steps: ports.steps } : {}),
    calendar: chineseCalendarData,
    logger: logger.child({ job: "tick" }),
  };
  return { tick: (now, opts) => tick(deps, now, opts) };
}
