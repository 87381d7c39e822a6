import type { Clock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { Messenger } from "../kernel/messenger";
import type { AccessStore } from "../members/access";
import type { AuditStore, MemberStore } from "../members/ports";
import type { Outbox } from "../outbox/ports";
import type { PlanStore } from "../plans/ports";
import type { CollectService } from "../reporting/ports";
import type { StatusService } from "../status/service";

/**
 * Everything the bot's commands and actions may use: service ports, never Feishu or the database directly.
 * Features add their ports here (one line each).
 */
export interface BotDeps {
  clock: Clock;
  logger: Logger;
  timezone: string;
  /** open_ids who are office members of every plan from the start (DUBAN_ADMINS). */
  admins: readonly string[];
  outbox: Outbox;
  /** Reads from Feishu (chat members, user names); sends go through the outbox. */
  messenger: Pick<Messenger, "listChatMembers" | "getUser"> | undefined;
  access: AccessStore;
  plans: PlanStore;
  /** Chats, chat members, unit catalog, roles and bind requests. */
  members: MemberStore;
  /** The audit log of mapping and role changes. */
  audit: AuditStore;
  /** Reporting rounds, report forms and submissions. */
  collect: CollectService;
  /** The office's status answers, bulletins and exports. */
  status: StatusService;
}
