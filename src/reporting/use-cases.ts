import type { EvidenceFile } from "../domain/evidence";
import type { RoundKind } from "../domain/rounds";
import type { ReportKind } from "../domain/states";
import type { UnitRef } from "../domain/units";
import type { CardActionResult, CardRef } from "../kernel/messages";
import type { PlannedSend } from "../outbox/ports";
import type { CardFreshness } from "./domain/card-age";
import type { EvidenceAnswer } from "./evidence";
import type { ReportView, RequestStatusRow, Round } from "./ports";

/**
 * What the rest of duban may ask of reporting (the bot, the scheduler, status): the use cases and their
 * answers. The data shapes and the store port they speak in are in ./ports.ts.
 */

/** What the office may say when opening a round by hand: its own due date (local), and time. */
export interface OpenRoundOptions {
  /** YYYY-MM-DD, local to the plan. */
  dueDay?: string;
  /** HH:MM; default: the plan's schedule dueTime (18:00). */
  dueTime?: string;
}

export interface OpenRoundResult {
  round: Round;
  /** False when the round existed already (nothing changed except cards for newly bound liaisons). */
  created: boolean;
  requests: { created: number; total: number };
  units: number;
  /** The units the round asks. */
  unitIds: number[];
  /** Overview cards newly queued. */
  cardsQueued: number;
  /** Notices to the office about units without a contact, newly queued. */
  noticesQueued: number;
  /** Units with no liaison or deputy: the office was told. */
  unitsWithoutContact: UnitRef[];
}

export type SubmitOutcome =
  | { kind: "invalid"; field: string; result: CardActionResult }
  | { kind: "confirm"; result: CardActionResult }
  | { kind: "stored" | "duplicate"; report: ReportView; result: CardActionResult };

/**
 * The collection use cases (src/reporting), as the bot, the scheduler and status use them.
 * Authorization is the caller's: look the request's unit up with requestUnit() and check the permission table.
 */
export interface CollectService {
  /**
   * Opens a round: creates it (or finds it: idempotent on plan × kind × period), one request per (unit, task)
   * — per unit for the summary kinds — and queues one overview card per liaison/deputy
   * (key `overview:<round>:<unit>:<openId>`), telling the office about units nobody can receive.
   * Times are the schedule's for the same round (round-times.ts: a working day, the plan's due day and time);
   * options.dueDay overrides the due date. Calling it again changes nothing, except that liaisons bound since
   * get their card. Throws Refusal (Chinese message) for a bad period or plan.
   */
  openRound(
    planId: string,
    kind: RoundKind,
    period: string,
    options: OpenRoundOptions | undefined,
    now: Date,
    actor: string,
  ): Promise<OpenRoundResult>;
  /** Sends overview cards of the plan's open rounds to contacts who have none yet (e.g. after /bind). */
  deliverOverviews(planId: string, now: Date, unitId?: number): Promise<number>;
  /**
   * The round a user names ("2022-06", "6月", "2022上半年", a filing round by its year); undefined when none is
   * stored. Throws Refusal when the period cannot be read.
   */
  findRound(planId: string, kind: RoundKind, period: string, now: Date): Promise<Round | undefined>;
  listRounds(planId: string): Promise<Round[]>;
  /** Which unit and plan a request belongs to (for the permission check), undefined if unknown. */
  requestUnit(requestId: number): Promise<{ planId: string; unitId: number; unitName: string } | undefined>;
  /** The unit of a round's overview card (for the permission check), undefined if it has no requests there. */
  roundUnit(
    roundId: number,
    unitId: number,
  ): Promise<{ planId: string; unitId: number; unitName: string } | undefined>;
  overviewCard(roundId: number, unitId: number, now: Date, page?: number): Promise<CardRef | undefined>;
  formCard(requestId: number, now: Date, page?: number): Promise<CardRef | undefined>;
  submit(input: {
    requestId: number;
    formValue: Record<string, unknown>;
    /** The revision the form was built on (0 for none): part of the idempotency key. */
    seenRevision: number;
    /** Set by the confirm button after a cumulative value went down. */
    confirmed: boolean;
    operator: string;
    now: Date;
  }): Promise<SubmitOutcome>;
  /**
   * 本月无新进展 or 同上月 for one task (requestId) or every task of the unit not yet reported: one revision each,
   * marked with its kind; answers with the overview in place.
   */
  shortcut(input: {
    roundId: number;
    unitId: number;
    requestId: number | undefined;
    kind: Exclude<ReportKind, "form">;
    operator: string;
    now: Date;
  }): Promise<CardActionResult>;
  /**
   * A file or photo a liaison sent to the bot (佐证材料): attached to the report it backs — the unit's report
   * submitted last when clearly meant, else the only one — as a new revision; or a card to pick the task.
   */
  receiveEvidence(input: {
    planId: string;
    unitIds: readonly number[];
    file: EvidenceFile;
    operator: string;
    now: Date;
  }): Promise<EvidenceAnswer>;
  /** The task picked on that card: the file attached to the request's latest report as a new revision. */
  attachEvidence(input: {
    requestId: number;
    file: EvidenceFile;
    operator: string;
    now: Date;
  }): Promise<EvidenceAnswer>;
  /** Reopens a round for one unit until `until`, and sends its contacts a fresh overview card. */
  reopen(
    roundId: number,
    unitId: number,
    until: Date,
    now: Date,
    actor: string,
  ): Promise<{ requests: number; cardsQueued: number }>;
  /**
   * Whether a click on this message may act: an overview card older than Feishu's 14 days, or one replaced by a
   * fresh card, may not. Messages we cannot place (replies, other cards) are current.
   */
  cardFreshness(messageId: string | undefined, now: Date): Promise<CardFreshness>;
  /** Sends a fresh overview card in place of every card of an open round about to pass Feishu's 14 days. */
  refreshAgingCards(now: Date): Promise<number>;
  /** What refreshAgingCards would send at `now`, read only (`duban tick --dry-run`). */
  previewAgingCards(now: Date): Promise<PlannedSend[]>;
  /** The lead units of a task (the lead view is theirs). */
  taskLeads(taskId: number): Promise<UnitRef[]>;
  leadViewCard(
    roundId: number,
    taskId: number,
    now: Date,
    page?: number,
    back?: { unitId: number; page: number },
  ): Promise<CardRef | undefined>;
  /** Request states for /status, /missing, bulletins and nudges. */
  requestStates(
    filter: { planId: string; roundId?: number; unitId?: number; taskId?: number },
    now: Date,
  ): Promise<RequestStatusRow[]>;
  findUnit(planId: string, text: string): Promise<UnitRef | undefined>;
  findTask(planId: string, code: string): Promise<{ id: number; code: string; text: string } | undefined>;
}
