import { cardActions } from "./actions";
import { commands } from "./commands";
import type { BotDeps } from "./deps";
import type { BotHandler } from "./events";
import { listeners } from "./listeners";
import { createBot } from "./router";

/** The duban bot: every command, card action and listener, over the given ports. */
export function createDubanBot(deps: BotDeps): BotHandler {
  return createBot(deps, { commands, actions: cardActions, listeners });
}

export type { BotDeps } from "./deps";
