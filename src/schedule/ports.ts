/**
 * Ports of the schedule engine. The tick (src/schedule/tick.ts) plans from a snapshot and acts
 * through these; the integrator plugs the real implementations in src/wiring/scheduler.ts.
 *
 *   ScheduleStore     src/db/store/schedule-store.ts: snapshot, rounds' rows, ledger, lock
 *   Outbox            src/outbox: enqueue with deterministic keys
 *   RoundOpener  src/reporting: create a round's report requests and queue each unit's overview card
 *   BulletinDrafter   src/schedule/bulletin-drafter.ts: draft a bulletin for the office
 *   OutboxDrain       outbox dispatcher: send what is due now
 */
import type {
  BulletinKind,
  LedgerMark,
  OfficeTarget,
  RoundRef,
  RoundSpec,
  ScheduleSnapshot,
} from "./domain/types";

export interface ScheduleStore {
  /** Everything the planner reads, in a few set-based queries. */
  loadSnapshot(now: Date): Promise<ScheduleSnapshot>;
  /** Inserts the rounds (state scheduled) that do not exist yet; returns the ids of all by `kind:period` per plan. */
  createRounds(specs: RoundSpec[], now: Date): Promise<Map<string, number>>;
  /** Moves the times of rounds still scheduled (the plan or its settings changed). */
  rescheduleRounds(updates: Array<{ roundId: number; spec: RoundSpec }>): Promise<void>;
  /** scheduled → open, unless someone else opened it already; true when this call did. */
  markOpened(roundId: number, now: Date): Promise<boolean>;
  /** → closed. */
  closeRounds(roundIds: number[], now: Date): Promise<number>;
  /** Remembers decisions (sent, skipped …); skipped ones also go to audit_log with `what`. */
  record(
    marks: LedgerMark[],
    audits: Array<{ planId: string; action: string; subject: string; detail: Record<string, unknown> }>,
    now: Date,
  ): Promise<void>;
  /**
   * Runs `fn` while holding the scheduler's lock (pg_try_advisory_lock on its own session; in-process too
   * for PGlite's single session). Another instance holding it: returns { locked: false } at once.
   */
  withLock<T>(fn: () => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }>;
}

/** What opening a round needs to know. */
export type OpenRoundInput = Pick<RoundRef, "roundId" | "planId" | "kind" | "period" | "title" | "dueAt"> & {
  now: Date;
};

/**
 * 开启报送轮次. Must be idempotent: called again for the same round (after a crash, or by
 * `/round open`), it creates only the report requests that are missing (one per unit × task for monthly
 * rounds; one per unit with task_id null for filing / half_year / annual) and enqueues each unit's overview
 * card with a deterministic outbox key. It need not change rounds.state: the tick marks the round open
 * after it returns (a conditional update, so both may do it).
 */
export interface RoundOpener {
  /**
   * `cards`: outbox rows this call added (overview cards, and the office's notice of units without a contact);
   * `unitIds`: the units the round asks (the work groups' opening notice names their liaisons).
   */
  openRound(input: OpenRoundInput): Promise<{ requests: number; cards: number; unitIds?: number[] }>;
}

export interface DraftBulletinInput {
  planId: string;
  kind: BulletinKind;
  /** month "2022-06", quarter "2022-Q2", half "2022-H1", year "2022". */
  period: string;
  title: string;
  /** The rounds the bulletin summarises. */
  roundIds: number[];
  now: Date;
  /** Key for anything it enqueues (e.g. the draft card to the office chat; `<key>:<tag>` per office member). */
  outboxKey: string;
  /** Where to send the draft card: the office chat, else each office member; null: nobody (draft only). */
  office: OfficeTarget | null;
}

/**
 * 通报草稿: writes a draft (bulletins.state = draft, created_by 'schedule') and tells the office.
 * Must be idempotent on (planId, kind, period): return the existing one (src/schedule/bulletin-drafter.ts).
 */
export interface BulletinDrafter {
  /** `cards`: the draft cards this call added to the outbox (0 when the draft was announced before). */
  draftBulletin(input: DraftBulletinInput): Promise<{ bulletinId: number | string; cards?: number }>;
}

export interface DrainResult {
  sent: number;
  failed: number;
  /** Rows still pending (retry later, rate limit, notBefore in the future). */
  pending?: number;
}

/**
 * The outbox dispatcher's entry point: sends the rows due at `now` under the rate limits and returns.
 * The tick calls it while holding the scheduler's lock, after enqueueing, so two instances never drain at
 * once. A crash mid-drain loses nothing (rows stay pending/sending) and repeats nothing (Feishu's uuid = key).
 */
export interface OutboxDrain {
  drain(input: { now: Date }): Promise<DrainResult>;
}
