/**
 * Builds the scheduler for the entries (node-cron, the Workers cron, `duban tick`). The ports other issues
 * build are plugged in HERE at integration; until then each placeholder fails with a message saying what is
 * missing, and the tick reports it without losing anything (an unopened round stays scheduled, an
 * unenqueued nudge is not marked done and is planned again while it is still fresh).
 */
import type { Database } from "../db/client";
import { createScheduleStore } from "../db/store/schedule-store";
import type { Logger } from "../services/ports/logger";
import type { Outbox } from "../services/ports/outbox";
import type { BulletinDrafter, CollectionOpener, OutboxDrain } from "../services/ports/schedule";
import { chineseCalendarData } from "./calendar-data";
import { type TickOptions, type TickResult, tick } from "./tick";

export interface SchedulePorts {
  /** Feishu edge: the outbox store (enqueue with keys). */
  outbox?: Outbox;
  /** Cards issue: open a round (report requests + overview cards). */
  opener?: CollectionOpener;
  /** Bulletin issue: draft a bulletin for the office. */
  drafter?: BulletinDrafter;
  /** Outbox dispatcher: drain due rows (called by every tick, under the schedule lock). */
  drain?: OutboxDrain;
}

export class NotWiredError extends Error {
  constructor(port: string, owner: string) {
    super(`${port} is not wired yet (${owner}); plug it in src/jobs/wiring.ts`);
    this.name = "NotWiredError";
  }
}

const notWired = {
  outbox: {
    enqueue: async () => {
      throw new NotWiredError("Outbox", "Feishu edge");
    },
    get: async () => undefined,
    listFailed: async () => [],
  } satisfies Outbox,
  opener: {
    openCollection: async () => {
      throw new NotWiredError("CollectionOpener", "cards issue");
    },
  } satisfies CollectionOpener,
  drafter: {
    draftBulletin: async () => {
      throw new NotWiredError("BulletinDrafter", "bulletin issue");
    },
  } satisfies BulletinDrafter,
};

export interface Scheduler {
  tick(now: Date, opts?: TickOptions): Promise<TickResult>;
}

export function createScheduler(database: Database, logger: Logger, ports: SchedulePorts = {}): Scheduler {
  const deps = {
    store: createScheduleStore(database),
    outbox: ports.outbox ?? notWired.outbox,
    opener: ports.opener ?? notWired.opener,
    drafter: ports.drafter ?? notWired.drafter,
    ...(ports.drain ? { drain: ports.drain } : {}),
    calendar: chineseCalendarData,
    logger: logger.child({ job: "tick" }),
  };
  return { tick: (now, opts) => tick(deps, now, opts) };
}
