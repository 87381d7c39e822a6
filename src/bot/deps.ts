import type { CoordService } from "../coordination/service";
import type { GoalService } from "../goals/service";
import type { Clock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { Messenger } from "../kernel/messenger";
import type { AccessStore } from "../members/access";
import type { AuditStore, MemberStore } from "../members/ports";
import type { MilestoneService } from "../milestones/service";
import type { Outbox } from "../outbox/ports";
import type { PlanDraftStore } from "../plans/drafts";
import type { PlanStore } from "../plans/ports";
import type { CollectService } from "../reporting/use-cases";
import type { StatusService } from "../status/service";
import type { SummaryService } from "../summary/service";

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
  messenger:
    | (Pick<Messenger, "listChatMembers" | "getUser"> &
        Partial<Pick<Messenger, "downloadFile" | "getMessage" | "recentMessages">>)
    | undefined;
  access: AccessStore;
  plans: PlanStore;
  /** Plan documents sent in the chat, held until the office confirms. */
  planDrafts: PlanDraftStore;
  /** Chats, chat members, unit catalog, roles and bind requests. */
  members: MemberStore;
  /** The audit log of mapping and role changes. */
  audit: AuditStore;
  /** Reporting rounds, report forms and submissions. */
  collect: CollectService;
  /** The office's status answers, bulletins and exports. */
  status: StatusService;
  /** The plan's goal indicators, their owners and values (docs/year.md). */
  goals: GoalService;
  /** Coordination items and delegates' suggestions carried to 销号 (docs/year.md). */
  coord: CoordService;
  /** The office's own milestones (专题汇报, inspection, 满意度测评): reminded, marked done. */
  milestones: MilestoneService;
  /** The year's work summary drafted as a .docx (docs/year.md). */
  summary: SummaryService;
}
