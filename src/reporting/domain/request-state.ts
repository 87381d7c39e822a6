import { type RequestState, requestState as statusRequestState } from "../../domain/states";

/**
 * The state of a report request (报送要求) and the lateness of a submission. The state follows the status
 * side's rule (src/domain/states.ts requestState), so a card and /status always agree.
 *
 * A request's deadlines are its round's, extended when the office reopens it for the unit
 * (reopened_until later than them): effective due = max(due, reopened_until), effective close likewise.
 *
 * A revision is late when it arrives after the effective due date and either it is the first one, or the
 * revision it replaces was late, or the round has closed. So an on-time report may be corrected until the
 * round closes without becoming late; a first report after the due date is late (迟报); anything after the
 * close is late.
 *
 * State (what cards, /status and /missing show):
 *   no revision:  待报送 (pending) until the effective due date, then 逾期 (overdue)
 *   a revision:   已报送 (reported), or 迟报 (late) when the FIRST revision was late: a unit that reported on
 *                 time stays on time whatever it corrects later (a correction after the close is itself
 *                 recorded late, and its toast says so).
 * Set-based queries compute it from the first revision's reports.late and the round's due_at.
 */
export interface Deadlines {
  dueAt: Date;
  closesAt: Date;
  reopenedUntil: Date | null;
}

export function effectiveDeadlines(d: Deadlines): { dueAt: Date; closesAt: Date } {
  const r = d.reopenedUntil?.getTime() ?? Number.NEGATIVE_INFINITY;
  return {
    dueAt: new Date(Math.max(d.dueAt.getTime(), r)),
    closesAt: new Date(Math.max(d.closesAt.getTime(), r)),
  };
}

export function isLateSubmission(
  d: Deadlines,
  previous: { late: boolean } | null,
  submittedAt: Date,
): boolean {
  const eff = effectiveDeadlines(d);
  const t = submittedAt.getTime();
  if (t <= eff.dueAt.getTime()) return false;
  if (t > eff.closesAt.getTime()) return true;
  return previous === null || previous.late;
}

/** `first`: the request's first revision (null: none yet). */
export function requestState(d: Deadlines, first: { late: boolean } | null, now: Date): RequestState {
  return statusRequestState({
    reported: first !== null,
    firstLate: first?.late ?? false,
    dueAt: effectiveDeadlines(d).dueAt,
    now,
  });
}

/** Whether a submission now would be after the (effective) close: cards warn before the liaison fills. */
export function isClosed(d: Deadlines, now: Date): boolean {
  return now.getTime() > effectiveDeadlines(d).closesAt.getTime();
}
