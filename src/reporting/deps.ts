import type { CalendarData } from "../domain/calendar";
import type { Logger } from "../kernel/logger";
import type { Outbox } from "../outbox/ports";
import type { CollectStore } from "./ports";

export interface CollectDeps {
  store: CollectStore;
  outbox: Outbox;
  /** DUBAN_TIMEZONE: how due dates are set and shown. */
  timezone: string;
  /** DUBAN_ADMINS: office members from the start (told about units nobody can receive when no office chat). */
  admins: readonly string[];
  logger: Logger;
  /**
   * The official working-day calendar (chinese-days, read by src/schedule/calendar-data.ts and passed in by the
   * composition root): due dates of rounds opened by hand fall on working days, as the schedule's do.
   */
  calendar: () => CalendarData;
}
