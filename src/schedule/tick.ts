/**
 * The scheduler's single idempotent tick(now): under the scheduler's lock, load a snapshot, plan (pure),
 * then act through ports — create/open/close rounds, enqueue nudges and escalations into the outbox with
 * deterministic keys, draft bulletins — remember each decision in the ledger, and drain the outbox.
 * A second tick, a second instance or a replayed cron adds nothing. dryRun plans the same and writes nothing.
 */
import type { CalendarData } from "../domain/calendar";
import { elapsed } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { Outbox, OutboxItem, PlannedSend } from "../outbox/ports";
import { planTick } from "./domain/planner";
import type { ScheduleAction } from "./domain/types";
import { itemsFor, openingItems } from "./messages";
import type { BulletinDrafter, OutboxDrain, RoundOpener, ScheduleStore } from "./ports";
import { describeAction, describeNewSends } from "./tick-describe";
import { count, emptyResult, type TickResult } from "./tick-result";

export interface TickDeps {
  store: ScheduleStore;
  outbox: Outbox;
  opener: RoundOpener;
  drafter: BulletinDrafter;
  /** The outbox dispatcher; absent: rows wait for whoever drains. */
  drain?: OutboxDrain;
  calendar: () => CalendarData;
  logger: Logger;
  /** Features' own reminders (the office's milestones …): each enqueues with its own keys, returns rows new. */
  steps?: ReadonlyArray<TickStep>;
}

export interface TickStep {
  name: string;
  /** Enqueues what the step sends at `now` (and records what it keeps beside); returns how many rows were new. */
  run(now: Date): Promise<number>;
  /** What run(now) would enqueue, read only: the dry run lists it (less what the outbox already holds). */
  preview(now: Date): Promise<PlannedSend[]>;
}

export interface TickOptions {
  dryRun?: boolean;
}

const ENQUEUE_BATCH = 500;

/** Does `work` for each of the tick's steps: a step that fails is recorded, and the others still run. */
async function eachStep(
  deps: TickDeps,
  result: TickResult,
  mode: string,
  work: (step: TickStep) => Promise<void>,
): Promise<void> {
  for (const step of deps.steps ?? []) {
    try {
      await work(step);
    } catch (err) {
      result.errors.push(`${step.name}: ${err instanceof Error ? err.message : String(err)}`);
      deps.logger.error({ err }, `tick: ${step.name} failed${mode}`);
    }
  }
}

export async function tick(deps: TickDeps, now: Date, opts: TickOptions = {}): Promise<TickResult> {
  const started = elapsed.ms();
  const dryRun = opts.dryRun ?? false;
  const result = emptyResult(now, dryRun);
  const run = async () => {
    const snapshot = await deps.store.loadSnapshot(now);
    const plan = planTick(snapshot, now, deps.calendar());
    result.ms.plan = round2(elapsed.ms() - started);
    result.ran = true;
    result.plans = snapshot.plans.length;
    result.warnings = plan.warnings;
    count(result, plan.actions);
    if (dryRun) {
      result.planned = plan.actions.map(describeAction);
      const planned = result.planned;
      await eachStep(deps, result, " (dry run)", async (step) => {
        planned.push(...(await describeNewSends(deps.outbox, await step.preview(now), now)));
      });
      return;
    }
    await execute(deps, now, plan.actions, result);
    const by = result.enqueuedBy;
    result.enqueued = by.nudges + by.roundCards + by.bulletinCards;
    await eachStep(deps, result, "", async (step) => {
      result.enqueued += await step.run(now);
    });
    if (deps.drain) {
      try {
        result.drain = await deps.drain.drain({ now });
      } catch (err) {
        result.drain = { error: String(err) };
        deps.logger.error({ err }, "tick: outbox drain failed; the next tick resumes it");
      }
    }
  };
  if (dryRun) await run();
  else {
    const locked = await deps.store.withLock(run);
    if (!locked.locked)
      deps.logger.debug({ at: result.at }, "tick: another instance holds the schedule lock");
  }
  for (const w of result.warnings) deps.logger.warn({ at: result.at }, w);
  result.ms.total = round2(elapsed.ms() - started);
  return result;
}

