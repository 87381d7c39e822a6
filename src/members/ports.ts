import type { Role } from "../domain/permissions";
import type { CatalogUnit } from "../domain/units";
import type { Person } from "../kernel/messenger";
import type { RosterPerson } from "./domain/roster-match";

/** A chat as the member features see it. */
export interface ChatRow {
  chatId: string;
  planId: string | null;
  name: string;
  chatType: "group" | "p2p";
  isOffice: boolean;
  botPresent: boolean;
}

export interface ChatMemberRow {
  chatId: string;
  openId: string;
  name: string;
  present: boolean;
}

/** One stored role (members table). */
export interface MemberRow {
  openId: string;
  name: string;
  role: Role;
  unitId: number | null;
  grantedBy: string | null;
  createdAt: Date;
}

export type UnitRole = "liaison" | "deputy";
export type PlanRole = "office" | "leader";

/** Who did it and when; every change writes one audit row in the same transaction. */
export interface Change {
  planId: string;
  /** open_id of the person acting, or "system" for changes the bot makes itself (a liaison left the chat). */
  actor: string;
  /** The actor's display name, kept in the audit row so /audit can say who without a lookup. */
  actorName?: string;
  now: Date;
  /** Why, when it is not the actor's own command: "mapping", "request #12", "left_chat", "bootstrap" … */
  reason?: string;
}

/** The person a role was held by before a change. */
export interface Previous {
  openId: string;
  name: string;
  role: Role;
}

export type AssignResult =
  /** previous: the role this person held on the unit before (deputy → liaison), or the liaison replaced. */
  | { kind: "assigned"; previous: Previous | undefined }
  | { kind: "unchanged" }
  /** The unit already has another primary liaison and replace was not asked for. */
  | { kind: "taken"; holder: MemberRow };

export interface BindRequestRow {
  id: number;
  planId: string;
  openId: string;
  name: string;
  unitId: number;
  role: UnitRole;
  state: "pending" | "approved" | "rejected";
  decidedBy: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  detail: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  planId: string | null;
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
  at: Date;
}

/**
 * Chats, their members, the plan's unit catalog and roster, and who holds which role.
 * Role changes are transactional and audited by the store.
 */
export interface MemberStore {
  // Chats.
  /** Creates or refreshes a chat the bot is in (bot present again, name updated; the plan binding is kept). */
  saveChat(chat: { chatId: string; name: string; chatType: "group" | "p2p" }, now: Date): Promise<ChatRow>;
  getChat(chatId: string): Promise<ChatRow | undefined>;
  /** The bot left or the chat was disbanded: kept for history, no longer live. */
  markChatGone(chatId: string, now: Date, disbanded: boolean): Promise<void>;
  /** Live chats (bot present) bound to the plan, office chats first. */
  chatsOfPlan(planId: string): Promise<ChatRow[]>;

  // Chat members.
  /** The full list from Feishu: listed people present (names refreshed), everyone else absent. */
  syncChatMembers(chatId: string, people: Person[], now: Date): Promise<{ joined: Person[]; left: string[] }>;
  addChatMembers(chatId: string, people: Person[], now: Date): Promise<void>;
  removeChatMembers(chatId: string, openIds: string[], now: Date): Promise<void>;
  /** Present members, in join order. */
  chatMembers(chatId: string): Promise<ChatMemberRow[]>;
  /** Whether the person is present in some live chat bound to the plan. */
  presentInPlan(planId: string, openId: string): Promise<boolean>;

  // The plan's catalog.
  /** Units and groups not retired, in plan order (groups carry their member ids). */
  units(planId: string): Promise<CatalogUnit[]>;
  roster(planId: string): Promise<RosterPerson[]>;

  // Roles.
  members(planId: string): Promise<MemberRow[]>;
  /**
   * Gives a person a liaison or deputy role on a unit. A person holds one of the two per unit: asking for the
   * other moves them. A second primary liaison is refused ("taken") unless replace, which removes the old one.
   */
  assignUnitRole(
    input: Change & { person: Person; unitId: number; role: UnitRole; replace: boolean },
  ): Promise<AssignResult>;
  /** Removes a person's liaison/deputy roles (on one unit, or all). Returns what was removed. */
  revokeUnitRoles(input: Change & { openId: string; unitId?: number }): Promise<MemberRow[]>;
  grantPlanRole(input: Change & { person: Person; role: PlanRole }): Promise<"granted" | "unchanged">;
  revokePlanRole(input: Change & { openId: string; role: PlanRole }): Promise<"revoked" | "absent">;

  // Bind requests (/bind for a unit that already has a liaison).
  /** A new pending request, or the person's pending one for the same unit (created: false). */
  createBindRequest(
    input: Change & { person: Person; unitId: number; role: UnitRole; detail: Record<string, unknown> },
  ): Promise<{ request: BindRequestRow; created: boolean }>;
  getBindRequest(id: number): Promise<BindRequestRow | undefined>;
  /**
   * pending → approved|rejected exactly once; undefined when it was no longer pending (double click, or decided
   * by someone else). Approving applies the role in the same transaction (`apply`), so it happens once or not at all.
   */
  decideBindRequest(input: {
    id: number;
    state: "approved" | "rejected";
    by: string;
    byName?: string;
    now: Date;
    apply?: { role: UnitRole; replace: boolean };
  }): Promise<{ request: BindRequestRow; result: AssignResult | undefined } | undefined>;
  pendingBindRequests(planId: string, openId?: string): Promise<BindRequestRow[]>;
}

/** The audit log (audit_log): every mapping and role change; member-store writes it, /audit reads it. */
export interface AuditStore {
  record(entry: Omit<AuditEntry, "id">): Promise<void>;
  /** Latest first. subject filters one unit ("unit:12") or person ("person:ou_…"); unitId matches either way. */
  list(
    planId: string,
    opts: { unitId?: number; limit: number; offset: number },
  ): Promise<{ entries: AuditEntry[]; total: number }>;
}
