/**
 * The tick's own drain (Workers cron, `duban tick`, end-to-end tests): an outbox dispatcher that sends what is
 * due at the tick's `now` and then keeps going for a few seconds for what comes due meanwhile — the next
 * message to a chat held back by its 5-per-second limit, a buzz whose message was just sent, a 429's retry.
 * Its clock starts at the tick's `now` and runs with real time, so a tick at a past or pinned instant
 * (`duban tick --at`, a test's business clock) still sees rate-limited rows come due; a stopped clock would
 * leave them for the next tick, a minute later each. (On Node the dispatcher's own loop sends instead.)
 */
import { createOutboxDispatcher, type DispatcherOptions } from "../outbox/dispatcher";
import type { OutboxDrain } from "./ports";

/** How long a drain waits for rows coming due (ms), its whole budget (a Workers cron invocation), and a slice. */
const WAIT_MS = 5_000;
const BUDGET_MS = 50_000;
const SLICE_MS = 2_000;

export interface TickDrain extends OutboxDrain {
  /**
   * Ends the drain in progress within a slice (rows not sent go back to pending) and every later one: the
   * process is going down. Tests use it to stop a drain mid-way.
   */
  stop(): Promise<void>;
}

export function createTickDrain(options: Omit<DispatcherOptions, "clock">): TickDrain {
  let anchor = { at: Date.now(), real: Date.now() };
  let stopped = false;
  const dispatcher = createOutboxDispatcher({
    ...options,
    clock: { now: () => new Date(anchor.at + (Date.now() - anchor.real)) },
  });
  return {
    async drain({ now }) {
      anchor = { at: now.getTime(), real: Date.now() };
      const end = Date.now() + BUDGET_MS;
      const total = { sent: 0, failed: 0 };
      // In slices, so that a stop ends it soon: until a slice finds nothing to do, or the budget is spent.
      while (!stopped && Date.now() < end) {
        const s = await dispatcher.runUntilIdle({
          maxWaitMs: WAIT_MS,
          deadline: new Date(Math.min(end, Date.now() + SLICE_MS)),
        });
        total.sent += s.sent;
        total.failed += s.failed;
        if (s.claimed === 0) break;
      }
      return total;
    },
    async stop() {
      stopped = true;
      await dispatcher.stop();
    },
  };
}
