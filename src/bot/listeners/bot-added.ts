import { onBotAdded } from "../../members/chat";
import type { ListenerDef } from "../registry";

/** The bot joins a group: store it, bind its plan, list members, send the mapping card to the office. */
export const botAddedListener: ListenerDef<"bot_added"> = {
  kind: "bot_added",
  name: "members.bot_added",
  run: (ctx, ev) => onBotAdded(ctx.deps, ev, ctx.now),
};