async function execute(
  deps: TickDeps,
  now: Date,
  actions: ScheduleAction[],
  result: TickResult,
): Promise<void> {
  const { store, logger } = deps;
  const fail = (what: string, err: unknown) => {
    const message = `${what}: ${err instanceof Error ? err.message : String(err)}`;
    result.errors.push(message);
    logger.error({ err }, `tick: ${what} failed`);
  };

  // 1. Rounds: create, reschedule, close, open (opening needs the ids of rounds created just now).
  const creates = actions.flatMap((a) => (a.type === "create_round" ? [a.spec] : []));
  let ids = new Map<string, number>();
  try {
    ids = await store.createRounds(creates, now);
    const moves = actions.flatMap((a) => (a.type === "reschedule_round" ? [a] : []));
    if (moves.length > 0) await store.rescheduleRounds(moves);
    const closes = actions.flatMap((a) => (a.type === "close_round" ? [a] : []));
    if (closes.length > 0) {
      await store.closeRounds(
        closes.map((c) => c.roundId),
        now,
      );
      for (const c of closes.filter((x) => !x.opened))
        logger.warn(
          { plan: c.planId, round: c.title },
          "tick: round closed without ever opening (downtime?)",
        );
    }
  } catch (err) {
    fail("rounds", err);
  }
  for (const a of actions) {
    if (a.type !== "open_round") continue;
    const roundId = a.roundId ?? ids.get(`${a.planId}|${a.kind}:${a.period}`);
    if (roundId === undefined) {
      result.rounds.opened--;
      fail(`open ${a.title}`, new Error("round row not found"));
      continue;
    }
    try {
      const opened = await deps.opener.openRound({ ...a, roundId, now });
      result.enqueuedBy.roundCards += opened.cards;
      // Each work group is told once, naming the liaisons of the units asked (not one card per unit).
      const notices = openingItems(a, roundId, new Set(opened.unitIds ?? []), a.timezone);
      if (notices.length > 0) result.enqueuedBy.roundCards += await deps.outbox.enqueue(notices);
      await store.markOpened(roundId, now);
      logger.info({ plan: a.planId, round: a.title, ...opened }, "tick: round opened");
    } catch (err) {
      result.rounds.opened--;
      fail(`open ${a.title}`, err);
    }
  }

  // 2. Messages: enqueue (idempotent by key), then remember the decisions.
  const sends = actions.filter(
    (a) => a.type === "nudge" || a.type === "nudge_office" || a.type === "escalate" || a.type === "digest",
  );
  for (let i = 0; i < sends.length; i += ENQUEUE_BATCH) {
    const batch = sends.slice(i, i + ENQUEUE_BATCH);
    try {
      const items: OutboxItem[] = batch.flatMap(itemsFor);
      result.enqueuedBy.nudges += await deps.outbox.enqueue(items);
      await store.record(
        batch.flatMap((a) => ("ledger" in a ? a.ledger : [])),
        [],
        now,
      );
    } catch (err) {
      fail("enqueue", err);
    }
  }

  // 3. Skips: remembered and audited once, never sent late.
  const skips = actions.flatMap((a) => (a.type === "skip" ? [a] : []));
  if (skips.length > 0) {
    try {
      await store.record(
        skips.flatMap((s) => s.ledger),
        skips.map((s) => ({
          planId: s.planId,
          action: `schedule.skipped.${s.reason}`,
          subject: s.key,
          detail: { what: s.what, dueAt: s.at.toISOString(), units: s.ledger.length },
        })),
        now,
      );
      for (const s of skips)
        logger.warn(
          { plan: s.planId, reason: s.reason, key: s.key, at: s.at.toISOString() },
          `tick: skipped ${s.what}`,
        );
    } catch (err) {
      fail("record skips", err);
    }
  }

  // 4. Bulletin drafts.
  for (const a of actions) {
    if (a.type !== "draft_bulletin") continue;
    try {
      const { bulletinId, cards } = await deps.drafter.draftBulletin({
        planId: a.planId,
        kind: a.kind,
        period: a.period,
        title: a.title,
        roundIds: a.roundIds,
        now,
        outboxKey: a.key,
        office: a.office,
      });
      result.enqueuedBy.bulletinCards += cards ?? 0;
      await store.record(a.ledger, [], now);
      logger.info({ plan: a.planId, bulletin: bulletinId, title: a.title }, "tick: bulletin drafted");
    } catch (err) {
      result.bulletins--;
      fail(`draft ${a.title}`, err);
    }
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
