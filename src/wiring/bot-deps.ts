import type { BotDeps } from "../bot/deps";
import type { Database } from "../db/client";
import { createAccessStore } from "../db/store/access-store";
import { createAuditStore } from "../db/store/audit-store";
import { createBulletinStore } from "../db/store/bulletin-store";
import { createMemberStore } from "../db/store/member-store";
import { createPlanStore } from "../db/store/plan-store";
import { createCollectStore } from "../db/store/reporting-store";
import { createStatusStore } from "../db/store/status-store";
import type { CalendarData } from "../domain/calendar";
import type { Clock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { Messenger } from "../kernel/messenger";
import type { Outbox } from "../outbox/ports";
import { createCollectService } from "../reporting";
import { deliverCardsOnBind } from "../reporting/member-hook";
import { chineseCalendarData } from "../schedule/calendar-data";
import { createStatusService } from "../status/service";

export interface BotWiring {
  database: Database;
  outbox: Outbox;
  /** Feishu reads (chat members, users); undefined without credentials. */
  messenger: Pick<Messenger, "listChatMembers" | "getUser"> | undefined;
  clock: Clock;
  logger: Logger;
  timezone: string;
  admins: readonly string[];
  /** The official working-day calendar; default: chinese-days (src/schedule/calendar-data.ts). */
  calendar?: () => CalendarData;
}

/** The composition root of the bot: every port the commands and actions use, over one database. */
export function createBotDeps(w: BotWiring): BotDeps {
  const db = w.database.db;
  const collect = createCollectService({
    store: createCollectStore(db),
    outbox: w.outbox,
    timezone: w.timezone,
    admins: [...w.admins],
    logger: w.logger,
    calendar: w.calendar ?? chineseCalendarData,
  });
  return {
    clock: w.clock,
    logger: w.logger,
    timezone: w.timezone,
    admins: w.admins,
    outbox: w.outbox,
    messenger: w.messenger,
    access: createAccessStore(db),
    plans: createPlanStore(db),
    // A newly bound liaison or deputy gets the cards of the open rounds (every path that binds).
    members: deliverCardsOnBind(createMemberStore(db), collect, w.logger),
    audit: createAuditStore(db),
    collect,
    status: createStatusService({
      status: createStatusStore(db),
      bulletins: createBulletinStore(db),
      clock: w.clock,
    }),
  };
}
