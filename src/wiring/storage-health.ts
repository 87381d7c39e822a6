import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type Clock, elapsed } from "../kernel/clock";
import type { Logger } from "../kernel/logger";

export interface StorageStatus {
  ok: boolean;
  /** Consecutive failed write probes. */
  failures: number;
  lastOkAt: Date | undefined;
  lastError: string | undefined;
  /** True while the last successful write is younger than two probe periods: /healthz may answer from it. */
  fresh: boolean;
}

export interface StorageHealth {
  status(): StorageStatus;
  /** One write probe now; resolves true when the write committed within the probe timeout. */
  probe(): Promise<boolean>;
  start(): void;
  stop(): void;
}

export interface StorageHealthDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Probe period; with the timeout this bounds how soon /healthz turns 503 (3 s + 2 s < 10 s). */
  intervalMs?: number;
  probeTimeoutMs?: number;
  /**
   * Called once when the store is judged unrecoverable: the embedded database after `fatalAfter` failed probes
   * in a row (nothing outside the process will fix it while it runs), never Postgres (the server may return).
   */
  onFatal?: (reason: string, err: unknown) => void;
  fatalAfter?: number;
}

/**
 * Reads succeed on a read-only or full disk, so health is judged by a write: a one-row upsert that commits
 * (and so reaches the write-ahead log) every few seconds.
 */
export function createStorageHealth(deps: StorageHealthDeps): StorageHealth {
  const intervalMs = deps.intervalMs ?? 3_000;
  const probeTimeoutMs = deps.probeTimeoutMs ?? 2_000;
  const fatalAfter = deps.fatalAfter ?? 4;
  const state: Omit<StorageStatus, "fresh"> = {
    ok: true,
    failures: 0,
    lastOkAt: undefined,
    lastError: undefined,
  };
  // Monotonic, not the business clock: the playground and tests move that one by days.
  let lastOkMs = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<boolean> | undefined;
  let fatal = false;

  const write = () =>
    deps.database.query(
      sql`insert into scheduler_state (key, value, updated_at) values ('health.write_probe', '{}'::jsonb, ${deps.clock.now().toISOString()}::timestamptz)
          on conflict (key) do update set updated_at = excluded.updated_at`,
    );

  async function once(): Promise<boolean> {
    let t: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        write(),
        new Promise((_, reject) => {
          t = setTimeout(
            () => reject(new Error(`write probe took longer than ${probeTimeoutMs} ms`)),
            probeTimeoutMs,
          );
        }),
      ]);
      if (!state.ok) deps.logger.info({ after: state.failures }, "storage: writes succeed again");
      Object.assign(state, { ok: true, failures: 0, lastOkAt: deps.clock.now(), lastError: undefined });
      lastOkMs = elapsed.ms();
      return true;
    } catch (err) {
      state.ok = false;
      state.failures += 1;
      state.lastError = err instanceof Error ? err.message : String(err);
      deps.logger.error(
        { err, failures: state.failures, driver: deps.database.kind },
        "storage: write probe failed",
      );
      if (deps.database.kind === "pglite" && state.failures >= fatalAfter && !fatal && deps.onFatal) {
        fatal = true;
        deps.onFatal(
          `the embedded database has failed ${state.failures} writes in a row (read-only or full data directory?)`,
          err,
        );
      }
      return false;
    } finally {
      clearTimeout(t);
    }
  }

  return {
    status: () => ({ ...state, fresh: state.ok && elapsed.ms() - lastOkMs < 2 * intervalMs }),
    probe() {
      // One probe at a time: a hung write is not stacked on.
      running ??= once().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      timer ??= setInterval(() => void this.probe(), intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
