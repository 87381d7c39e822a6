/** What one tick did (or, in a dry run, would do): the counts `duban tick` prints and logs. */
import type { ScheduleAction, SkipReason } from "./domain/types";
import type { DrainResult } from "./ports";
import type { PlannedLine } from "./tick-describe";

export interface TickResult {
  at: string;
  dryRun: boolean;
  /** false: another instance held the lock; this tick did nothing. */
  ran: boolean;
  plans: number;
  /** Done (dry run: would be done); an open that failed is in errors, not in opened. */
  rounds: { created: number; rescheduled: number; opened: number; closed: number };
  /** Nudge decisions (units) and escalation messages planned; outbox rows actually new. */
  nudges: { planned: number; byStep: Record<string, number> };
  escalations: number;
  bulletins: number;
  /** Outbox rows this run added: nudges and escalations, round cards sent on opening, bulletin draft cards. */
  enqueued: number;
  enqueuedBy: { nudges: number; roundCards: number; bulletinCards: number };
  skipped: Record<SkipReason, number>;
  warnings: string[];
  errors: string[];
  drain?: DrainResult | { error: string };
  /** Dry run: what would be done, one line each. */
  planned?: PlannedLine[];
  ms: { plan: number; total: number };
}

export function emptyResult(now: Date, dryRun: boolean): TickResult {
  return {
    at: now.toISOString(),
    dryRun,
    ran: false,
    plans: 0,
    rounds: { created: 0, rescheduled: 0, opened: 0, closed: 0 },
    nudges: { planned: 0, byStep: {} },
    escalations: 0,
    bulletins: 0,
    enqueued: 0,
    enqueuedBy: { nudges: 0, roundCards: 0, bulletinCards: 0 },
    skipped: { stale: 0, before_open: 0, no_recipient: 0, round_not_opened: 0 },
    warnings: [],
    errors: [],
    ms: { plan: 0, total: 0 },
  };
}

/** Adds the planned actions to the result's counts. */
export function count(result: TickResult, actions: ScheduleAction[]): void {
  for (const a of actions) {
    switch (a.type) {
      case "create_round":
        result.rounds.created++;
        break;
      case "reschedule_round":
        result.rounds.rescheduled++;
        break;
      case "open_round":
        result.rounds.opened++;
        break;
      case "close_round":
        result.rounds.closed++;
        break;
      case "nudge":
      case "nudge_office": {
        const n = a.type === "nudge" ? 1 : a.units.length;
        result.nudges.planned += n;
        result.nudges.byStep[a.step] = (result.nudges.byStep[a.step] ?? 0) + n;
        break;
      }
      case "escalate":
        result.escalations++;
        break;
      case "draft_bulletin":
        result.bulletins++;
        break;
      case "skip":
        result.skipped[a.reason] += a.ledger.length;
        break;
    }
  }
}
