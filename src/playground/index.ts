import type { Hono } from "hono";
import { systemClock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import { playgroundRoutes } from "./routes";
import { createSession, SimClock } from "./session";
import { type StandIn, startStandIn } from "./stand-in/server";
import { GROUP, generatedIdentity, OFFICE, START, samplePeople } from "./world";

export interface Playground {
  /** The generated app (id, secret, verification token, encrypt key) the runtime is configured with. */
  identity: ReturnType<typeof generatedIdentity>;
  /** The office's open_id: an admin of the simulated bot. */
  officeOpenId: string;
  clock: SimClock;
  standIn: StandIn;
  /**
   * Mounts /playground on the app at once and seeds the work group on first start; the promise settles when it
   * is seeded (the service can listen meanwhile: the playground's pages wait for it).
   */
  attach(input: AttachInput): Promise<void>;
  close(): Promise<void>;
}

export interface AttachInput {
  app: Hono;
  /** Whether the database already holds the simulated work group (a restart), and how to empty it (reset). */
  isSeeded(chatId: string): Promise<boolean>;
  wipe(): Promise<void>;
  templates: Record<string, unknown>;
  logger: Logger;
  settle(): Promise<void>;
  tick(now: Date): Promise<unknown>;
  /** Loads the sample plan into an empty database. */
  loadSample(now: Date): Promise<unknown>;
}

/**
 * With no Feishu app configured, `npm start` serves a simulated work group instead of nothing: a stand-in for the
 * Open Platform runs in the process, and the bot is configured as an app of it. Everything else is the real bot.
 */
export async function preparePlayground(samplePlanPath: string): Promise<Playground> {
  const id = generatedIdentity();
  const standIn = await startStandIn(id);
  const clock = new SimClock();
  const people = samplePeople(samplePlanPath);
  return {
    identity: id,
    officeOpenId: OFFICE.openId,
    clock,
    standIn,
    attach(input) {
      // The pages answer once the seeding has ended, well or not (its failure is the caller's to report).
      let seedingEnded = () => {};
      const ready = new Promise<void>((resolve) => {
        seedingEnded = resolve;
      });
      const session = createSession({
        standIn,
        secrets: { verificationToken: id.verificationToken, encryptKey: id.encryptKey },
        clock,
        people,
        app: input.app,
        settle: input.settle,
        tick: input.tick,
      });
      input.app.route(
        "/playground",
        playgroundRoutes({
          session,
          standIn,
          people,
          now: clock.now,
          setClock: (to) => clock.set(to),
          tick: async () => {
            const result = await input.tick(clock.now());
            await input.settle();
            return result;
          },
          templates: input.templates,
          seeded: ready,
          async reset() {
            await input.wipe();
            session.clearMessages();
            clock.set(START);
            await input.loadSample(clock.now());
            await session.seedWorld();
            input.logger.info("playground reset");
          },
        }),
      );
      // Routes first: the app cannot take new ones once it has answered a request (the seeding's events).
      const started = systemClock.now().getTime();
      const seeding = (async () => {
        if (await input.isSeeded(GROUP.chatId)) session.seedStandIn();
        else await session.seedWorld();
        input.logger.info({ ms: systemClock.now().getTime() - started }, "playground ready");
      })();
      seeding.then(seedingEnded, seedingEnded);
      return seeding;
    },
    close: () => standIn.close(),
  };
}
