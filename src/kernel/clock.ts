/**
 * The time source, and the only module besides the entries (src/entry/) that reads the system clock
 * (test/kernel/clock-reads.test.ts keeps it so). Domain code takes `now` as an argument; services get it from a
 * Clock; rate limits and sleeps that are about real elapsed time read `elapsed`.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and runs with real time: `duban tick --at`, the tick's drain, a test's
 * business time. Everything reckoned from it (not_before, leases, retry delays) agrees with the tick's `now`
 * yet still moves, so a row held back for a second by a rate limit comes due a second later.
 */
export function runningFrom(start: Date): Clock {
  const anchor = { at: start.getTime(), real: Date.now() };
  return { now: () => new Date(anchor.at + (Date.now() - anchor.real)) };
}

/**
 * Real elapsed time in milliseconds (monotonic): rate-limit windows (Feishu counts real calls per second),
 * sleeps, deadlines and the durations a run reports. Never a business time.
 */
export const elapsed = { ms: (): number => performance.now() };
