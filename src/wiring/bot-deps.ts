import type { BotDeps } from "../bot/deps";
import { raiseItemsOnSubmit } from "../coordination/report-hook";
import { type CoordService, createCoordService } from "../coordination/service";
import type { Database } from "../db/client";
import { createAccessStore } from "../db/store/access-store";
import { createAuditStore } from "../db/store/audit-store";
import { createBulletinStore } from "../db/store/bulletin-store";
import { createCoordStore } from "../db/store/coord-store";
import { createGoalStore } from "../db/store/goal-store";
import { createMemberStore } from "../db/store/member-store";
import { createMilestoneStore } from "../db/store/milestone-store";
import { createPlanDraftStore } from "../db/store/plan-draft-store";
import { createPlanStore } from "../db/store/plan-store";
import { createCollectStore } from "../db/store/reporting-store";
import { createStatusStore } from "../db/store/status-store";
import { createSummaryStore } from "../db/store/summary-store";
import type { CalendarData } from "../domain/calendar";
import { createGoalService } from "../goals/service";
import type { Clock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { Messenger } from "../kernel/messenger";
import { createMilestoneService } from "../milestones/service";
import type { Outbox } from "../outbox/ports";
import { createCollectService } from "../reporting";
import { deliverCardsOnBind } from "../reporting/member-hook";
import { chineseCalendarData } from "../schedule/calendar-data";
import { createStatusService } from "../status/service";
import { createSummaryService } from "../summary/service";

export interface BotWiring {
  database: Database;
  outbox: Outbox;
  /** Feishu reads (chat members, users); undefined without credentials. */
  messenger:
    | (Pick<Messenger, "listChatMembers" | "getUser"> &
        Partial<Pick<Messenger, "downloadFile" | "getMessage" | "recentMessages">>)
    | undefined;
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
  const audit = createAuditStore(db);
  const goalStore = createGoalStore(db);
  const coordStore = createCoordStore(db);
  const milestoneStore = createMilestoneStore(db);
  const coord: CoordService = createCoordService({
    store: coordStore,
    audit,
    outbox: w.outbox,
    logger: w.logger,
    timezone: w.timezone,
    planTitle: async (planId) => (await goalStore.plan(planId))?.title,
    plans: () => milestoneStore.plans(),
    office: (planId) => milestoneStore.office(planId),
    calendar: w.calendar ?? chineseCalendarData,
    calendarOverrides: () => milestoneStore.calendarOverrides(),
    admins: w.admins,
  });
  const baseCollect = createCollectService({
    store: createCollectStore(db),
    outbox: w.outbox,
    timezone: w.timezone,
    admins: [...w.admins],
    logger: w.logger,
    calendar: w.calendar ?? chineseCalendarData,
  });
  // A report's 需协调解决的问题 becomes a coordination item, whoever submits it.
  const collect = raiseItemsOnSubmit(baseCollect, coord, w.logger);
  return {
    clock: w.clock,
    logger: w.logger,
    timezone: w.timezone,
    admins: w.admins,
    outbox: w.outbox,
    messenger: w.messenger,
    access: createAccessStore(db),
    plans: createPlanStore(db),
    planDrafts: createPlanDraftStore(db),
    // A newly bound liaison or deputy gets the cards of the open rounds (every path that binds).
    members: deliverCardsOnBind(createMemberStore(db), collect, w.logger),
    audit,
    collect,
    status: createStatusService({
      status: createStatusStore(db),
      bulletins: createBulletinStore(db),
      clock: w.clock,
    }),
    goals: createGoalService({ store: goalStore, audit, timezone: w.timezone }),
    coord,
    milestones: createMilestoneService({
      store: milestoneStore,
      audit,
      outbox: w.outbox,
      timezone: w.timezone,
      calendar: w.calendar ?? chineseCalendarData,
      admins: w.admins,
    }),
    summary: createSummaryService({
      goals: goalStore,
      items: coordStore,
      milestones: milestoneStore,
      summary: createSummaryStore(db),
      audit,
      timezone: w.timezone,
    }),
  };
}
